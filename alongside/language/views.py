"""Where supporters meet the coach: hints beside what they write, and a practice page.

The coach advises only. It never blocks saving, rewrites text, or stores or reports what was checked.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.language.coach import coach
from alongside.language.scenarios import SCENARIOS
from alongside.language.sharing import avoided_for
from alongside.web import acting

from .forms import PracticeForm


def _require_staff(request: HttpRequest) -> None:
    if not policy.can_use_language_coach(acting(request)):
        raise Http404


@login_required
@require_POST
def hints(request: HttpRequest) -> HttpResponse:
    """The hints panel for the text posted (htmx, debounced while typing).

    ``field`` names the form field being written in, so any form can use the same endpoint. Text of any
    length is accepted: the coach reads up to its limit and the panel says where it stopped. ``client``
    (the client written to or about) adds the words they asked not to hear, when the policy lets the writer
    write to them; otherwise it is ignored, so a guessed id reveals nothing.
    """
    _require_staff(request)
    text = request.POST.get(request.POST.get("field", "text"), "")
    client_id = request.POST.get("client", "")
    readable = client_id.isdigit() and len(client_id) < 19  # an id fits a bigint; anything else is no client
    client = policy.coached_client(acting(request), int(client_id)) if readable else None
    return render(request, "language/hints.html", {"feedback": coach(text, avoided=avoided_for(client))})


@login_required
def practice(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return render(request, "language/practice_list.html", {"scenarios": SCENARIOS})


@login_required
def practice_scenario(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    scenario = next((s for s in SCENARIOS if s.slug == slug), None)
    if scenario is None:
        raise Http404
    form = PracticeForm(request.POST or None)
    feedback = coach(form.cleaned_data["reply"], client_said=scenario.client) if form.is_valid() else None
    return render(request, "language/practice.html", {"scenario": scenario, "form": form, "feedback": feedback})
