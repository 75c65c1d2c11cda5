"""Policy pages: the document (current or any version, HTML in the reader's language, or PDF), the list of
versions with what changed in each, acknowledging the current version, and who has not (with reminders)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires
from socialguard.orgs.models import PolicyVersion
from socialguard.orgs.policies import PolicyUnavailable
from socialguard.policy import PolicyError

from . import acknowledgement
from .rendering import changes as version_changes
from .rendering import document_body, document_language, document_pdf


@requires(roles.READ_POLICY)
def document(request: HttpRequest, number: int | None = None) -> HttpResponse:
    current = request.org.current_policy_version()
    if current is None:
        raise PolicyUnavailable(_("This organisation has no policy yet."))
    version = current if number is None else in_org(request, PolicyVersion, number=number)
    lang = _language(request, version)
    return render(request, "policy_pages/document.html", {
        "version": version, "current": current, "lang": lang, "body": _rendered(document_body, version, lang),
        "pending": acknowledgement.pending_for(request.user, request.org),
    })


@requires(roles.READ_POLICY)
def pdf(request: HttpRequest, number: int) -> HttpResponse:
    version = in_org(request, PolicyVersion, number=number)
    lang = _language(request, version)
    response = HttpResponse(_rendered(document_pdf, version, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="policy-{request.org.slug}-v{version.number}-{lang}.pdf"'
    return response


@requires(roles.READ_POLICY)
def versions(request: HttpRequest) -> HttpResponse:
    listed = request.org.policy_versions.select_related("created_by").order_by("-number")[:100]
    return render(request, "policy_pages/versions.html", {"versions": listed})


@requires(roles.READ_POLICY)
def changes(request: HttpRequest, number: int) -> HttpResponse:
    """What changed from the previous version (or `?from=N`) to version `number`."""
    newer = in_org(request, PolicyVersion, number=number)
    since = request.GET.get("from", "")
    older_number = int(since) if since.isdigit() else number - 1
    older = in_org(request, PolicyVersion, number=older_number) if older_number >= 1 else None
    context = {"newer": newer, "older": older, "diff": None}
    if older is not None:
        try:
            context["diff"] = version_changes(older, newer, _language(request, newer))
        except PolicyUnavailable as exc:
            context["error"] = str(exc)
            return render(request, "policy_pages/changes.html", context, status=409)
    return render(request, "policy_pages/changes.html", context)


@require_POST
@requires(roles.READ_POLICY)
def acknowledge(request: HttpRequest) -> HttpResponse:
    number = request.POST.get("version", "")
    if not number.isdigit():
        messages.error(request, _("Say which version you acknowledge."))
        return redirect("policy_pages:document")
    try:
        acknowledgement.acknowledge(request.user, request.org, int(number))
    except acknowledgement.NotCurrentVersion as exc:
        messages.error(request, str(exc))
        return redirect("policy_pages:document")
    messages.success(request, _("Thank you: you acknowledged version %(number)s of the policy.") % {"number": number})
    return redirect("policy_pages:document")


@requires(roles.TRACK_ACKNOWLEDGEMENTS)
def coverage(request: HttpRequest) -> HttpResponse:
    rows = acknowledgement.coverage(request.org)
    return render(request, "policy_pages/coverage.html", {
        "rows": rows, "required": acknowledgement.required_version(request.org),
        "covered": sum(r.covered for r in rows), "total": len(rows),
    })


@require_POST
@requires(roles.TRACK_ACKNOWLEDGEMENTS)
def remind(request: HttpRequest) -> HttpResponse:
    sent = acknowledgement.send_reminders(request.org, request.user)
    if sent:
        messages.success(request, _("Reminders sent to %(count)s people.") % {"count": sent})
    else:
        messages.info(request, _("Everyone has acknowledged the policy; no reminders were sent."))
    return redirect("policy_pages:coverage")


def _language(request: HttpRequest, version: PolicyVersion) -> str:
    return document_language(version, request.GET.get("lang") or translation.get_language())


def _rendered(renderer, version: PolicyVersion, lang: str):
    try:
        return renderer(version, lang)
    except PolicyError as exc:
        raise PolicyUnavailable(str(exc)) from None
