"""URLs of the sign-in pages."""

from django.urls import path

from . import views

app_name = "signin"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("logout/", views.logout, name="logout"),
]
