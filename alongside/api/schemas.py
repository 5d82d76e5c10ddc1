"""Shapes shared by every router: errors and pages of results."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 100


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.")


class InvalidInput(Error):
    errors: list[dict[str, Any]] = Field(description="Each parameter that was not valid, and why.")


# Add to an operation's ``response=`` so the schema documents every answer it can give.
ERRORS: dict[int, type[Schema]] = {401: Error, 404: Error, 422: InvalidInput}


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"How many items to return (1 to {MAX_PAGE_SIZE}).")
    offset: int = Field(0, ge=0, le=10_000_000, description="How many items to skip.")


class PageMeta(Schema):
    count: int = Field(description="How many items there are in all.")
    limit: int
    offset: int


def page_of(queryset: QuerySet[M], params: PageParams) -> tuple[list[M], dict[str, int]]:
    """One page of ``queryset`` (which must be ordered) and the page's metadata."""
    items = list(queryset[params.offset : params.offset + params.limit])
    return items, {"count": queryset.count(), "limit": params.limit, "offset": params.offset}
