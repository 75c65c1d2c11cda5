"""URLs of the training pages."""

from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:scenario_id>/", views.question, name="question"),
]
