"""The URLs `make bench` serves (DJANGO_ROOT_URLCONF=benchmarks.urls; never production's):
the app's own, behind the same middleware as two bare views that every page is measured
against. `bare` is open to anyone; `bare-signed-in` passes the sign-in check, which
reads the session and its user, as every signed-in page does."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bare_signed_in(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare-signed-in/", bare_signed_in, name="bench-bare-signed-in"),
    path("", include("medtrack.urls")),
]
