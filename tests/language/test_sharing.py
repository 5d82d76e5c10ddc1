"""The shared coaching mechanism: hints on every coached field, and one look again before sharing."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.template.loader import render_to_string

from alongside.language.limits import MAX_TEXT_CHARS
from alongside.language.sharing import (
    CHECK_WORDING,
    CONFIRMED,
    EDIT,
    CoachedForm,
    Written,
    fingerprint,
    second_look,
    to_reconsider,
)

HURTFUL = "Jordan is non-compliant and a junkie."


class MessageForm(CoachedForm):
    coached: ClassVar[tuple[str, ...]] = ("message", "aside")
    message = forms.CharField(label="Message", widget=forms.Textarea)
    aside = forms.CharField(label="Aside", widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)

    def shared_fields(self) -> tuple[str, ...]:
        return ("message",) if self.data.get("aside_stays_private") else self.coached


def test_second_look_finds_warnings_in_each_text_and_nothing_in_kind_words() -> None:
    look = second_look([Written("Message", HURTFUL, "message"), Written("Aside", "It's up to you.", "aside")])
    assert look is not None
    (concern,) = look.concerns
    assert concern.written.field == "message"
    assert [(f.text, f.category) for f in concern.findings] == [
        ("non-compliant", "stigmatizing"),
        ("junkie", "stigmatizing"),
    ]
    assert second_look([Written("Message", "It sounds like a hard week. What would help?")]) is None
    assert second_look([]) is None


def test_gentle_notes_and_quoted_words_are_not_a_reason_to_stop() -> None:
    assert to_reconsider("What a crazy week, and the detox was hard.") == []  # notes only
    assert to_reconsider('You said "I feel like a junkie" and that stayed with me.') == []
    assert [f.text for f in to_reconsider("You are so crazy.")] == ["crazy"]


def test_share_anyway_is_for_exactly_the_words_that_were_shown() -> None:
    written = [Written("Message", HURTFUL)]
    look = second_look(written)
    assert look is not None and look.fingerprint == fingerprint([HURTFUL])
    assert second_look(written, confirmed=look.fingerprint) is None
    changed = second_look([Written("Message", HURTFUL + " Again.")], confirmed=look.fingerprint)
    assert changed is not None and changed.fingerprint != look.fingerprint
    assert second_look(written, confirmed="anything else") == look


def test_fingerprint_tells_texts_apart_where_they_are_split() -> None:
    assert fingerprint(["ab", "c"]) != fingerprint(["a", "bc"])
    assert fingerprint(["a", ""]) != fingerprint(["a"])
    assert fingerprint(["\ud800 odd"])  # a lone surrogate from a broken form post does not crash it


def test_a_long_text_is_read_up_to_the_coachs_limit() -> None:
    text = "We talked about the week. " * (MAX_TEXT_CHARS // 20) + "He is an addict."
    assert len(text) > MAX_TEXT_CHARS and to_reconsider(text) == []


def test_a_clean_form_is_ready_and_a_hurtful_one_waits_once() -> None:
    assert MessageForm({"message": "It's up to you."}).is_ready()
    form = MessageForm({"message": HURTFUL})
    assert not form.is_ready()
    assert form.before_sharing is not None and form.hints == {}  # the panel says it all
    confirmed = {"message": HURTFUL, CONFIRMED: form.before_sharing.fingerprint}
    anyway = MessageForm(confirmed)
    assert anyway.is_ready() and anyway.cleaned_data["message"] == HURTFUL


def test_every_shared_field_is_read_and_a_private_one_is_not() -> None:
    both = MessageForm({"message": "Thanks for today.", "aside": "You must call them."})
    assert not both.is_ready() and both.before_sharing is not None
    assert [c.written.label for c in both.before_sharing.concerns] == ["Aside"]
    private = MessageForm({"message": "Thanks for today.", "aside": "You must call them.", "aside_stays_private": "1"})
    assert private.is_ready()


def test_a_draft_is_not_held_back_and_an_invalid_form_is_never_ready() -> None:
    assert MessageForm({"message": HURTFUL}).is_ready(shares=False)
    invalid = MessageForm({"message": "", "count": "many"})
    assert not invalid.is_ready() and invalid.before_sharing is None


def test_edit_and_check_my_wording_keep_the_words_show_hints_and_share_nothing() -> None:
    edit = MessageForm({"message": "Thanks.", "aside": HURTFUL, EDIT: "1", CONFIRMED: "abc"})
    assert not edit.is_ready() and edit.before_sharing is None and edit.seen == "abc"
    assert edit.fields["aside"].widget.attrs.get("autofocus") and not edit.fields["message"].widget.attrs.get(
        "autofocus"
    )
    assert set(edit.hints) == {"message", "aside"}
    assert [f.text for f in edit.hints["aside"].to_reconsider] == ["non-compliant", "junkie"]
    check = MessageForm({"message": HURTFUL, CHECK_WORDING: "1"})
    assert not check.is_ready() and check.before_sharing is None and "message" in check.hints


def test_hints_cover_what_was_typed_even_when_the_form_is_invalid() -> None:
    invalid = MessageForm({"message": "You need to stop.", "count": "many"})
    assert not invalid.is_ready()
    assert [f.category for f in invalid.hints["message"].to_reconsider] == ["directive"]
    assert MessageForm().hints == {}
    assert [(field.name, coached) for field, coached, _ in MessageForm().fields_with_hints()] == [
        ("message", True),
        ("aside", True),
        ("count", False),
    ]


def test_the_form_template_draws_hints_then_the_send_button_or_before_you_share() -> None:
    fresh = render_to_string("language/coached_form.html", {"form": MessageForm(), "button": "Send it"})
    assert fresh.count('class="hints-slot"') == 2 and ">Send it</button>" in fresh
    assert "Before you share" not in fresh and CONFIRMED not in fresh and MessageForm().seen == ""

    form = MessageForm({"message": HURTFUL})
    form.is_ready()
    assert form.before_sharing is not None
    page = render_to_string("language/coached_form.html", {"form": form, "button": "Send it", "to": "Jordan"})
    assert "Before you share" in page and "what Jordan will read" in page
    assert f'name="{CONFIRMED}" value="{form.before_sharing.fingerprint}"' in page
    assert f'name="{EDIT}"' in page and ">Share anyway</button>" in page and "Send it" not in page
    assert "“non-compliant”" in page and "“junkie”" in page and "You could try" in page
    assert HURTFUL in page  # the words stay in the box

    edit = MessageForm({"message": HURTFUL, EDIT: "1", CONFIRMED: form.before_sharing.fingerprint})
    edit.is_ready()
    back = render_to_string("language/coached_form.html", {"form": edit, "button": "Send it"})
    assert "Before you share" not in back and ">Send it</button>" in back
    assert f'name="{CONFIRMED}" value="{form.before_sharing.fingerprint}"' in back


def test_before_you_share_can_send_edit_elsewhere() -> None:
    look = second_look([Written("Your note", HURTFUL)])
    page = render_to_string("language/before_sharing.html", {"look": look, "edit_url": "/notes/1/edit/"})
    assert '<a class="button secondary" href="/notes/1/edit/">Edit</a>' in page and f'name="{EDIT}"' not in page
