"""core.links: the links of a whole list from one ``reverse``, the same as one ``reverse`` per item."""

import pytest
from django.urls import NoReverseMatch, reverse

from alongside.core.links import links


def test_each_link_is_what_reverse_gives() -> None:
    ids = [1, 7, 42, 987654320, 10**12]
    assert links("accounts:member_detail", ids) == {pk: reverse("accounts:member_detail", args=[pk]) for pk in ids}
    assert links("reports:supporter_dashboard", []) == {}


def test_a_page_without_an_argument_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        links("reports:dashboard", [1])
