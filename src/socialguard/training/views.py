"""Training pages: the list of scenarios with the person's answers and score, and one scenario at a time:
answer "publish" or "do not publish", then see the checker's findings with their clauses."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.orgs.policies import current_policy
from socialguard.workflow.highlight import pieces

from . import scoring
from .scenarios import LANGUAGES, scenario, scenarios_for, text_of

CHOICES = {"publish": True, "hold": False}


@requires(roles.READ_POLICY)
def overview(request: HttpRequest) -> HttpResponse:
    policy = current_policy(request.org)[1]
    items = scenarios_for(policy)
    answers = scoring.answers_of(request.membership)
    lang = _language()
    rows = [{"scenario": s, "text": text_of(s, policy, lang), "answer": answers.get(s.id)} for s in items]
    answered = [a for a in answers.values() if a.scenario in {s.id for s in items}]
    return render(request, "training/overview.html", {
        "rows": rows, "answered": len(answered), "correct": sum(a.correct for a in answered), "total": len(items),
        "next": next((r["scenario"] for r in rows if r["answer"] is None), None),
    })


@requires(roles.READ_POLICY)
def question(request: HttpRequest, scenario_id: str) -> HttpResponse:
    policy = current_policy(request.org)[1]
    item = scenario(policy, scenario_id)
    if item is None:
        raise Http404(scenario_id)
    lang = _language()
    context = {"scenario": item, "text": text_of(item, policy, lang), "lang": lang,
               "attachment": item.attachment.get(lang, item.attachment.get("en", ""))}
    given = scoring.answers_of(request.membership).get(item.id)
    if request.method == "POST" and given is None:
        choice = request.POST.get("answer", "")
        if choice not in CHOICES:
            context["error"] = True
            return render(request, "training/question.html", context, status=400)
        given, _verdict = scoring.answer(item, request.membership, lang, CHOICES[choice])
    if given is not None:
        verdict = scoring.judge(item, request.membership, lang)
        ids = [s.id for s in scenarios_for(policy)]
        position = ids.index(item.id)
        context.update({
            "given": given, "verdict": verdict, "findings": verdict.findings,
            "pieces": pieces(context["text"], verdict.findings),
            "next_id": ids[position + 1] if position + 1 < len(ids) else None,
        })
    return render(request, "training/question.html", context)


def _language() -> str:
    lang = translation.get_language() or "en"
    return lang if lang in LANGUAGES else "en"
