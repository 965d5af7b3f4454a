from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from injections.web.views.account import SignInView

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("injections.web.urls")),
]
