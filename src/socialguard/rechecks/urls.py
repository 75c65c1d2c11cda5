"""URLs of the re-check pages."""

from django.urls import path

from . import views

app_name = "rechecks"
urlpatterns = [
    path("", views.rechecks, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]
