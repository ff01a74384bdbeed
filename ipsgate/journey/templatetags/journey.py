"""Small display filters for journey pages."""

from __future__ import annotations

from typing import Any

from django import template

from ipsgate.core.choices import JobSector
from ipsgate.journey.choices import ContactTopic, WorkAdjustment

register = template.Library()


def _labels(codes: Any, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(code, code) for code in codes or [])


@register.filter
def sector_labels(codes: Any) -> str:
    return _labels(codes, dict(JobSector.choices))


@register.filter
def adjustment_labels(codes: Any) -> str:
    return _labels(codes, dict(WorkAdjustment.choices))


@register.filter
def topic_labels(codes: Any) -> str:
    return _labels(codes, dict(ContactTopic.choices))


@register.filter
def get(mapping: Any, key: str) -> Any:
    """mapping[key] for keys with hyphens, which template dot lookup cannot express."""
    return mapping.get(key) if hasattr(mapping, "get") else None
