from datetime import date

import pytest

from kharita.stages.dates import resolve

SUNDAY = date(2011, 8, 28)
MONDAY = date(2024, 3, 11)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Sunday", SUNDAY, (date(2011, 8, 28), "day")),  # same weekday as publication: that day
        ("last Sunday", SUNDAY, (date(2011, 8, 21), "day")),
        ("Saturday night", SUNDAY, (date(2011, 8, 27), "day")),
        ("on Sunday", MONDAY, (date(2024, 3, 10), "day")),
        ("yesterday", MONDAY, (date(2024, 3, 10), "day")),
        ("last night", MONDAY, (date(2024, 3, 10), "day")),
        ("today", MONDAY, (date(2024, 3, 11), "day")),
        ("last week", MONDAY, (date(2024, 3, 6), "week")),
        ("earlier this month", MONDAY, (date(2024, 3, 11), "month")),
        ("earlier this month", SUNDAY, (date(2011, 8, 15), "month")),
        ("December 13", MONDAY, (date(2023, 12, 13), "day")),
        ("March 4, 2024", MONDAY, (date(2024, 3, 4), "day")),
        ("early February", MONDAY, (date(2024, 2, 1), "month")),
        ("2009", MONDAY, (date(2009, 7, 1), "year")),
    ],
)
def test_resolve(text: str, published: date, expected: tuple[date, str]) -> None:
    assert resolve(text, published) == expected


@pytest.mark.parametrize("text", ["weeks", "the past three days", "this year", "48 hours"])
def test_durations_are_not_dates(text: str) -> None:
    assert resolve(text, MONDAY) is None
