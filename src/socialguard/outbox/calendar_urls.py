"""URLs of the queue and calendar pages."""

from django.urls import path

from . import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.week, name="week"),
    path("month/", calendar_views.month, name="month"),
    path("list/", calendar_views.queue, name="list"),
    path("posts/<int:pk>/reschedule/", calendar_views.reschedule, name="reschedule"),
    path("deliveries/<int:pk>/retry/", calendar_views.retry, name="retry"),
]
