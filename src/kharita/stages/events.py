"""Events: cues, actors, places, dates and casualties assembled into ACLED-coded event drafts.

One sentence gives at most one *mention* (its best sub-event type by ACLED precedence); mentions that agree
on day, place and kind of violence are merged into one event; cumulative tolls become aggregates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kharita.models import SUB_EVENT_TYPES
from kharita.stages._ext import ensure, published_at, sentence, text_of
from kharita.stages.actors import ATTACK_NOUNS, ActorMention
from kharita.stages.casualties import CasualtyMention
from kharita.stages.cues import EVENT_NOUNS as CUE_EVENT_NOUNS
from kharita.stages.cues import Cue
from kharita.stages.dates import DateMention, dateline_span
from kharita.stages.places import EVENT_ROLES, PlaceMention
from kharita.stages.typing import (
    ARMED,
    CONTEXT,
    DEMONSTRATION_TYPES,
    FAMILY,
    HARM_ONLY,
    MERGE_RANK,
    STARTS_ONLY_WITH_DATE,
    sub_event_type,
)

BACKGROUND_DAYS = 45
GENERIC_TYPES = frozenset({"Attack", "Armed clash", "Arrests"})
FOLLOW_UP_SENTENCES = 3
HEADLINE_TOKENS = 30
SPEECH_VERBS = frozenset({"say", "tell", "announce", "report", "confirm", "state", "add", "claim", "cite", "quote",
                          "disclose", "reveal", "declare", "describe", "note", "accuse", "blame", "condemn"})


@dataclass(frozen=True)
class Mention:
    """What one sentence says about one event."""

    sentence: Span
    sub_event_type: str
    cues: tuple[Cue, ...]
    date: DateMention | None
    place: PlaceMention | None
    casualties: tuple[CasualtyMention, ...]
    actors: tuple[ActorMention, ...]
    anchored: bool = True
    index: int = 0
    statement_date: bool = False  # the date says when something was said, not when it happened

    @property
    def own_date(self) -> DateMention | None:
        """The date of the event itself, not of a statement about it."""
        return None if self.statement_date else self.date

    @property
    def family(self) -> str:
        return FAMILY[self.sub_event_type]

    @property
    def harm_only(self) -> bool:
        """Only generic harm words ('killed', 'attack'): such a sentence can join an event of any kind."""
        return {c.label for c in self.cues} <= HARM_ONLY and self.sub_event_type in GENERIC_TYPES


@dataclass
class EventDraft:
    """An event being assembled from one or more sentence mentions."""

    mentions: list[Mention] = field(default_factory=list)
    claimed_by: list[ActorMention] = field(default_factory=list)
    occurred: DateMention | None = None  # 'The attack took place on Thursday night' after the report

    @property
    def sub_event_type(self) -> str:
        return min((m.sub_event_type for m in self.mentions if not m.harm_only),
                   key=MERGE_RANK.index, default=self.mentions[0].sub_event_type)

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TYPES[self.sub_event_type]

    @property
    def own_date(self) -> DateMention | None:
        return next((m.own_date for m in self.mentions if m.own_date is not None), None)

    @property
    def date(self) -> DateMention | None:
        """The first date a mention gives for the event itself; a date of a statement only as a fallback."""
        dated = [m for m in self.mentions if m.date is not None]
        own = next((m.date for m in dated if not m.statement_date), None)
        return own or self.occurred or (dated[0].date if dated else None)

    @property
    def place(self) -> PlaceMention | None:
        """The most precise place any mention gives, the first among equals ('eastern Afghanistan' gives way to
        'in Jalalabad' two sentences on, and 'southwest Colombia' to 'in Cauca department')."""
        places = [m.place for m in self.mentions if m.place is not None]
        return min(places, key=lambda p: (p.location.geo_precision, p.stands_for_part_of_country)) if places else None

    def accepts(self, mention: Mention) -> bool:
        if not mention.anchored and mention.index - self.mentions[-1].index > FOLLOW_UP_SENTENCES:
            return False
        if mention.own_date is not None and self.own_date is None and mention.harm_only != self.mentions[0].harm_only:
            return False  # a dated killing is not folded into an undated strike of another kind
        if mention.sub_event_type in DEMONSTRATION_TYPES and self._armed_attack():
            return False  # 'gunmen shot dead three traders ... workers later blocked roads in protest'
        dates = _compatible_dates(self.own_date, mention.own_date) or _toll_update_only(mention)
        return dates and _compatible_places(self.place, mention.place) \
            and (mention.harm_only or self.mentions[0].harm_only or self.family_matches(mention)
                 or self._aftermath(mention))

    def _armed_attack(self) -> bool:
        """Killing by an armed group named as its subject: a crowd's reaction is a separate event."""
        return all(m.harm_only for m in self.mentions) and any(
            a.subject and a.entry.type in ARMED for m in self.mentions for a in m.actors)

    def _aftermath(self, mention: Mention) -> bool:
        """An undated development right after an event ('weapons were recovered from the dead fighters')
        belongs to that event; ACLED's precedence keeps the event's type."""
        close = mention.index - self.mentions[-1].index <= FOLLOW_UP_SENTENCES
        return close and mention.own_date is None and SUB_EVENT_TYPES[mention.sub_event_type] == \
            "Strategic developments" and self.event_type != "Strategic developments"

    def family_matches(self, mention: Mention) -> bool:
        """Across sentences only the same sub-event type merges: ACLED's precedence applies to tactics used
        together, which one sentence states; a suicide bombing and a later gun battle are two events."""
        mine = {m.sub_event_type for m in self.mentions if not m.harm_only}
        if mine <= DEMONSTRATION_TYPES and mention.sub_event_type in DEMONSTRATION_TYPES:
            return True  # a protest that turns violent the same day is one event
        return not mine or mention.sub_event_type in mine


