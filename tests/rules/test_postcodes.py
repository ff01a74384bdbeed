"""Postcode districts and distances from the shipped OS Code-Point Open centroids."""

import pytest

from ipsgate.rules.postcodes import distance_km, district_centroid, outward_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ls9 8ab", "LS9"),
        ("LS9", "LS9"),
        (" HU1  1AA ", "HU1"),
        ("EC1A 1BB", "EC1A"),
        ("W1", "W1"),
        ("nonsense", ""),
        ("", ""),
        ("12345", ""),
    ],
)
def test_outward_code(text, expected):
    assert outward_code(text) == expected


def test_leeds_to_hull_is_about_80_km_and_symmetric():
    leeds, hull = district_centroid("LS1"), district_centroid("HU1")
    assert leeds and hull
    assert 75 < distance_km(leeds, hull) < 90
    assert distance_km(leeds, hull) == distance_km(hull, leeds)
    assert distance_km(leeds, leeds) == 0


def test_unknown_district_is_none_not_an_error():
    assert district_centroid("ZZ99") is None
    assert district_centroid("BT1") is None  # Northern Ireland is not in Code-Point Open
