"""URLs of the audit archive pages."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("export/", views.download, name="export"),
]
