"""Store.source_regions: what each outlet's home region is learnt from (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from store_records import GAO, KABUL, extraction, full_event, minimal_event

from kharita.store import Store
from kharita.store.queries import SourceRegions


def test_regions_count_each_article_once_per_region(store: Store) -> None:
    store.save([
        extraction(1, full_event("e1", "a1"), full_event("e2", "a1", event_type="Riots")),  # two events, one article
        extraction(2, full_event("e3", "a2")),
        extraction(3, full_event("e4", "a3", location=GAO)),
        extraction(4, minimal_event("e5", "a4")),  # no place: counts as an article only
    ])
    assert store.source_regions() == [
        SourceRegions("Example", 4, {("AF", "Kabul"): 2, ("ML", "Gao"): 1})]


def test_articles_without_a_source_or_a_region_are_left_out(store: Store) -> None:
    unsourced = extraction(1, full_event("e1", "a1"))
    no_admin = replace(KABUL, admin1=None)
    store.save([replace(unsourced, article=replace(unsourced.article, source=None)),
                extraction(2, full_event("e2", "a2", location=no_admin))])
    assert store.source_regions() == [SourceRegions("Example", 1, {})]
