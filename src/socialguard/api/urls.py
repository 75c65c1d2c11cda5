"""URLs of the API tokens page (the API itself is `site.api.urls`, mounted at /api/)."""

from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
