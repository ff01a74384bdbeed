"""Page-number pagination whose parameters are validated: a bad page or page size is a 400 with a message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from ipsgate.core.query_params import MAX_PAGE, whole_number

MAX_PAGE_SIZE = 100


def _whole_number(request: Request, name: str, *, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        return whole_number(raw, minimum=1, maximum=maximum)
    except ValueError:
        raise ValidationError({name: [f"Enter a whole number from 1 to {maximum}."]}) from None


class StrictPageNumberPagination(PageNumberPagination):
    page_size = settings.IPSGATE_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return _whole_number(request, "page_size", default=self.page_size, maximum=self.max_page_size)

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int:
        return _whole_number(request, "page", default=1, maximum=MAX_PAGE)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the last answers 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
