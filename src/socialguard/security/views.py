"""Security pages: the brand-account registry (security roles edit it, others with access read it), its CSV
import and export, the security audit, the password check (page and JSON API; the password is never
stored, logged or sent back) and incidents run with runbooks, ending in a report (HTML or PDF).

Every view needs a permission (`orgs.roles`) and looks objects up inside the current organisation only.
"""

from __future__ import annotations


from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires
from socialguard.orgs.models import Membership
from socialguard.untrusted_json import JsonRejected, loads

from ..locale import message
from . import services
from .audit import SocialguardUser, audit
from .forms import AccountForm, CloseForm, ImportForm, PasswordForm, StartIncidentForm, StepForm
from .incident_report import render_html, render_pdf
from .models import BrandAccountEntry, IncidentRecord, registry_of
from .passwords import PasswordTooLong, check_password
from .registry import RegistryError, parse_csv, to_csv
from .runbooks import IncidentError, RunbookError, runbooks_for

CRISIS_RUNBOOK = "pr-crisis"


def _lang() -> str:
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in ("en", "pl") else "en"


# --- registry -------------------------------------------------------------------------------------------


@requires(roles.VIEW_SECURITY)
def registry(request: HttpRequest) -> HttpResponse:
    entries = BrandAccountEntry.objects.filter(org=request.org)
    return render(request, "security/registry.html", {
        "entries": [(entry, entry.to_account()) for entry in entries],
        "can_edit": request.membership.can(roles.MANAGE_SECURITY),
        "import_form": ImportForm(),
        "missing": services.missing_from_policy(request.org),
    })


@requires(roles.MANAGE_SECURITY)
def account_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = in_org(request, BrandAccountEntry, pk=pk) if pk else BrandAccountEntry(org=request.org)
    form = AccountForm(request.POST or None, instance=entry, org=request.org)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "security/account.html", {"form": form, "entry": entry}, status=400)
        services.save_account(request.org, request.user, entry, form.values())
        messages.success(request, _("Saved."))
        return redirect("security:registry")
    return render(request, "security/account.html", {"form": form, "entry": entry})


@require_POST
@requires(roles.MANAGE_SECURITY)
def account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.remove_account(request.org, request.user, in_org(request, BrandAccountEntry, pk=pk))
    messages.success(request, _("Removed from the registry."))
    return redirect("security:registry")


@require_POST
@requires(roles.MANAGE_SECURITY)
def registry_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("security:registry")
    upload = form.cleaned_data["file"]
    try:
        text = upload.read().decode("utf-8")
        parsed = parse_csv(text, upload.name)
    except UnicodeDecodeError:
        messages.error(request, _("%(name)s: not UTF-8 text; save the CSV as UTF-8.") % {"name": upload.name})
        return redirect("security:registry")
    except RegistryError as exc:
        return render(request, "security/import_errors.html", {"problems": exc.problems}, status=400)
    added, updated = services.import_registry(request.org, request.user, parsed, upload.name)
    messages.success(request, _("Imported: %(added)s added, %(updated)s updated.") % {"added": added,
                                                                                       "updated": updated})
    return redirect("security:registry")


@require_POST
@requires(roles.MANAGE_SECURITY)
def registry_import_policy(request: HttpRequest) -> HttpResponse:
    added = services.import_from_policy(request.org, request.user)
    messages.success(request, ngettext("Added %(count)s account from the policy.",
                                       "Added %(count)s accounts from the policy.", added) % {"count": added})
    return redirect("security:registry")


