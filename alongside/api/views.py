"""Pages for API tokens: staff create their own; organisation admins also see and revoke everyone's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.accounts import reauth
from alongside.accounts.models import Membership
from alongside.web import acting

from . import actions
from .forms import TokenForm
from .models import ApiToken


def token_for(member: Membership | None, token_id: int) -> ApiToken:
    """One's own token, or any of the organisation's tokens for its admins; anything else is 404."""
    tokens = policy.manageable_tokens(member).select_related("membership__organisation")
    return get_object_or_404(tokens, pk=token_id)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    member = acting(request)
    if not policy.can_hold_api_token(member):
        raise Http404
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)  # a token reads records: the password again first
    if request.method == "POST" and form.is_valid():
        try:
            _, new_secret = actions.create_token(
                member, name=form.cleaned_data["name"], valid_days=form.cleaned_data["valid_days"], request=request
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = TokenForm()
    own = ApiToken.objects.filter(membership=member).order_by("-created_at")
    others = ApiToken.objects.none()
    if policy.can_manage_organisation(member):
        others = (
            policy.manageable_tokens(member)
            .exclude(membership=member)
            .select_related("membership__user")
            .order_by("-created_at")
        )
    context = {"form": form, "new_secret": new_secret, "own": own, "others": others}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_for(acting(request), token_id)
    try:
        actions.revoke_token(token, by=request.user, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, gettext("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api:tokens")
