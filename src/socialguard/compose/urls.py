"""URLs of the compose pages."""

from django.urls import path

from . import views

app_name = "compose"
urlpatterns = [
    path("", views.new, name="new"),
    path("check/", views.check, name="check"),
    path("<int:pk>/", views.edit, name="edit"),
]
