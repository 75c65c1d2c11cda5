"""What each kind of audit event, and each field of its details, is called on the audit log page, in the
reader's language.

An event's `kind` and its data's keys are stable keys in the chain (hashed, exported, filtered on); people
read these labels instead. A kind or field with no label here is shown with its underscores as spaces, so
nothing new is ever hidden.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "acknowledgement": _("Policy acknowledged"),
    "acknowledgement_reminder": _("Acknowledgement reminder sent"),
    "api_call": _("API call"),
    "api_token_create": _("API token created"),
    "api_token_revoke": _("API token revoked"),
    "approval": _("Approved"),
    "audit_checkpoint": _("Audit checkpoint signed"),
    "changes_requested": _("Changes requested"),
    "rejection": _("Rejected"),
    "reschedule": _("Post rescheduled"),
    "connection_add": _("Account connected"),
    "connection_revoke": _("Account connection revoked"),
    "crisis_close": _("Crisis closed"),
    "crisis_item": _("Crisis checklist item"),
    "crisis_open": _("Crisis opened"),
    "delivery": _("Delivery"),
    "edit": _("Post edited"),
    "error": _("Error"),
    "exception": _("Exception granted"),
    "finding": _("Finding"),
    "inbox_token_create": _("Inbox token created"),
    "inbox_token_revoke": _("Inbox token revoked"),
    "incident_start": _("Incident started"),
    "login": _("Signed in"),
    "login_locked": _("Sign-in locked"),
    "mention_assign": _("Mention assigned"),
    "mention_escalate": _("Mention escalated"),
    "mention_note": _("Note on a mention"),
    "mention_reply": _("Reply to a mention"),
    "mention_reply_settled": _("Reply settled"),
    "mention_status": _("Mention status changed"),
    "mentions_ingest": _("Mentions received"),
    "outside_invite": _("Outside approver invited"),
    "permission_change": _("Permissions changed"),
    "policy_change": _("Policy changed"),
    "policy_recheck": _("Posts re-checked"),
    "publish": _("Published"),
    "publish_check": _("Published post read back"),
    "security_account_add": _("Account added to the registry"),
    "security_account_remove": _("Account removed from the registry"),
    "security_registry_import": _("Registry imported"),
    "settings_change": _("Settings changed"),
    "state_change": _("Post state changed"),
    "submit": _("Post submitted"),
    "training_answer": _("Training answer"),
    "webhook": _("Webhook"),
    "workflow_change": _("Workflow changed"),
}


def label(kind: str) -> str:
    return str(LABELS.get(kind) or kind.replace("_", " ").capitalize())


FIELDS = {
    "account": _("account"),
    "checkpoint": _("checkpoint"),
    "email": _("e-mail"),
    "from": _("from"),
    "handle": _("handle"),
    "network": _("network"),
    "note": _("note"),
    "outcome": _("outcome"),
    "platform": _("platform"),
    "policy_version": _("policy version"),
    "reason": _("reason"),
    "remote_id": _("id on the network"),
    "round": _("round"),
    "rule": _("rule"),
    "scheduled_at": _("scheduled for"),
    "step": _("step"),
    "text": _("text"),
    "to": _("to"),
    "url": _("address"),
}


def field_label(name: str) -> str:
    return str(FIELDS.get(name) or name.replace("_", " "))
