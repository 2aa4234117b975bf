"""POST /api/articles: one article through extraction and storage, as `kharita ingest` does."""

from __future__ import annotations

from kharita.api.schemas import ArticleIn, IngestOut
from kharita.errors import InputError
from kharita.ingest.articles import make_article
from kharita.ingest_run import ingest_articles
from kharita.resources.actors import ActorEntry, use_actors
from kharita.store import Store

_fed: set[ActorEntry] = set()


def ingest_one(store: Store, body: ArticleIn, *, model: str | None = None) -> IngestOut:
    """Store the article and its events; raises InputError (422) when the text cannot be used (blank, not
    English, ...)."""
    article = make_article(body.text, source=body.source, id=body.id, title=body.title, url=body.url,
                           published_at=body.published_at)
    _use_stored_actors(store)
    summary = ingest_articles(store, [article], model=model)
    if summary.failures:
        failure = summary.failures[0]
        raise InputError(f"the article was not stored: {failure.error} (stage {failure.stage})")
    events = store.events(article_id=article.id)
    incident_ids = [d.incident.incident_id for d in (store.incident(e.event_id) for e in events) if d is not None]
    return IngestOut(article_id=article.id, stored=summary.stored > 0, events=len(events),
                     incident_ids=list(dict.fromkeys(incident_ids)))


def _use_stored_actors(store: Store) -> None:
    """Feed the registry the actors added, reviewed or merged in the database since the last article (the
    caller holds the ingest lock)."""
    new = [e for e in store.actor_entries() if e not in _fed]
    if new:
        use_actors(entries=new)
        _fed.update(new)
