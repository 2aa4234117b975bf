import pytest

from kharita.stages.numbers import Count, parse_count


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("seven", Count(7)),
        ("twenty-three", Count(23)),
        ("1,000", Count(1000)),
        ("two hundred", Count(200)),
        ("at least 13", Count(13, low=13, qualifier="at least")),
        ("more than 20", Count(20, low=20, qualifier="more than")),
        ("up to 40", Count(40, high=40, qualifier="up to")),
        ("between 10 and 15", Count(10, low=10, high=15, qualifier="range")),
        ("10-15", Count(10, low=10, high=15, qualifier="range")),
        ("dozens", Count(12, qualifier="dozens", vague=True)),
        ("two dozen", Count(24)),
        ("several", Count(3, qualifier="several", vague=True)),
        ("hundreds", Count(100, qualifier="hundreds", vague=True)),
    ],
)
def test_parse_count(phrase: str, expected: Count) -> None:
    assert parse_count(phrase) == expected


@pytest.mark.parametrize("phrase", ["Sunday", "the army", "", "a"])
def test_not_a_count(phrase: str) -> None:
    assert parse_count(phrase) is None
