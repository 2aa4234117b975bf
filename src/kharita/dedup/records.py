"""The typed records deduplication works on: a stored event as one source's report of an incident, and the
explanation of a pairwise match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from kharita.dedup.text import TextProfile, folded_words, profile
from kharita.models import Actor, Article, Event, Location, record_to_dict
from kharita.resources.lexicon import identity_words

NO_EVIDENCE = 10**9


@dataclass(frozen=True)
class Report:
    """One event as one source reports it: what deduplication compares.

    ``published_at`` is the article's publication date: it stands in for a missing event date and orders
    reports in time (the fatality rule). ``words`` are the weighted words of the event's evidence and, for the
    article's lead event, of the article's title and text too.
    """

    event_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    published_at: date | None = None
    date_precision: str | None = "day"
    location: Location | None = None
    country: str | None = None
    country_code: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    fatalities: int = 0
    confidence: float = 0.5
    words: TextProfile = field(default_factory=TextProfile, repr=False)
    crowd: frozenset[str] = frozenset()  # who protested or rioted, in the evidence ('teachers' → Teachers)

    @property
    def day(self) -> date | None:
        """The day of the incident as far as this report says: its event date, else the publication date."""
        return self.event_date if self.event_date is not None else self.published_at

    @property
    def actors(self) -> tuple[Actor, ...]:
        return tuple(a for a in (self.actor1, self.actor2) if a is not None)

    @cached_property
    def named_actors(self) -> dict[str, str]:
        """Actor id (or name) → name of the actors that name somebody in particular (``is_generic``)."""
        return {(x.id or x.name): x.name for x in self.actors if not is_generic(x)}

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Earliest report first: publication date, then event date, then event id (undated last)."""
        return (_iso(self.published_at), _iso(self.event_date), self.event_id)


_GENERIC_TYPES = frozenset({"Civilians", "Protesters", "Rioters"})


def is_generic(actor: Actor) -> bool:
    """Civilians, protesters, rioters, unidentified armed groups: they name nobody in particular."""
    return actor.type in _GENERIC_TYPES or actor.name.startswith("Unidentified")


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else "9999-12-31"


def lead_key(first_evidence: int | None, confidence: float, event_id: str) -> tuple[int, float, str]:
    """Order of an article's events, its lead event first: the event reported first (its earliest evidence
    span, as news puts the main incident in the opening lines), then the more confident, then by id."""
    return (NO_EVIDENCE if first_evidence is None else first_evidence, -confidence, event_id)


def lead_event(events: Sequence[Event]) -> Event | None:
    """The article's main event: the one reported first (see ``lead_key``); None for no events."""
    if not events:
        return None
    return min(events, key=lambda e: lead_key(min((v.start for v in e.evidence), default=None), e.confidence,
                                              e.event_id))


def report_of(event: Event, *, published_at: date | None = None, context: Iterable[str] = ()) -> Report:
    """The Report for an event; ``published_at`` is its article's publication date, ``context`` more text
    about the same incident (the article's title and text, for its lead event)."""
    return Report(
        event_id=event.event_id,
        article_id=event.article_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        event_date=event.event_date,
        published_at=published_at,
        date_precision=event.date_precision if event.event_date is not None else None,
        location=event.location,
        country=event.country or (event.location.country if event.location else None),
        country_code=event.country_code or (event.location.country_code if event.location else None),
        actor1=event.actor1,
        actor2=event.actor2,
        fatalities=event.fatalities,
        confidence=event.confidence,
        words=profile([*context, *(e.text for e in event.evidence)]),
        crowd=crowd_of(event),
    )


CROWD_EVENTS = frozenset({"Protests", "Riots"})


def crowd_of(event: Event) -> frozenset[str]:
    """The identities named in a protest's or riot's evidence (the table of ``kharita.stages.roles``): two
    protests in one city on one day are told apart by who marched."""
    if event.event_type not in CROWD_EVENTS:
        return frozenset()
    table = identity_words()
    words = (w for e in event.evidence for w in folded_words(e.text))
    return frozenset(table[w].removesuffix(" ({country})") for w in words if w in table)


def article_reports(article: Article, events: Sequence[Event]) -> list[Report]:
    """Reports for one article's events: the lead event reads the title and the whole article as well."""
    lead = lead_event(events)
    context = [t for t in (article.title, article.text) if t]
    return [report_of(e, published_at=article.published_at, context=context if e is lead else ())
            for e in events]


@dataclass(frozen=True)
class Component:
    """One part of a pairwise match: the points it adds (agreement) or takes away (contradiction), the value
    measured (a cosine, days, km; None when there was nothing to compare) and why, in words."""

    name: str
    points: float
    value: float | None
    reason: str


@dataclass(frozen=True)
class MatchExplanation:
    """Why two reports are, or are not, the same incident. ``score`` in [0, 1] is the logistic of the
    components' points added up; ``veto`` names a rule that keeps the pair apart whatever the score."""

    a: str
    b: str
    score: float
    components: tuple[Component, ...]
    veto: str | None = None

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def other(self, event_id: str) -> str:
        """The other event of the pair."""
        return self.b if event_id == self.a else self.a

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)

    def summary(self) -> str:
        """'score 0.81: text +1.9 (shared: gwoza, ngoshe), date +0.5 (0 day(s) apart), ...'."""
        if self.veto:
            return f"kept apart: {self.veto}"
        parts = [f"{c.name} {c.points:+.1f} ({c.reason})" for c in self.components if c.points]
        return f"score {self.score:.2f}: " + ", ".join(parts)


def explanation_from_dict(data: dict[str, Any]) -> MatchExplanation:
    """The inverse of ``MatchExplanation.to_dict`` (for explanations stored as JSON)."""
    components = tuple(Component(str(c["name"]), float(c["points"]), c.get("value"), str(c["reason"]))
                       for c in data.get("components", []))
    return MatchExplanation(str(data["a"]), str(data["b"]), float(data["score"]), components, data.get("veto"))
