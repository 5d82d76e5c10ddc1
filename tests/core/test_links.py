"""core.links: the links of a whole list, or each address a page prints, from one ``reverse`` per pattern, the same
as one ``reverse`` per item."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from alongside.core.links import MARKER, link, links


def test_each_link_is_what_reverse_gives() -> None:
    ids = [1, 7, 42, 987654320, 10**12]
    assert links("accounts:member_detail", ids) == {pk: reverse("accounts:member_detail", args=[pk]) for pk in ids}
    assert links("reports:supporter_dashboard", []) == {}


def test_a_page_without_an_argument_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        links("reports:dashboard", [1])


@pytest.mark.parametrize(
    ("viewname", "ids"),
    [
        ("plans:my_plan", ()),
        ("plans:step_edit", (0,)),
        ("plans:step_edit", (7,)),
        ("plans:step_edit", (MARKER,)),
        ("plans:step_edit", (10**12,)),
        ("plans:encourage", (3, 42)),
        ("plans:encourage", (MARKER + 1, MARKER)),
    ],
)
def test_link_is_what_reverse_gives(viewname: str, ids: tuple[int, ...]) -> None:
    assert link(viewname, *ids) == reverse(viewname, args=ids)


@pytest.mark.parametrize("argument", ["5", "five", None, -1, True, 2.0])
def test_what_is_not_a_whole_number_is_left_to_reverse(argument: object) -> None:
    try:
        expected = reverse("plans:step_edit", args=[argument])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            link("plans:step_edit", argument)
    else:
        assert link("plans:step_edit", argument) == expected


def test_a_wrong_number_of_arguments_is_refused_as_reverse_refuses_it() -> None:
    with pytest.raises(NoReverseMatch):
        link("plans:step_edit")
    with pytest.raises(NoReverseMatch):
        link("plans:my_plan", 1)


def test_the_script_prefix_is_the_one_of_the_moment() -> None:
    """A pattern is kept per script prefix (and URL configuration): one served under /sub/ links under /sub/."""
    assert link("plans:step_edit", 3) == "/me/plan/steps/3/edit/"
    set_script_prefix("/sub/")
    try:
        assert link("plans:step_edit", 3) == "/sub/me/plan/steps/3/edit/" == reverse("plans:step_edit", args=[3])
    finally:
        set_script_prefix("/")
    assert link("plans:step_edit", 3) == "/me/plan/steps/3/edit/"


def test_the_tag_prints_what_the_url_tag_prints() -> None:
    source = (
        "{% load links %}{% link 'plans:encourage' client milestone %}|{% link 'plans:my_plan' %}|"
        "{% link 'plans:step_edit' step as edit %}{{ edit }}|{% link 'plans:step_edit' text %}"
    )
    context = {"client": 4, "milestone": 12, "step": 9, "text": "9"}
    expected = Template(source.replace("{% link ", "{% url ")).render(Context(context))
    assert Template(source).render(Context(context)) == expected
    assert expected == "/people/4/plan/milestones/12/encourage/|/me/plan/|/me/plan/steps/9/edit/|/me/plan/steps/9/edit/"