def _toll_update_only(mention: Mention) -> bool:
    """'The death toll rose to 11 on Tuesday': the day the toll rose, not another incident's."""
    return mention.harm_only and bool(mention.casualties) and all(c.update for c in mention.casualties)


def _compatible_dates(a: DateMention | None, b: DateMention | None) -> bool:
    return a is None or b is None or a.date == b.date or "day" not in (a.precision, b.precision)


def _compatible_places(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    la, lb = a.location, b.location
    if la.geonameid == lb.geonameid or la.name == lb.name:
        return True
    return max(la.geo_precision, lb.geo_precision) >= 2 and la.admin1 == lb.admin1


def sentence_date(sent: Span, dates: Sequence[DateMention], published: date | None) -> DateMention | None:
    """The sentence's event date; a date that only says when something was announced comes last."""
    inside = [d for d in dates if sent.start_char <= d.start_char < sent.end_char and d.precision != "year"]
    if published is not None:
        inside = [d for d in inside if d.date <= published + timedelta(days=1)]
    inside.sort(key=lambda d: (_dates_a_statement(sent, d), _dates_a_relative_clause(sent, d)))
    return inside[0] if inside else None


def _dates_a_relative_clause(sent: Span, mention: DateMention) -> bool:
    """'The tribes that fought in February resumed clashes on Friday': February tells about the tribes."""
    span = sent.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    return span is not None and any(t.dep_ == "relcl" for t in span.root.ancestors)


def _dates_a_statement(sent: Span, mention: DateMention) -> bool:
    span = sent.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    if span is None:
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.lemma_.lower() in SPEECH_VERBS


def is_background(mention_date: DateMention | None, published: date | None) -> bool:
    if mention_date is None or published is None:
        return False
    return mention_date.date < published - timedelta(days=BACKGROUND_DAYS)


def build_mention(doc: Doc, sent: Span, cues: list[Cue]) -> Mention | None:
    casualties = tuple(c for c in doc._.kharita_casualties if c.sentence_start == sent.start_char)
    firm = any(_firm(c) for c in casualties)
    live = [c for c in cues if not c.irrealis and (firm or not c.attributed)]
    if any(not c.cause and c.label not in CONTEXT for c in live):
        live = [c for c in live if not c.cause]  # 'rioted after the arrest of a leader': the riot, not an arrest
    if any(c.past for c in live) and not firm:  # 'blocked the highway to protest': the protest is the purpose
        live = [c for c in live if c.past or c.label in CONTEXT or c.label == "protest"]
    actors = tuple(a for a in doc._.kharita_actors if sent.start_char <= a.start_char < sent.end_char)
    if _nobody_harmed(live, casualties) or _only_talk(live, firm):
        return None
    sub_type = sub_event_type({c.label for c in live}, actors, casualties)
    if sub_type is None:
        return None
    when = sentence_date(sent, doc._.kharita_dates or [], published_at(doc))
    place = _place_in(doc, sent)
    statement = when is not None and _dates_a_statement(sent, when)
    return Mention(sent, sub_type, tuple(live), when, place, casualties, actors, statement_date=statement)


NON_PLACE_HEADS = frozenset({"highway", "road", "motorway", "expressway", "railway", "line", "route",
                             "pipeline", "corridor", "border", "office", "embassy", "airport", "university",
                             "airliner", "flight", "plane", "jet", "train", "bus", "convoy"})


TOLL_VERBS = frozenset({"kill", "injure"})  # cues that only say who was harmed


def _nobody_harmed(cues: list[Cue], casualties: Sequence[CasualtyMention]) -> bool:
    """'Police said nobody was hurt': the sentence's only cue is a harm that its count denies."""
    return bool(cues) and all(c.label in TOLL_VERBS for c in cues) \
        and bool(casualties) and all(c.count.best == 0 for c in casualties)


def _only_talk(cues: list[Cue], firm: bool) -> bool:
    """Diplomacy or accusation about violence named only by nouns ('sanctions over missile tests',
    'expelled after a nerve agent attack'): no act is reported in this sentence."""
    talk = any(c.label in ("diplo", "attrib") for c in cues) and not any(c.label == "protest" for c in cues)
    acted = any(c.verbal and c.past and c.label not in CONTEXT for c in cues)
    return talk and not acted and not firm


def _place_in(doc: Doc, sent: Span) -> PlaceMention | None:
    """The sentence's event place: not the dateline (where the story was filed) nor a name used as a
    modifier ('the Pune–Bengaluru highway'); the most precise, then a named region before a part of a country
    ("east Ukraine's Donetsk region"), then the first."""
    filed = dateline_span(text_of(doc))
    places = [p for p in (doc._.kharita_places or []) if sent.start_char <= p.start_char < sent.end_char
              and p.role in EVENT_ROLES and not filed[0] <= p.start_char < filed[1] and not _modifier(doc, p)]
    scenes = [p for p in places if not office_domain(doc, p)] or places
    return min(scenes, key=lambda p: (p.location.geo_precision, p.stands_for_part_of_country)) if scenes else None


OFFICE_NOUNS = frozenset({"commissioner", "governor", "mayor", "chairman", "chairperson", "chairwoman", "senator",
                          "lawmaker", "legislator", "mp", "speaker", "spokesman", "spokeswoman", "spokesperson",
                          "deputy", "emir", "bishop", "archbishop", "imam"})


def office_domain(doc: Doc, place: PlaceMention) -> bool:
    """'the commissioner of Kano State was killed' (on a visit to Enugu): where the office is, not the scene;
    but where the office holder speaks ('the deputy governor of Paktia said'), the office's province is."""
    span = doc.char_span(place.start_char, place.end_char, alignment_mode="expand")
    if span is None:
        return False
    office = span.root
    for _ in range(3):  # 'the governor of a district of a province'
        if office.dep_ != "pobj" or office.head.lower_ != "of":
            return False
        office = office.head.head
        if office.lower_ in OFFICE_NOUNS:
            break
    holder = office.head if office.dep_ == "appos" else office
    speaks = holder.dep_ == "nsubj" and holder.head.lemma_.lower() in SPEECH_VERBS
    return office.lower_ in OFFICE_NOUNS and not speaks


def _modifier(doc: Doc, place: PlaceMention) -> bool:
    span = doc.char_span(place.start_char, place.end_char, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(3):  # 'the Gulu-Juba road', 'the Kuala Lumpur-Amsterdam airliner': up the compound chain
        if token.dep_ not in ("compound", "nmod", "amod", "punct", "npadvmod") or token.head is token:
            return False
        token = token.head
        if token.lower_ in NON_PLACE_HEADS:
            return True
    return False


def sentence_mentions(doc: Doc) -> Iterator[Mention]:
    """One mention per sentence that reports political violence or protest; headlines are skipped (the
    body reports the same events with dates)."""
    cues = doc._.kharita_cues or []
    published = published_at(doc)
    for index, sent in enumerate(doc.sents):
        in_sentence = [c for c in cues if sent.start <= c.start < sent.end]
        if not in_sentence or is_headline(sent):
            continue
        mention = build_mention(doc, sent, in_sentence)
        if mention is None or is_background(mention.date, published) or _disaster_damage(doc, mention):
            continue
        if mention.date is None and not any(c.past for c in mention.cues) and not _has_firm_count(mention):
            continue
        if index > 0 and _back_reference(doc, mention):
            continue
        yield replace(mention, anchored=_anchored(mention), index=index)


def _back_reference(doc: Doc, mention: Mention) -> bool:
    """'The bombing came a day after ...': a definite noun pointing back at an event already reported, with no
    date or toll of its own."""
    if mention.own_date is not None or mention.casualties:
        return False
    acts = [c for c in mention.cues if c.label not in CONTEXT]
    return bool(acts) and all(not c.verbal and _definite(doc[c.start:c.end].root) for c in acts)


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children)


def _disaster_damage(doc: Doc, mention: Mention) -> bool:
    """'260 houses were destroyed' in a flood story where no armed group or crowd acts: damage, not an event."""
    if mention.sub_event_type != "Looting/property destruction":
        return False
    disaster = any(c.label == "disaster" for c in doc._.kharita_cues or [])
    agents = any(a.entry.type in ARMED | {"Rioters", "Protesters"} and not a.speaker
                 for a in doc._.kharita_actors or [])
    return disaster and not agents


def is_headline(sent: Span) -> bool:
    """A line before the first full sentence that stands alone without a full stop (titles, kickers)."""
    text = sent.text.rstrip()
    ends_line = "\n" in sent.text_with_ws[len(text):]
    if not ends_line or len(sent) > HEADLINE_TOKENS or text[-1:] in '.!?"”':
        return False
    before = text_of(sent.doc)[:sent.start_char]
    return not re.search(r'[.!?"”]\s', before)


BRIEF_SENTENCES = 2


def _brief(doc: Doc) -> bool:
    sentences = doc.user_data.setdefault("kharita_sentence_count", sum(1 for _ in doc.sents))
    return sentences <= BRIEF_SENTENCES


def _firm(casualty: CasualtyMention) -> bool:
    return not casualty.count.vague and not casualty.cumulative and casualty.count.best > 0


def _has_firm_count(mention: Mention) -> bool:
    return any(_firm(c) for c in mention.casualties)


def _anchored(mention: Mention) -> bool:
    """Specific enough to be an event: a stated day/week, a firm count, or a specific weapon or act. A brief
    of one or two sentences is its own anchor: it reports a single incident."""
    if _brief(mention.sentence.doc):
        return True
    if mention.sub_event_type in STARTS_ONLY_WITH_DATE:
        return mention.date is not None or any(c.past and c.verbal for c in mention.cues)
    if mention.date is None and not any(c.past for c in mention.cues):
        return False
    named_perpetrator = any(a.subject and (a.entry.named or a.entry.type == "State forces") and a.entry.type in ARMED
                            for a in mention.actors)
    return mention.date is not None or _has_firm_count(mention) or not mention.harm_only or named_perpetrator


def cluster(mentions: Iterable[Mention]) -> list[EventDraft]:
    drafts: list[EventDraft] = []
    for mention in mentions:
        target = next((d for d in reversed(drafts) if d.accepts(mention)), None)
        if target is None and (_only_cumulative(mention) or not mention.anchored):
            continue
        if target is None:
            drafts.append(EventDraft([mention]))
        else:
            target.mentions.append(mention)
    return [d for d in drafts if not all(m.harm_only and _only_cumulative(m) for m in d.mentions)]


def _only_cumulative(mention: Mention) -> bool:
    return bool(mention.casualties) and all(c.cumulative for c in mention.casualties) and mention.harm_only


SUSPICION_LEMMAS = frozenset({"suspect", "hallmark", "blame", "attribute", "accuse", "claim", "responsible"})
ATTRIBUTION_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "prep", "dobj", "attr", "pobj", "acomp"})


