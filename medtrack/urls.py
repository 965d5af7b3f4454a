from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from injections.web.throttling import SignInForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("injections.web.urls")),
]
