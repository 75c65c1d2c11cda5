"""URLs of the organisation pages."""

from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("members/<int:pk>/role/", views.change_role, name="change_role"),
    path("members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("teams/<int:pk>/members/", views.team_membership, name="team_membership"),
    path("settings/", views.settings_page, name="settings"),
    path("switch/", views.switch, name="switch"),
]
