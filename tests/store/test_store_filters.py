"""Filtering events by country, date range, type and article."""

from __future__ import annotations

from datetime import date

import pytest
from store_records import GAO, extraction, full_event, minimal_event

from kharita.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    store.save(
        [
            extraction(
                1,
                full_event("kabul-jan", "a1", event_date=date(2024, 1, 10)),
                full_event(
                    "kabul-mar",
                    "a1",
                    event_date=date(2024, 3, 1),
                    event_type="Riots",
                    sub_event_type="Mob violence",
                ),
            ),
            extraction(
                2,
                full_event(
                    "gao-feb",
                    "a2",
                    event_date=date(2024, 2, 15),
                    location=GAO,
                    event_type="Explosions/Remote violence",
                    sub_event_type="Air/drone strike",
                ),
                minimal_event("undated", "a2"),
            ),
        ]
    )
    return store


def _ids(store: Store, **filters: object) -> list[str]:
    return [e.event_id for e in store.events(**filters)]  # type: ignore[arg-type]


@pytest.mark.parametrize("country", ["AF", "af", "Afghanistan", "AFGHANISTAN"])
def test_country_by_code_or_name(filled: Store, country: str) -> None:
    assert _ids(filled, country=country) == ["kabul-jan", "kabul-mar"]


def test_country_without_match(filled: Store) -> None:
    assert _ids(filled, country="ml") == ["gao-feb"]
    assert _ids(filled, country="FR") == []


def test_since_until(filled: Store) -> None:
    assert _ids(filled, since=date(2024, 2, 1)) == ["gao-feb", "kabul-mar"]
    assert _ids(filled, until=date(2024, 2, 15)) == ["kabul-jan", "gao-feb"]
    assert _ids(filled, since=date(2024, 2, 1), until=date(2024, 2, 28)) == ["gao-feb"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("battles", ["kabul-jan"]),
        ("Riots", ["kabul-mar"]),
        ("mob VIOLENCE", ["kabul-mar"]),
        ("air/drone strike", ["gao-feb"]),
        ("Strategic developments", ["undated"]),
    ],
)
def test_event_type_or_sub_type(filled: Store, wanted: str, expected: list[str]) -> None:
    assert _ids(filled, event_type=wanted) == expected


def test_article_and_combined_filters(filled: Store) -> None:
    assert _ids(filled, article_id="a2") == ["gao-feb", "undated"]
    assert _ids(filled, country="af", event_type="riots", since=date(2024, 1, 1), limit=5) == ["kabul-mar"]
    assert _ids(filled) == ["kabul-jan", "gao-feb", "kabul-mar", "undated"]
