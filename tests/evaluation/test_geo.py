from __future__ import annotations

from pathlib import Path

import pytest

from kharita.evaluation.geo import Gold, Score, aligned, read_articles
from kharita.models import Location
from kharita.stages.places import PlaceMention

LGL = """<articles><article docid="1"><text>Flooding closed roads in Nairobi and Mombasa.</text><toponyms>
<toponym><start>25</start><end>32</end><phrase>Nairobi</phrase>
<gaztag geonameid="184745"><name>Nairobi</name><lat>-1.28333</lat><lon>36.81667</lon></gaztag></toponym>
<toponym><start>37</start><end>44</end><phrase>Mombasa</phrase><gaztag geonameid="0"></gaztag></toponym>
</toponyms></article></articles>"""

GEOVIRUS = """<articles><article><text>A fair opened in Kisumu.</text><locations>
<location><name>Kisumu</name><start>16</start><end>22</end><lat>-0.1</lat><lon>34.75</lon></location>
</locations></article></articles>"""


def test_reads_lgl_and_skips_toponyms_without_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    [article] = read_articles(path)
    assert article.toponyms == (Gold(25, 32, "Nairobi", -1.28333, 36.81667),)


def test_reads_geovirus_and_realigns_off_by_one_spans(tmp_path: Path) -> None:
    path = tmp_path / "geovirus.xml"
    path.write_text(GEOVIRUS, encoding="utf-8")
    [article] = read_articles(path)
    [gold] = article.toponyms
    assert article.text[gold.start : gold.end] == "Kisumu"
    assert (gold.start, gold.end) == (17, 23)


def test_reads_the_outlet_of_each_article(tmp_path: Path) -> None:
    lgl, geovirus = tmp_path / "lgl.xml", tmp_path / "geovirus.xml"
    lgl.write_text(LGL.replace("<text>", "<domain>dailyplanet.com</domain><text>", 1), encoding="utf-8")
    geovirus.write_text(GEOVIRUS.replace("<text>", "<source>https://en.wikinews.org/wiki/Fair</source><text>", 1),
                        encoding="utf-8")
    assert [a.source for a in read_articles(lgl)] == ["dailyplanet.com"]
    assert [a.source for a in read_articles(geovirus)] == ["en.wikinews.org"]


def test_aligned_keeps_matching_span() -> None:
    gold = Gold(0, 4, "Gulu", 2.78, 32.3)
    assert aligned("Gulu town", gold) is gold


def _mention(lat: float, lon: float) -> PlaceMention:
    return PlaceMention(0, 1, "X", Location("X", None, None, None, "KE", lat, lon, 1), "place")


def test_score_accuracy_median_coverage() -> None:
    score = Score("test")
    gold = Gold(0, 1, "X", 0.0, 0.0)
    score.add(gold, _mention(0.0, 1.0))  # ~111 km
    score.add(gold, _mention(0.0, 3.0))  # ~334 km
    score.add(gold, None)
    assert score.total == 3
    assert score.accuracy == pytest.approx(1 / 3)
    assert score.coverage == pytest.approx(2 / 3)
    assert score.median_km == pytest.approx((111.195 + 333.585) / 2, rel=1e-3)
    assert "| test" in score.row()
    assert [(s.name.strip(), s.total) for s in score.breakdown()] == [("missed", 1), ("place/p1", 2)]