def attach_claims(doc: Doc, drafts: list[EventDraft]) -> None:
    """'The TTP claimed responsibility', 'Boko Haram is suspected', 'the attack bore the hallmarks of al-Shabaab'
    name the perpetrator of the event reported in or just before that sentence."""
    starts = [d.mentions[0].sentence.start_char for d in drafts]
    for where, groups in _attributions(doc):
        before = [i for i, start in enumerate(starts) if start <= where]
        if before:
            drafts[before[-1]].claimed_by.extend(groups)


def _attributions(doc: Doc) -> Iterator[tuple[int, list[ActorMention]]]:
    cues = {c.start for c in doc._.kharita_cues or [] if c.label == "attrib"}
    for i in sorted(cues):
        yield doc[i].idx, _named_armed(doc, sentence(doc[i]))
    for token in doc:
        if token.i not in cues and token.lemma_.lower() in SUSPICION_LEMMAS and token.pos_ in ("VERB", "NOUN", "ADJ"):
            yield token.idx, _named_armed(doc, sentence(token), _attributed_to(token))
        elif token.lemma_.lower() in OWN_CLAIM_VERBS and token.pos_ == "VERB" and _tells_of_its_own(token):
            yield token.idx, _named_armed(doc, sentence(token), _subject_spans(token))


