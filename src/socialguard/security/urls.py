"""URLs of the security pages (registry, audit, password check, incidents)."""

from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("accounts/", views.registry, name="registry"),
    path("accounts/new/", views.account_edit, name="account_new"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/delete/", views.account_delete, name="account_delete"),
    path("accounts/import/", views.registry_import, name="registry_import"),
    path("accounts/import-policy/", views.registry_import_policy, name="registry_import_policy"),
    path("accounts/export.csv", views.registry_export, name="registry_export"),
    path("audit/", views.audit_page, name="audit"),
    path("password/", views.password_page, name="password"),
    path("api/password/", views.password_api, name="password_api"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/start/", views.incident_start, name="incident_start"),
    path("incidents/<int:pk>/", views.incident, name="incident"),
    path("incidents/<int:pk>/step/", views.incident_step, name="incident_step"),
    path("incidents/<int:pk>/personal-data/", views.incident_personal_data, name="incident_personal_data"),
    path("incidents/<int:pk>/close/", views.incident_close, name="incident_close"),
    path("incidents/<int:pk>/report.<str:fmt>", views.incident_report, name="incident_report"),
]
