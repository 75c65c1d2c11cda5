"""URLs of the policy pages."""

from django.urls import path

from . import views

app_name = "policy_pages"
urlpatterns = [
    path("", views.document, name="document"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:number>/", views.document, name="version"),
    path("versions/<int:number>/changes/", views.changes, name="changes"),
    path("versions/<int:number>/pdf/", views.pdf, name="pdf"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("acknowledgements/", views.coverage, name="coverage"),
    path("acknowledgements/remind/", views.remind, name="remind"),
]