OWN_CLAIM_VERBS = frozenset({"say", "announce", "state", "confirm", "boast"})


def _tells_of_its_own(verb: Token) -> bool:
    """'al-Shabaab said its fighters had ambushed a convoy': a group reporting what its own men did claims it."""
    return any(clause.dep_ == "ccomp" and any(
        subject.dep_ in ("nsubj", "nsubjpass") and any(p.dep_ == "poss" and p.lower_ in ("its", "their")
                                                       for p in subject.children)
        for subject in clause.children) for clause in verb.children)


def _subject_spans(verb: Token) -> list[tuple[int, int]]:
    return [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in verb.children if c.dep_ == "nsubj"]


def _attributed_to(token: Token) -> list[tuple[int, int]]:
    """Where the blamed group can be: the subject, agent or object of 'suspect', 'blame', 'claim', 'hallmarks of'
    — not a reported clause ('police claimed they killed five Boko Haram fighters')."""
    spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in token.children
             if c.dep_ in ATTRIBUTION_DEPS]
    if token.dep_ == "relcl":  # 'Hizbul Mujahideen, which claimed the attack'
        spans.append((token.head.left_edge.idx, token.head.idx + len(token.head)))
    return spans


def _named_armed(doc: Doc, sent: Span, within: list[tuple[int, int]] | None = None) -> list[ActorMention]:
    """Named armed groups in `sent` (inside `within`); a parent organisation gives way to its named faction
    ('dissidents of the FARC who belong to the EMC' → EMC)."""
    found = [a for a in doc._.kharita_actors or [] if sent.start_char <= a.start_char < sent.end_char
             and (within is None or any(s <= a.start_char < e for s, e in within))
             and a.entry.named and a.entry.type not in ("Civilians", "Protesters", "Rioters")]
    parents = {a.entry.parent for a in found if a.entry.parent}
    return [a for a in found if a.entry.id not in parents]


