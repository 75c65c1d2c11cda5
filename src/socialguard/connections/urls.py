"""URLs of the connections page (connect and revoke brand accounts for publishing)."""

from django.urls import path

from . import views

app_name = "connections"
urlpatterns = [
    path("", views.connections, name="list"),
    path("connect/", views.connect, name="connect"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
