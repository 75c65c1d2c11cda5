"""The inbox list's bulk actions: assign the chosen mentions to a person or a team, close them, or change
their priority (`bulk.py` acts on each under the single action's rules). Answers with a message saying how
many changed, how many needed no change and which failed and why, and goes back to the list as it was
filtered."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.policies import current_policy

from . import bulk
from .access import requires_inbox
from .labels import team_labels
from .models import Priority
from .views import _assignable, list_filters

SHOWN_FAILURES = 10


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def bulk_action(request: HttpRequest) -> HttpResponse:
    back = QueryDict(request.POST.get("query", ""))
    target = reverse("inbox:list") + "?" + urlencode({**list_filters(back), **_page(back)})
    ids = _ids(request.POST.getlist("mention"))
    if not ids:
        messages.error(request, _("Choose at least one mention."))
        return redirect(target)
    if len(ids) > bulk.LIMIT:
        messages.error(request, _("Choose at most %(limit)s mentions at a time.") % {"limit": bulk.LIMIT})
        return redirect(target)
    try:
        change, done = _change(request)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(target)
    _report(request, bulk.apply(request.org, ids, change), done)
    return redirect(target)


def _change(request: HttpRequest):
    """The change asked for and what it does ("closed", "assigned", "priority"); ValueError says what is
    missing or wrong."""
    action, user = request.POST.get("action", ""), request.user
    if action == "close":
        return bulk.close(user), "closed"
    if action == "priority":
        priority = request.POST.get("priority", "")
        if priority not in Priority.values:
            raise ValueError(_("Choose a priority."))
        return bulk.set_priority(user, priority), "priority"
    if action == "assign":
        to = request.POST.get("to", "")
        if to == "me":
            return bulk.assign(user, assignee=user), "assigned"
        if to.startswith("user:"):
            member = _assignable(request).filter(pk=to.removeprefix("user:")).first() if to[5:].isdigit() else None
            if member is None:
                raise ValueError(_("Choose a member of this organisation."))
            return bulk.assign(user, assignee=member), "assigned"
        if to.startswith("team:") and to[5:] in team_labels(current_policy(request.org)[1]):
            return bulk.assign(user, team=to[5:]), "assigned"
        raise ValueError(_("Choose a member or a team to assign to."))
    raise ValueError(_("Choose what to do with the mentions."))


def _report(request: HttpRequest, result: bulk.Result, done: str) -> None:
    count = result.changed
    said = {
        "closed": ngettext("Closed %(count)d mention.", "Closed %(count)d mentions.", count),
        "assigned": ngettext("Assigned %(count)d mention.", "Assigned %(count)d mentions.", count),
        "priority": ngettext("Changed the priority of %(count)d mention.",
                             "Changed the priority of %(count)d mentions.", count),
    }[done] % {"count": count}
    if result.unchanged:
        said += " " + ngettext("%(count)d mention needed no change.", "%(count)d mentions needed no change.",
                               result.unchanged) % {"count": result.unchanged}
    if result.failed:
        reasons = [_("#%(id)s: %(reason)s.") % {"id": pk, "reason": reason.rstrip(".")}
                   for pk, reason in result.failed[:SHOWN_FAILURES]]
        more = len(result.failed) - SHOWN_FAILURES
        if more > 0:
            reasons.append(ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more})
        said += " " + ngettext("%(count)d mention failed:", "%(count)d mentions failed:",
                               len(result.failed)) % {"count": len(result.failed)} + " " + " ".join(reasons)
    level = messages.ERROR if result.failed and not count else messages.WARNING if result.failed else messages.SUCCESS
    messages.add_message(request, level, said)


def _ids(values: list[str]) -> list[int]:
    """The mention ids chosen, in order, each once; anything that is not an id is left out."""
    return list(dict.fromkeys(int(v) for v in values if v.isdigit() and len(v) < 19))


def _page(params: QueryDict) -> dict[str, str]:
    page = params.get("page", "")
    return {"page": page} if page.isdigit() else {}
