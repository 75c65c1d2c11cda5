"""An API token acts with its owner's current role in the token's organisation, never the role it was made
with: what it may do is its scopes intersected with that role's permissions, and a person whose role now
needs two-factor sign-in cannot use tokens until they have set up a device (as the web holds them at set-up).
"""

from __future__ import annotations

import pytest
from api_support import call
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.urls import reverse
from web_support import OK_TEXT, REVIEW_TEXT, sign_in

from socialguard.api.tokens import make_token
from socialguard.orgs.policies import save_policy
from socialguard.workflow import actions

pytestmark = pytest.mark.django_db

SECOND_FACTOR_MISSING = ("your role requires two-factor sign-in and you have not set up an authenticator app: "
                         "sign in on the web and set it up, then use API tokens")


def pending(fixture, role="comms_lead"):
    post = actions.create_draft(fixture.membership(role), text=REVIEW_TEXT, account_kind="personal",
                                account_handle="", platform="linkedin")
    actions.submit(post, fixture.users[role])
    post.refresh_from_db()
    return post


def change_role(admin_client, membership, role):
    response = admin_client.post(reverse("orgs:change_role", args=[membership.pk]), {"role": role})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == role


@pytest.fixture
def admin_client(acme, client):
    sign_in(client, acme.users["admin"])
    return client


@pytest.fixture
def api(db):
    from django.test import Client

    return Client()


def test_an_employee_promoted_to_approver_without_a_device_cannot_use_their_token(acme, admin_client, api):
    employee = acme.membership("employee")
    token = make_token(employee, "script", ["approvals", "check"])[1]
    assert call(api, "get", "/api/approvals", token).status_code == 403  # an employee does not approve
    post = pending(acme)
    change_role(admin_client, employee, "approver")
    for method, path, body in [("get", "/api/approvals", None),
                               ("post", f"/api/approvals/{post.pk}", {"decision": "approve"}),
                               ("post", "/api/check", {"text": OK_TEXT})]:
        response = call(api, method, path, token, body)
        assert (response.status_code, response.json()) == (403, {"error": SECOND_FACTOR_MISSING}), path
    post.refresh_from_db()
    assert post.state == "pending"


def test_once_the_device_is_set_up_the_token_works_with_the_new_role(acme, admin_client, api):
    employee = acme.membership("employee")
    token = make_token(employee, "script", ["approvals"])[1]
    post = pending(acme)
    change_role(admin_client, employee, "approver")
    assert call(api, "get", "/api/approvals", token).status_code == 403
    TOTPDevice.objects.create(user=employee.user, name="phone", confirmed=True)
    assert [p["id"] for p in call(api, "get", "/api/approvals", token).json()] == [post.pk]
    assert call(api, "post", f"/api/approvals/{post.pk}", token, {"decision": "approve"}).json()["state"] == "approved"


def test_an_unconfirmed_device_is_not_enough(acme, admin_client, api):
    employee = acme.membership("employee")
    token = make_token(employee, "script", ["approvals"])[1]
    change_role(admin_client, employee, "approver")
    TOTPDevice.objects.create(user=employee.user, name="phone", confirmed=False)
    assert call(api, "get", "/api/approvals", token).json() == {"error": SECOND_FACTOR_MISSING}


def test_an_approver_demoted_to_employee_loses_approvals_at_once(acme, admin_client, api):
    approver = acme.membership("approver")
    TOTPDevice.objects.create(user=approver.user, name="phone", confirmed=True)
    token = make_token(approver, "script", ["approvals", "check"])[1]
    post = pending(acme)
    assert call(api, "get", "/api/approvals", token).status_code == 200
    change_role(admin_client, approver, "employee")
    for method, path, body in [("get", "/api/approvals", None),
                               ("post", f"/api/approvals/{post.pk}", {"decision": "approve"})]:
        response = call(api, method, path, token, body)
        assert response.status_code == 403
        assert response.json() == {"error": "your role (employee) does not have the 'approve' permission"}
    assert call(api, "post", "/api/check", token, {"text": OK_TEXT}).status_code == 200  # check: still allowed
    post.refresh_from_db()
    assert post.state == "pending"


def test_a_member_removed_from_the_organisation_loses_the_token(acme, api):
    approver = acme.membership("approver")
    TOTPDevice.objects.create(user=approver.user, name="phone", confirmed=True)
    token = make_token(approver, "script", ["approvals"])[1]
    assert call(api, "get", "/api/approvals", token).status_code == 200
    approver.delete()
    response = call(api, "get", "/api/approvals", token)
    assert response.status_code == 401 and "valid API token" in response.json()["error"]


def test_a_deactivated_user_loses_the_token(acme, api):
    employee = acme.membership("employee")
    token = make_token(employee, "script", ["check"])[1]
    employee.user.is_active = False
    employee.user.save()
    assert call(api, "post", "/api/check", token, {"text": OK_TEXT}).status_code == 401


def test_a_policy_requiring_two_factor_for_everyone_stops_tokens_without_a_device(acme, api):
    token = make_token(acme.membership("employee"), "script", ["check"])[1]
    assert call(api, "post", "/api/check", token, {"text": OK_TEXT}).status_code == 200
    current = acme.org.current_policy_version().yaml
    save_policy(acme.org, current + "security:\n  require_2fa_for_socialguard_users: all\n", None)
    assert call(api, "post", "/api/check", token, {"text": OK_TEXT}).json() == {"error": SECOND_FACTOR_MISSING}


def test_a_token_for_one_organisation_never_uses_a_role_from_another(acme, globex, api):
    """Approver in globex (with a device) but employee in acme: the acme token has no approve permission."""
    from socialguard.orgs.services import add_member

    user = acme.users["employee"]
    add_member(globex.org, user, "approver")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token = make_token(acme.membership("employee"), "script", ["approvals"])[1]
    pending(acme)
    response = call(api, "get", "/api/approvals", token)
    assert response.json() == {"error": "your role (employee) does not have the 'approve' permission"}
