"""Roles and what each may do: a plain mapping role -> permission names, checked server-side on every view.

Approving also needs the step to be assigned to the person (by team or role); nobody approves their own post.
"""

from __future__ import annotations

ADMIN = "admin"
COMMS_LEAD = "comms_lead"
APPROVER = "approver"
COMPLIANCE = "compliance"
CUSTOMER_SERVICE = "customer_service"
SECURITY = "security"
EMPLOYEE = "employee"

ROLES = (ADMIN, COMMS_LEAD, APPROVER, COMPLIANCE, CUSTOMER_SERVICE, SECURITY, EMPLOYEE)

COMPOSE = "compose"  # check posts, write drafts, submit and publish one's own approved posts
VIEW_QUEUE = "view_queue"  # see every post of the organisation (pending, rejected, expired queues)
APPROVE = "approve"  # sign off a workflow step assigned to one's team or role
INVITE_OUTSIDE = "invite_outside"  # send an outside approver a signed link
GRANT_EXCEPTION = "grant_exception"  # record a per-post exception to a rule, with a reason
PUBLISH = "publish"  # mark anyone's approved post as published
VIEW_AUDIT = "view_audit"
EXPORT_AUDIT = "export_audit"
MANAGE_POLICY = "manage_policy"
MANAGE_WORKFLOWS = "manage_workflows"
MANAGE_MEMBERS = "manage_members"
MANAGE_ORG = "manage_org"  # organisation settings: notifications webhook
VIEW_SECURITY = "view_security"  # brand-account registry, security audit, incidents (read)
MANAGE_SECURITY = "manage_security"  # edit the brand-account registry
RUN_INCIDENTS = "run_incidents"  # start incidents, record their steps, close them
ANSWER_MENTIONS = "answer_mentions"  # the listening inbox (also granted by inbox teams: inbox/access.py)
MANAGE_INBOX = "manage_inbox"  # inbox webhook tokens and crisis incidents
MANAGE_CONNECTIONS = "manage_connections"  # connect and revoke brand accounts for publishing (owners too)

PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: frozenset(
        {COMPOSE, VIEW_QUEUE, APPROVE, INVITE_OUTSIDE, GRANT_EXCEPTION, PUBLISH, VIEW_AUDIT, EXPORT_AUDIT,
         MANAGE_POLICY, MANAGE_WORKFLOWS, MANAGE_MEMBERS, MANAGE_ORG, VIEW_SECURITY, MANAGE_SECURITY,
         RUN_INCIDENTS, ANSWER_MENTIONS, MANAGE_INBOX, MANAGE_CONNECTIONS}
    ),
    COMMS_LEAD: frozenset(
        {COMPOSE, VIEW_QUEUE, APPROVE, INVITE_OUTSIDE, GRANT_EXCEPTION, PUBLISH, MANAGE_POLICY, MANAGE_WORKFLOWS,
         VIEW_SECURITY, RUN_INCIDENTS, ANSWER_MENTIONS, MANAGE_INBOX}
    ),
    APPROVER: frozenset({COMPOSE, VIEW_QUEUE, APPROVE, INVITE_OUTSIDE}),
    COMPLIANCE: frozenset(
        {COMPOSE, VIEW_QUEUE, APPROVE, GRANT_EXCEPTION, VIEW_AUDIT, EXPORT_AUDIT, VIEW_SECURITY, RUN_INCIDENTS}
    ),
    CUSTOMER_SERVICE: frozenset({COMPOSE, PUBLISH, ANSWER_MENTIONS}),
    SECURITY: frozenset({COMPOSE, VIEW_SECURITY, MANAGE_SECURITY, RUN_INCIDENTS}),
    EMPLOYEE: frozenset({COMPOSE}),
}

READ_POLICY = "read_policy"  # read the policy document and its versions, acknowledge it, take the training
USE_API = "use_api"  # hold personal API tokens (every endpoint still checks the role's own permission)
VIEW_DASHBOARD = "view_dashboard"  # findings, approval times, acknowledgement and training charts
TRACK_ACKNOWLEDGEMENTS = "track_acknowledgements"  # see who has not acknowledged the policy, send reminders
EVERYONE = frozenset({READ_POLICY, USE_API})
OVERSIGHT = frozenset({VIEW_DASHBOARD, TRACK_ACKNOWLEDGEMENTS})
OVERSIGHT_ROLES = (ADMIN, COMMS_LEAD, COMPLIANCE)
PERMISSIONS = {
    role: granted | EVERYONE | (OVERSIGHT if role in OVERSIGHT_ROLES else frozenset())
    for role, granted in PERMISSIONS.items()
}

# Roles whose members must sign in with a second factor (a policy may require it of everyone).
TWO_FACTOR_ROLES = frozenset({ADMIN, APPROVER, SECURITY})


def allows(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())
