"""The permission matrix: every URL pattern and every API operation, tried by every role, by people who belong to
two organisations with different roles (acting in each), by a signed-in person of no organisation and by a
signed-out visitor. The expected answer is the documented role table (docs/web.md); a URL or API operation
without an entry here fails the completeness tests, so a new view cannot go untested.

Each probe runs inside a transaction that is rolled back, so what one attacker changes never decides what the
next one sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Callable

import pytest
from attack_support import (ANONYMOUS, DOCUMENTED, OUTSIDER, UNVERIFIED, Side, Subject, build_world, client_for, failed,
                            may, subjects)
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from web_support import OK_TEXT, ROLES

from socialguard.connections.models import Connection
from socialguard.inbox.models import CrisisIncident
from socialguard.orgs.models import Invitation, Membership, Organisation
from socialguard.orgs import roles

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # no sign-in needed: sign-in pages, language switch, an outside approver's signed link
WEBHOOK_TOKEN = "webhook token"  # the inbox webhook: only its own bearer token or signature counts
RESCHEDULED = dt.datetime(2031, 1, 2, 9, 0, tzinfo=dt.timezone.utc)  # 10:00 in Warsaw, the probes' new time
# inbox-only permissions, from the roles alone (nobody here has teams; docs/inbox.md): any of the listed ones
SEE_CRISES = (roles.ANSWER_MENTIONS, roles.VIEW_SECURITY)  # crisis incidents
RUN_CRISIS = (roles.MANAGE_INBOX, roles.RUN_INCIDENTS)  # start one, tick its checklist, pause scheduled posts


def own_draft(side: Side, user: Any):
    from socialguard.workflow import actions

    return actions.create_draft(user.memberships.get(org=side.org), text=OK_TEXT, account_kind="personal",
                                account_handle="", platform="x")


def own_approved(side: Side, user: Any):
    from socialguard.workflow import actions

    post = own_draft(side, user)
    actions.submit(post, user)
    return post


def own_failed_delivery(side: Side, user: Any):
    """A failed delivery of the attacker's own approved post on the side's connected brand account."""
    from socialguard.workflow import actions

    post = actions.create_draft(user.memberships.get(org=side.org), text=OK_TEXT, account_kind="brand",
                                account_handle=side.connection.account_handle,
                                platform=side.connection.account_platform)
    actions.submit(post, user)
    return failed(post.deliveries.get())


def image_of(post) -> int:
    """The id of a small image attached to `post`."""
    from socialguard.workflow.media import Attachment, attach, store_upload

    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00" \
          b"\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    attach(post, [Attachment(alt="A dot", credit="Own", stored=store_upload(BytesIO(gif), "dot.gif", len(gif)))])
    return post.media.get().pk


def sent_delivery(side: Side, post=None):
    """A sent delivery of `post` (the side's approved post) through a revoked copy of the side's webhook
    connection: deleting it stops at the credential, before any network."""
    from django.utils import timezone

    from socialguard.outbox.models import Delivery

    now = timezone.now()
    connection = Connection.objects.create(
        org=side.org, account_platform="x", account_handle="@acme", network="webhook",
        service=side.connection.service, handle=side.connection.handle, connected_at=now, revoked_at=now)
    return Delivery.objects.create(org=side.org, post=post or side.approved, connection=connection, state="sent",
                                   due_at=now, next_attempt_at=now, text_sha256="0" * 64, remote_id="1")


def own_blocked(side: Side, user: Any):
    from web_support import BLOCK_TEXT

    from socialguard.workflow import actions

    post = actions.create_draft(user.memberships.get(org=side.org), text=BLOCK_TEXT, account_kind="personal",
                                account_handle="", platform="x")
    actions.submit(post, user)
    return post


def own_expired(side: Side, user: Any):
    import datetime as dt

    from django.utils import timezone

    from socialguard.workflow import actions

    post = actions.create_draft(user.memberships.get(org=side.org), text=OK_TEXT, account_kind="personal",
                                account_handle="", platform="x", scheduled_at=timezone.now() - dt.timedelta(hours=1))
    actions.expire_overdue()
    return post


def exception_answered(side: Side) -> bool:
    side.exception_request.refresh_from_db()
    return side.exception_request.answer != "open"


def step_removed(side: Side) -> bool:
    from socialguard.workflow.models import WorkflowStep

    return not WorkflowStep.objects.filter(pk=side.spare_step.pk, active=True).exists()


def own_reply(side: Side, user: Any):
    from socialguard.inbox import actions

    return actions.reply(side.mention, user.memberships.get(org=side.org), OK_TEXT)


def own_api_token(side: Side, user: Any):
    from socialguard.api.tokens import make_token

    return make_token(user.memberships.get(org=side.org), "mine", ["check"])[0]


@dataclass(frozen=True)
class Probe:
    """One request: the documented permission it needs, and which answers mean "let in"."""

    name: str
    permission: str
    method: str = "get"
    args: Callable[[Side, Any], list] = lambda side, user: []
    data: Callable[[Side, Any], dict] = lambda side, user: {}
    ok: tuple[int, ...] = (200,)
    own: bool = False  # the probe needs an object of the attacker's own (a signed-in member only)
    done: Callable[[Side], bool] | None = None  # for actions that refuse with a message: did it happen?

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name} ({self.permission})"


def post(name, permission, args=lambda s, u: [], data=lambda s, u: {}, ok=(302,), own=False, done=None) -> Probe:
    return Probe(name, permission, "post", args, data, ok, own, done)


def moved(side: Side) -> bool:
    side.approved.refresh_from_db()
    return side.approved.scheduled_at == RESCHEDULED


def retried(side: Side) -> bool:
    side.failed_delivery.refresh_from_db()
    return side.failed_delivery.state == "scheduled"


def published(side: Side) -> bool:
    side.approved.refresh_from_db()
    return side.approved.state == "published"


PAGES = [
    Probe("home", roles.COMPOSE),
    Probe("preferences", roles.COMPOSE),
    post("set_language", PUBLIC, data=lambda s, u: {"language": "pl"}),
    Probe("signin:login", PUBLIC, ok=(200, 302)),
    Probe("signin:verify", PUBLIC, ok=(200, 302)),
    Probe("signin:setup", PUBLIC, ok=(200, 302)),
    post("signin:logout", PUBLIC),
    # new recovery codes: any member; 302 to the set-up or code page without a device or a verified session
    post("signin:recovery_codes", roles.COMPOSE, ok=(200, 302)),
    Probe("compose:new", roles.COMPOSE),
    post("compose:check", roles.COMPOSE, data=lambda s, u: {"text": OK_TEXT, "account": "personal", "platform": "x"},
         ok=(200,)),
    Probe("compose:edit", roles.COMPOSE, args=lambda s, u: [own_draft(s, u).pk], own=True),
    Probe("workflow:mine", roles.COMPOSE),
    Probe("workflow:queue", roles.VIEW_QUEUE, args=lambda s, u: ["waiting"]),
    Probe("workflow:queue", roles.VIEW_QUEUE, args=lambda s, u: ["pending"]),
    Probe("workflow:queue", roles.VIEW_QUEUE, args=lambda s, u: ["rejected"]),
    Probe("workflow:queue", roles.VIEW_QUEUE, args=lambda s, u: ["expired"]),
    Probe("workflow:detail", roles.VIEW_QUEUE, args=lambda s, u: [s.pending.pk]),
    Probe("workflow:detail", roles.COMPOSE, args=lambda s, u: [own_draft(s, u).pk], own=True),
    post("workflow:submit", roles.COMPOSE, args=lambda s, u: [own_draft(s, u).pk], own=True),
    Probe("workflow:media", roles.VIEW_QUEUE, args=lambda s, u: [image_of(s.pending)]),
    Probe("workflow:media", roles.COMPOSE, args=lambda s, u: [image_of(own_draft(s, u))], own=True),
    post("workflow:decide", roles.APPROVE, args=lambda s, u: [s.pending.pk, "approve"]),
    post("workflow:publish", roles.PUBLISH, args=lambda s, u: [s.approved.pk], done=published),
    post("workflow:publish", roles.COMPOSE, args=lambda s, u: [own_approved(s, u).pk], own=True),
    post("outbox:delete", roles.PUBLISH, args=lambda s, u: [sent_delivery(s).post_id]),
    post("outbox:delete", roles.COMPOSE, args=lambda s, u: [sent_delivery(s, own_approved(s, u)).post_id], own=True),
    post("workflow:exception", roles.GRANT_EXCEPTION, args=lambda s, u: [s.pending.pk],
         data=lambda s, u: {"rule": "pii-contact", "reason": "Public support address."}),
    post("workflow:bulk_approve", roles.APPROVE, data=lambda s, u: {"post": [s.pending.pk]}, ok=(200,)),
    post("workflow:bulk_approve", roles.APPROVE, data=lambda s, u: {"post": [s.pending.pk], "confirm": "yes"},
         ok=(200,)),
    post("workflow:ask_exception", roles.COMPOSE, args=lambda s, u: [own_blocked(s, u).pk], own=True,
         data=lambda s, u: {"rule": "pii-ids", "reason": "A published test number."}),
    Probe("workflow:exception_requests", roles.GRANT_EXCEPTION),
    post("workflow:answer_exception", roles.GRANT_EXCEPTION, args=lambda s, u: [s.exception_request.pk],
         data=lambda s, u: {"answer": "refuse", "note": "Use [PESEL] instead."}, done=exception_answered),
    post("workflow:copy", roles.COMPOSE, args=lambda s, u: [own_expired(s, u).pk], own=True),
    post("workflow:invite", roles.INVITE_OUTSIDE, args=lambda s, u: [s.pending.pk],
         data=lambda s, u: {"email": "reviewer@partner.example"}),
    Probe("workflow:outside", PUBLIC, args=lambda s, u: [s.outside_token]),
    Probe("workflow:workflows", roles.MANAGE_WORKFLOWS),
    post("workflow:add_step", roles.MANAGE_WORKFLOWS, args=lambda s, u: [s.workflow.pk],
         data=lambda s, u: {"name": "Legal", "role": "compliance", "sign_off": "any"}),
    Probe("workflow:edit_step", roles.MANAGE_WORKFLOWS, args=lambda s, u: [s.spare_step.pk]),
    post("workflow:move_step", roles.MANAGE_WORKFLOWS, args=lambda s, u: [s.spare_step.pk, "up"]),
    post("workflow:remove_step", roles.MANAGE_WORKFLOWS, args=lambda s, u: [s.spare_step.pk], done=step_removed),
    Probe("audit:log", roles.VIEW_AUDIT),
    Probe("audit:export", roles.EXPORT_AUDIT, data=lambda s, u: {"from": "2020-01-01", "to": "2099-01-01"}),
    Probe("orgs:policy", roles.MANAGE_POLICY),
    Probe("orgs:members", roles.MANAGE_MEMBERS),
    post("orgs:change_role", roles.MANAGE_MEMBERS, args=lambda s, u: [s.membership.pk],
         data=lambda s, u: {"role": "approver"}),
    post("orgs:invite", roles.MANAGE_MEMBERS, data=lambda s, u: {"email": "probe@partner.example", "role": "admin"},
         done=lambda s: Invitation.objects.filter(org=s.org, email="probe@partner.example").exists()),
    post("orgs:revoke_invitation", roles.MANAGE_MEMBERS, args=lambda s, u: [s.invitation.pk],
         done=lambda s: Invitation.objects.get(pk=s.invitation.pk).revoked_at is not None),
    post("orgs:remove_member", roles.MANAGE_MEMBERS, args=lambda s, u: [s.membership.pk],
         done=lambda s: not Membership.objects.filter(pk=s.membership.pk).exists()),
    Probe("invitation", PUBLIC, args=lambda s, u: [s.invitation_token]),  # the link is the credential
    # accepting: a member of the organisation already is one (409); a signed-out visitor sends no account (400)
    post("invitation", PUBLIC, args=lambda s, u: [s.invitation_token], ok=(302, 400, 409)),
    post("orgs:team_membership", roles.MANAGE_MEMBERS, args=lambda s, u: [s.team.pk],
         data=lambda s, u: {"membership": s.membership.pk, "member": "1"}),
    Probe("orgs:settings", roles.MANAGE_ORG),
    post("orgs:switch", roles.COMPOSE, data=lambda s, u: {"org": s.org.slug}),
    Probe("security:registry", roles.VIEW_SECURITY),
    Probe("security:account_new", roles.MANAGE_SECURITY),
    Probe("security:account_edit", roles.MANAGE_SECURITY, args=lambda s, u: [s.account.pk]),
    post("security:account_delete", roles.MANAGE_SECURITY, args=lambda s, u: [s.account.pk]),
    post("security:registry_import", roles.MANAGE_SECURITY, ok=(302, 400)),
    post("security:registry_import_policy", roles.MANAGE_SECURITY),
    Probe("security:registry_export", roles.VIEW_SECURITY),
    Probe("security:audit", roles.VIEW_SECURITY),
    Probe("security:password", roles.COMPOSE),
    post("security:password_api", roles.COMPOSE, data=lambda s, u: {"password": "correct horse"}, ok=(200,)),
    Probe("security:incidents", roles.VIEW_SECURITY),
    post("security:incident_start", roles.RUN_INCIDENTS, data=lambda s, u: {"runbook": "data-leak", "title": "X"}),
    Probe("security:incident", roles.VIEW_SECURITY, args=lambda s, u: [s.incident.pk]),
    post("security:incident_step", roles.RUN_INCIDENTS, args=lambda s, u: [s.incident.pk],
         data=lambda s, u: {"step": "contain", "outcome": "skip", "note": "n/a"}, ok=(302, 400)),
    post("security:incident_personal_data", roles.RUN_INCIDENTS, args=lambda s, u: [s.incident.pk],
         data=lambda s, u: {"note": "A customer list."}),
    post("security:incident_close", roles.RUN_INCIDENTS, args=lambda s, u: [s.incident.pk],
         data=lambda s, u: {"summary": "Done."}, ok=(302, 400)),
    Probe("security:incident_report", roles.VIEW_SECURITY, args=lambda s, u: [s.incident.pk, "html"], ok=(302,)),
    Probe("policy_pages:document", roles.READ_POLICY),
    Probe("policy_pages:versions", roles.READ_POLICY),
    Probe("policy_pages:version", roles.READ_POLICY, args=lambda s, u: [1]),
    Probe("policy_pages:changes", roles.READ_POLICY, args=lambda s, u: [2]),
    Probe("policy_pages:pdf", roles.READ_POLICY, args=lambda s, u: [2]),
    post("policy_pages:acknowledge", roles.READ_POLICY, data=lambda s, u: {"version": "2"}),
    Probe("policy_pages:coverage", roles.TRACK_ACKNOWLEDGEMENTS),
    post("policy_pages:remind", roles.TRACK_ACKNOWLEDGEMENTS),
    Probe("training:overview", roles.READ_POLICY),
    Probe("training:question", roles.READ_POLICY, args=lambda s, u: ["customer-id-number"]),
    Probe("dashboard:dashboard", roles.VIEW_DASHBOARD),
    Probe("rechecks:list", roles.VIEW_DASHBOARD),
    Probe("rechecks:detail", roles.VIEW_DASHBOARD, args=lambda s, u: [s.recheck.pk]),
    Probe("api_tokens:list", roles.USE_API),
    post("api_tokens:revoke", roles.USE_API, args=lambda s, u: [own_api_token(s, u).pk], own=True),
    Probe("inbox:list", roles.ANSWER_MENTIONS),
    Probe("inbox:detail", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk]),
    post("inbox:bulk", roles.ANSWER_MENTIONS, data=lambda s, u: {"mention": [s.mention.pk], "action": "close"},
         done=lambda s: type(s.mention).objects.get(pk=s.mention.pk).status == "closed"),
    post("inbox:assign", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk], data=lambda s, u: {"assignee": "me"}),
    post("inbox:status", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk], data=lambda s, u: {"status": "closed"}),
    post("inbox:note", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk], data=lambda s, u: {"text": "Called."}),
    post("inbox:reply", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk],
         data=lambda s, u: {"text": "Thanks, we are on it."}),
    post("inbox:reply_retry", roles.ANSWER_MENTIONS, args=lambda s, u: [s.mention.pk, own_reply(s, u).pk], own=True),
    Probe("inbox:crises", SEE_CRISES),
    Probe("inbox:crisis", SEE_CRISES, args=lambda s, u: [s.crisis.pk]),
    post("inbox:crisis_start", RUN_CRISIS, data=lambda s, u: {"title": "Boycott call"},
         done=lambda s: CrisisIncident.objects.filter(org=s.org, title="Boycott call").exists()),
    post("inbox:crisis_publishing", RUN_CRISIS, args=lambda s, u: [s.crisis.pk], data=lambda s, u: {"action": "pause"},
         done=lambda s: Organisation.objects.get(pk=s.org.pk).publishing_paused),
    post("inbox:crisis_tick", RUN_CRISIS, args=lambda s, u: [s.crisis.pk, 1], data=lambda s, u: {"done": "1"}),
    post("inbox:crisis_owner", RUN_CRISIS, args=lambda s, u: [s.crisis.pk, 1], data=lambda s, u: {"owner": ""}),
    post("inbox:crisis_close", roles.MANAGE_INBOX, args=lambda s, u: [s.crisis.pk]),
    Probe("inbox:tokens", roles.MANAGE_INBOX),
    Probe("inbox:rejected", roles.MANAGE_INBOX),  # docs/inbox.md: rejected items, for manage_inbox
    post("inbox:token_revoke", roles.MANAGE_INBOX, args=lambda s, u: [s.webhook_token[0].pk]),
    Probe("connections:list", roles.MANAGE_CONNECTIONS),  # the policy names no owners here: the role table alone
    post("connections:connect", roles.MANAGE_CONNECTIONS, ok=(400,)),  # an empty form: let in, then refused
    post("connections:revoke", roles.MANAGE_CONNECTIONS, args=lambda s, u: [s.connection.pk],
         done=lambda s: Connection.objects.get(pk=s.connection.pk).revoked_at is not None),
    Probe("calendar:week", roles.VIEW_QUEUE),
    Probe("calendar:month", roles.VIEW_QUEUE),
    Probe("calendar:list", roles.VIEW_QUEUE),
    # moving anyone's post or retrying anyone's delivery: an approver (docs/publishing.md, the calendar)
    post("calendar:reschedule", roles.APPROVE, args=lambda s, u: [s.approved.pk],
         data=lambda s, u: {"scheduled_at": "2031-01-02T10:00"}, done=moved),
    post("calendar:reschedule", roles.COMPOSE, args=lambda s, u: [own_approved(s, u).pk],
         data=lambda s, u: {"scheduled_at": "2031-01-02T10:00"}, own=True),
    post("calendar:retry", roles.APPROVE, args=lambda s, u: [s.failed_delivery.pk], done=retried),
    post("calendar:retry", roles.COMPOSE, args=lambda s, u: [own_failed_delivery(s, u).pk], own=True),
    post("inbox:webhook", WEBHOOK_TOKEN, args=lambda s, u: [s.org.slug], data=lambda s, u: {"mentions": []},
         ok=(401,)),
]
API_URL_NAMES = {"api:openapi-json": PUBLIC, "api:openapi-view": PUBLIC, "api:api-root": PUBLIC}  # the API's own pages; its operations below


def expected_allowed(probe: Probe, subject: Subject) -> bool:
    if probe.permission == PUBLIC:
        return True
    if isinstance(probe.permission, tuple):
        return any(may(subject.role, permission) for permission in probe.permission)
    return may(subject.role, probe.permission)


def attempt(client, probe: Probe, subject: Subject, side: Side):
    """Make the probe's request as the subject; roll back whatever it changed. Returns the response and whether
    the action happened (None when the probe does not say)."""
    with transaction.atomic():
        url = reverse(probe.name, args=probe.args(side, subject.user))
        data = probe.data(side, subject.user)
        response = getattr(client, probe.method)(url, data)
        happened = probe.done(side) if probe.done else None
        transaction.set_rollback(True)
    return response, happened


def verdict(probe: Probe, subject: Subject, response, happened: bool | None) -> str | None:
    """None when the answer is the documented one, else what went wrong."""
    status = response.status_code
    if not subject.verified and not probe.name.startswith("signin:"):  # held everywhere but at sign-in
        location = response.get("Location", "")
        return None if status == 302 and location.startswith("/signin/") and not happened else \
            f"{status} {location}, expected to be held at the second factor"
    if probe.permission == WEBHOOK_TOKEN:
        return None if status == 401 else f"{status}, expected 401 (a session is not a webhook token)"
    if expected_allowed(probe, subject):
        if status not in probe.ok:
            return f"{status}, expected one of {probe.ok} (let in)"
        return "answered but did not do it" if happened is False else None
    if subject.label == ANONYMOUS:
        location = response.get("Location", "")
        return None if status == 302 and location.startswith(reverse("signin:login")) and not happened else \
            f"{status} {location}, expected a redirect to sign in"
    if happened:
        return f"{status}, and it was done: expected a refusal"
    return None if status == 403 or (happened is False and status in probe.ok) else f"{status}, expected 403"


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("probe", PAGES, ids=str)
def test_every_page_answers_every_attacker_as_the_role_table_says(world, probe):
    wrong = []
    for subject in subjects(world):
        if probe.own and subject.side is None:
            continue  # needs an object of their own: only members have any
        side = subject.side or world.a
        response, happened = attempt(client_for(subject), probe, subject, side)
        problem = verdict(probe, subject, response, happened)
        if problem:
            wrong.append(f"{subject.label}: {problem}")
    assert wrong == []


def test_every_url_pattern_has_a_matrix_entry():
    names = set(_url_names(get_resolver()))
    api_operations = {name for name in names if name.startswith("api:")} - API_URL_NAMES.keys()
    covered = {probe.name for probe in PAGES} | API_URL_NAMES.keys() | set(_api_url_names())
    assert names - covered == set(), "a URL without a permission-matrix entry"
    assert covered - names == set(), "a matrix entry for a URL that no longer exists"
    assert api_operations <= set(_api_url_names())


def test_the_role_table_is_the_one_the_code_enforces():
    """The documented table and `orgs.roles` agree: every role, every permission."""
    assert set(DOCUMENTED) == set(ROLES)
    for role in ROLES:
        assert DOCUMENTED[role] == roles.PERMISSIONS[role], role


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


# The API: every operation of the OpenAPI schema, with its documented scope and permission (docs/web.md, API).
@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the OpenAPI schema
    scope: str
    permission: str
    url: Callable[[Side, Any], str]
    body: Callable[[Side, Any], Any] = lambda side, user: None
    ok: tuple[int, ...] = (200,)
    refused: tuple[int, ...] = (403,)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.scope}, {self.permission})"


OPERATIONS = [
    Operation("post", "/api/check", "check", roles.COMPOSE, lambda s, u: "/api/check", lambda s, u: {"text": OK_TEXT}),
    Operation("post", "/api/drafts", "drafts", roles.COMPOSE, lambda s, u: "/api/drafts",
              lambda s, u: {"text": OK_TEXT, "platform": "x"}, ok=(201,)),
    # someone else's post, to a role without view_queue: 404, as if it did not exist (docs/web.md, API)
    Operation("get", "/api/drafts/{post_id}", "drafts", roles.VIEW_QUEUE, lambda s, u: f"/api/drafts/{s.pending.pk}",
              refused=(404,)),
    Operation("get", "/api/drafts/{post_id}", "drafts", roles.COMPOSE,
              lambda s, u: f"/api/drafts/{own_draft(s, u).pk}"),
    Operation("post", "/api/drafts/{post_id}/submit", "drafts", roles.COMPOSE,
              lambda s, u: f"/api/drafts/{own_draft(s, u).pk}/submit"),
    Operation("get", "/api/approvals", "approvals", roles.APPROVE, lambda s, u: "/api/approvals"),
    Operation("post", "/api/approvals/{post_id}", "approvals", roles.APPROVE,
              lambda s, u: f"/api/approvals/{s.pending.pk}", lambda s, u: {"decision": "approve"}, ok=(200, 409)),
    Operation("post", "/api/mentions", "mentions", roles.ANSWER_MENTIONS, lambda s, u: "/api/mentions",
              lambda s, u: {"mentions": [{"source": "x", "id": "m-1", "text": "Where is my order?"}]}),
    Operation("get", "/api/mentions/rejected", "mentions", roles.MANAGE_INBOX, lambda s, u: "/api/mentions/rejected"),
]
ALL_SCOPES = ("check", "drafts", "approvals", "mentions")


def _api_url_names():
    from socialguard.api.site import api

    for pattern in api.urls[0]:
        if f"api:{pattern.name}" not in API_URL_NAMES:
            yield f"api:{pattern.name}"


def test_every_api_operation_has_a_matrix_entry():
    from socialguard.api.site import api

    schema = api.get_openapi_schema()
    documented = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert documented == {(op.method, op.path) for op in OPERATIONS}


def api_attempt(op: Operation, subject: Subject, side: Side, scopes) -> Any:
    import json

    from django.test import Client

    from socialguard.api.tokens import make_token

    with transaction.atomic():
        headers = {}
        if subject.user is not None:
            token = make_token(subject.user.memberships.get(org=side.org), "attack", scopes)[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        user = subject.user or side.users["writer"]  # a signed-out caller tries the writer's objects
        body = op.body(side, user)
        response = getattr(Client(), op.method)(op.url(side, user), data=json.dumps(body) if body else None,
                                                content_type="application/json", **headers)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_every_api_operation_answers_every_token_as_the_role_table_says(world, op):
    wrong = []
    for subject in subjects(world):
        if subject.label in (OUTSIDER, UNVERIFIED):
            continue  # no membership, so no token; a token has no session (tests of 2FA and tokens: test_token_current_role)
        side = subject.side or world.a
        response = api_attempt(op, subject, side, ALL_SCOPES)
        if subject.label == ANONYMOUS:
            expected = (401,)
        else:
            expected = op.ok if may(subject.role, op.permission) else op.refused
        if response.status_code not in expected:
            wrong.append(f"{subject.label}: {response.status_code} {response.content[:120]!r}, expected {expected}")
        if subject.user is not None and may(subject.role, op.permission):
            others = [scope for scope in ALL_SCOPES if scope != op.scope]
            response = api_attempt(op, subject, side, others)
            if response.status_code != 403 or op.scope not in response.json()["error"]:
                wrong.append(f"{subject.label} without the {op.scope} scope: {response.status_code}, expected 403")
    assert wrong == []