OCCURRENCE_VERBS = frozenset({"happen", "occur", "take", "come", "unfold", "erupt", "start", "begin", "strike"})
EVENT_NOUNS = ATTACK_NOUNS | CUE_EVENT_NOUNS | {"incidents", "deaths", "death", "blasts", "explosions", "clashes",
                                                "fighting", "riot", "riots", "unrest", "abduction", "kidnapping"}


def attach_occurrence_dates(doc: Doc, drafts: list[EventDraft]) -> None:
    """'Fifteen civilians were killed, the channel said late Friday. The attack took place on Thursday night':
    a follow-up sentence about when 'the attack' happened dates an event known so far only by its report."""
    sentences = list(doc.sents)
    for draft in drafts:
        if any(m.own_date is not None for m in draft.mentions):
            continue
        last = draft.mentions[-1].index
        for sent in sentences[last + 1:last + 1 + FOLLOW_UP_SENTENCES]:
            when = _occurrence_date(sent)
            if when is not None:
                draft.occurred = when
                break


def _occurrence_date(sent: Span) -> DateMention | None:
    root = sent.root
    reported = [c for c in root.children if c.dep_ == "ccomp"] if root.lemma_.lower() in SPEECH_VERBS else []
    if not any(_tells_when(verb) for verb in (root, *reported)):
        return None
    return sentence_date(sent, sent.doc._.kharita_dates or [], published_at(sent.doc))


def _tells_when(verb: Token) -> bool:
    """'The attack took place ...', 'the incident happened ...': an event named earlier, and when it was."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    refers_back = any(s.lower_ in EVENT_NOUNS and any(d.lower_ in ("the", "this", "that") for d in s.children)
                      for s in subjects)
    return refers_back and verb.lemma_.lower() in OCCURRENCE_VERBS | {"be"}


@Language.factory("kharita_events", requires=["doc._.kharita_cues", "doc._.kharita_casualties",
                                              "doc._.kharita_actors", "doc._.kharita_dates",
                                              "doc._.kharita_places"],
                  assigns=["doc._.kharita_events"])
def make_events(nlp: Language, name: str) -> EventStage:
    return EventStage()


class EventStage:
    """Sets `doc._.kharita_events`: a list of EventDraft, one per distinct event."""

    def __init__(self) -> None:
        ensure("kharita_events", default=None)

    def __call__(self, doc: Doc) -> Doc:
        drafts = cluster(sentence_mentions(doc))
        attach_claims(doc, drafts)
        attach_occurrence_dates(doc, drafts)
        doc._.kharita_events = drafts
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


__all__ = ["EventDraft", "EventStage", "Mention", "cluster"]