@requires(roles.VIEW_SECURITY)
def registry_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(to_csv(registry_of(request.org)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{request.org.slug}-brand-accounts.csv"'
    return response


# --- audit ----------------------------------------------------------------------------------------------


def _socialguard_users(org) -> list[SocialguardUser]:
    with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    return [
        SocialguardUser(m.user.get_username(), m.role, m.user_id in with_device)
        for m in Membership.objects.filter(org=org).select_related("user")
    ]


@requires(roles.VIEW_SECURITY)
def audit_page(request: HttpRequest) -> HttpResponse:
    version, policy = services.policy_of(request.org)
    findings = audit(registry_of(request.org), policy, timezone.localdate(), _socialguard_users(request.org),
                     lang=_lang())
    counts = {risk: sum(f.risk == risk for f in findings) for risk in ("high", "medium", "low")}
    return render(request, "security/audit.html", {
        "findings": findings, "counts": counts, "policy_version": version,
        "accounts": BrandAccountEntry.objects.filter(org=request.org).count(),
    })


# --- password check -------------------------------------------------------------------------------------


@sensitive_variables("password")
def _strength(request: HttpRequest, password: str) -> dict:
    policy = services.policy_of(request.org)[1]
    return check_password(password, policy, _lang()).as_dict()


@never_cache
@sensitive_post_parameters("password")
@requires(roles.COMPOSE)
def password_page(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _strength(request, form.cleaned_data["password"])
        form = PasswordForm()  # never sent back
    return render(request, "security/password.html", {"form": form, "result": result})


@never_cache
@require_POST
@sensitive_post_parameters("password")
@requires(roles.COMPOSE)
def password_api(request: HttpRequest) -> JsonResponse:
    """POST `password` (form field or JSON body) -> score, whether the policy accepts it, and feedback."""
    password = _posted_password(request)
    if password is None:
        return JsonResponse({"error": "send the password as the 'password' field"}, status=400)
    try:
        return JsonResponse(_strength(request, password))
    except PasswordTooLong as exc:
        return JsonResponse({"error": str(exc)}, status=400)


@sensitive_variables("body", "password")
def _posted_password(request: HttpRequest) -> str | None:
    if request.content_type == "application/json":
        try:
            body = loads(request.body or b"{}")
        except JsonRejected:
            return None
        password = body.get("password") if isinstance(body, dict) else None
    else:
        password = request.POST.get("password")
    return password if isinstance(password, str) else None


# --- incidents ------------------------------------------------------------------------------------------


def _runbooks(request: HttpRequest) -> dict:
    """The runbooks incidents are started with here; a PR crisis is a crisis incident (the inbox's crisis page,
    with the policy's crisis checklist), so its runbook is not offered."""
    try:
        books = runbooks_for(services.policy_of(request.org)[1])
    except RunbookError as exc:
        messages.error(request, str(exc))
        return {}
    return {key: book for key, book in books.items() if key != CRISIS_RUNBOOK}


@requires(roles.VIEW_SECURITY)
def incidents(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    books = {key: book.title.get(lang) or book.title.get("en", key) for key, book in _runbooks(request).items()}
    return render(request, "security/incidents.html", {
        "open": IncidentRecord.objects.filter(org=request.org, closed_at__isnull=True),
        "closed": IncidentRecord.objects.filter(org=request.org, closed_at__isnull=False)[:50],
        "form": StartIncidentForm(runbooks=books),
        "can_run": request.membership.can(roles.RUN_INCIDENTS),
    })


@require_POST
@requires(roles.RUN_INCIDENTS)
def incident_start(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    books = {key: book.title.get(lang) or key for key, book in _runbooks(request).items()}
    form = StartIncidentForm(request.POST, runbooks=books)
    if not form.is_valid():
        messages.error(request, _("Choose a runbook and say what happened."))
        return redirect("security:incidents")
    row = services.start_incident(request.org, form.cleaned_data["runbook"], form.cleaned_data["title"],
                                  request.user, form.cleaned_data["personal_data"])
    return redirect("security:incident", pk=row.pk)


@requires(roles.VIEW_SECURITY)
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    row = in_org(request, IncidentRecord, pk=pk)
    current = row.incident
    now = timezone.now()
    lang = _lang()
    steps = [
        {"record": step, "text": step.text.get(lang) or step.text.get("en", ""), "due": current.due(step),
         "owner": message(f"document.team.{step.owner}", lang), "overdue": step in current.overdue(now)}
        for step in current.active_steps
    ]
    return render(request, "security/incident.html", {
        "row": row, "incident": current, "steps": steps, "can_run": request.membership.can(roles.RUN_INCIDENTS),
        "title": current.runbook_title.get(lang) or current.runbook_id, "close_form": CloseForm(),
    })


def _transition(request: HttpRequest, pk: int, action: str, **args) -> HttpResponse:
    row = in_org(request, IncidentRecord, pk=pk)
    try:
        services.change_incident(row, request.user, action, **args)
    except IncidentError as exc:
        messages.error(request, str(exc))
    return redirect("security:incident", pk=row.pk)


@require_POST
@requires(roles.RUN_INCIDENTS)
def incident_step(request: HttpRequest, pk: int) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown step or outcome."))
        return redirect("security:incident", pk=pk)
    data = form.cleaned_data
    return _transition(request, pk, data["outcome"], step_id=data["step"], note=data["note"])


@require_POST
@requires(roles.RUN_INCIDENTS)
def incident_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "involve_personal_data", note=request.POST.get("note", ""))


@require_POST
@requires(roles.RUN_INCIDENTS)
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Closing needs a summary."))
        return redirect("security:incident", pk=pk)
    return _transition(request, pk, "close", summary=form.cleaned_data["summary"])


@requires(roles.VIEW_SECURITY)
def incident_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("html", "pdf"):
        raise Http404(fmt)
    row = in_org(request, IncidentRecord, pk=pk)
    current = row.incident
    if not current.is_closed:
        messages.error(request, _("The report is produced when the incident is closed."))
        return redirect("security:incident", pk=row.pk)
    tz = timezone.get_current_timezone()
    if fmt == "pdf":
        response = HttpResponse(render_pdf(current, _lang(), tz), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="incident-{row.pk}.pdf"'
        return response
    return HttpResponse(render_html(current, _lang(), tz))
