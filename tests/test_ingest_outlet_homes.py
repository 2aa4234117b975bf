"""Ingest with outlet homes: each outlet's home region learnt from its stored events and read into the
names its later stories leave open (invented local-paper stories, small English model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kharita.errors import KharitaError
from kharita.ingest.articles import make_article
from kharita.ingest_run import OutletRegions, ingest_articles
from kharita.models import Article, Event, Extraction, Location
from kharita.store import Store, open_store
from kharita.store.queries import SourceRegions

ILLINOIS_STORIES = (
    "Police fired tear gas at protesters in Peoria, Illinois on Monday, officials said.",
    "Two men were shot dead outside a bar in Rockford, Illinois late on Saturday, police said.",
    "Hundreds of workers marched through Joliet, Illinois on Tuesday to demand higher wages.",
    "A gunman killed a shopkeeper in Decatur, Illinois on Sunday, police said.",
)
SPRINGFIELD_STORY = "Two people were shot dead in Springfield on Friday night, police said."


def _articles(texts: tuple[str, ...], first: int = 0) -> list[Article]:
    return [make_article(text, source="herald.example", id=f"h{first + i}") for i, text in enumerate(texts)]


def _springfield_region(store: Store) -> str | None:
    [item] = [i for i in store.search_reports().items if i.source.event.article_id == "h4"]
    location = item.source.event.location
    return location.admin1 if location is not None else None


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'kharita.db'}")


def test_a_later_run_reads_an_ambiguous_town_near_the_outlet_s_home(store: Store) -> None:
    ingest_articles(store, _articles(ILLINOIS_STORIES), model="sm")
    ingest_articles(store, _articles((SPRINGFIELD_STORY,), first=4), model="sm", outlet_homes=True)
    assert _springfield_region(store) == "Illinois"


def test_without_outlet_homes_the_biggest_namesake_wins(store: Store) -> None:
    ingest_articles(store, _articles((*ILLINOIS_STORIES, SPRINGFIELD_STORY)), model="sm")
    assert _springfield_region(store) == "Missouri"


def test_one_run_learns_the_home_from_its_earlier_batches(store: Store) -> None:
    ingest_articles(store, _articles((*ILLINOIS_STORIES, SPRINGFIELD_STORY)), model="sm", batch_size=4,
                    outlet_homes=True)
    assert _springfield_region(store) == "Illinois"


def test_outlet_homes_are_refused_with_a_remote_extractor(store: Store) -> None:
    with pytest.raises(KharitaError, match="use the local engine"):
        ingest_articles(store, [], extractor=lambda batches: iter(()), outlet_homes=True)


def _located(article_id: str, source: str, admin1: str) -> Extraction:
    place = Location("Town", admin1, None, "United States", "US", 40.0, -89.0, 1)
    event = Event(article_id + "-e", article_id, None, None, "Riots", "Mob violence", None, None, location=place)
    return Extraction(Article(article_id, "text", source=source), (event,))


def test_homes_need_three_articles_and_a_third_of_the_outlet_s_stories() -> None:
    regions = OutletRegions([SourceRegions("a.example", 10, {("US", "Illinois"): 2})])
    assert regions.homes() == {}
    regions.add([_located("x1", "a.example", "Illinois")])
    assert regions.homes() == {}  # 3 of 11 articles: under the 30% share
    regions.add([_located(f"y{i}", "a.example", "Illinois") for i in range(3)])
    assert regions.homes() == {"a.example": ("US", "IL")}  # 6 of 14


def test_a_region_name_the_gazetteer_does_not_know_gives_no_home() -> None:
    regions = OutletRegions([SourceRegions("b.example", 3, {("US", "Atlantis"): 3})])
    assert regions.homes() == {}
