"""Postcode districts (outward codes) and straight-line distances between them. Pure: no Django.

Centroids come from `data/postcode_districts.csv` (OS Code-Point Open, OGL; see data/README.md), on the
British National Grid, so the distance between two districts is plain Euclidean metres.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "postcode_districts.csv"
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")


@dataclass(frozen=True)
class GridRef:
    easting: int
    northing: int


def outward_code(postcode: str) -> str:
    """The district part of a postcode ('ls9 8ab' → 'LS9'; 'LS9' → 'LS9'); '' when it is not a UK postcode."""
    text = " ".join(postcode.upper().split())
    full = _FULL.match(text)
    if full:
        return full.group(1)
    return text if _OUTWARD.match(text) else ""


@cache
def _centroids() -> dict[str, GridRef]:
    with DATA_FILE.open(newline="") as handle:
        return {row["district"]: GridRef(int(row["easting"]), int(row["northing"])) for row in csv.DictReader(handle)}


def district_centroid(district: str) -> GridRef | None:
    """The centroid of a district, or None when the district is not recognised."""
    return _centroids().get(outward_code(district))


def distance_km(a: GridRef, b: GridRef) -> float:
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000
