"""URLs of the outbox's action on the post page (the calendar's are in `calendar_urls`)."""

from django.urls import path

from . import views

app_name = "outbox"
urlpatterns = [
    path("posts/<int:pk>/delete/", views.delete, name="delete"),
]
