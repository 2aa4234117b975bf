"""Actor mentions: noun phrases and named groups resolved against the actor registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kharita.resources.actors import ActorEntry, lookup_name, lookup_words
from kharita.stages import acronyms as text_acronyms
from kharita.stages._ext import ensure
from kharita.stages.groups import affiliations, unknown_group

NAMED_LABELS = ("ORG", "NORP", "PERSON", "GPE", "FAC")
CountryOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class ActorMention:
    start_char: int
    end_char: int
    text: str
    root: int
    entry: ActorEntry
    country_code: str | None = None
    speaker: bool = False
    subject: bool = False  # the grammatical subject of an action verb: usually the perpetrator
    associates: tuple[str, ...] = ()  # ACLED associated actors: 'a gang linked to the MQM' → MQM's name


SPEECH_VERBS = frozenset({"say", "tell", "report", "add", "confirm", "announce", "state", "claim", "accuse",
                          "blame", "deny", "urge", "warn", "condemn", "respond"})


def is_speaker(token: Token) -> bool:
    """'police said' — the actor is the source of the report, not a party to the event; a counted group
    ('16 people, police said') is never the source."""
    if any(c.dep_ == "nummod" for c in token.children):
        return False
    return token.dep_ in ("nsubj", "pobj") and token.head.lemma_.lower() in SPEECH_VERBS | {"to", "by"} and (
        token.head.lemma_.lower() in SPEECH_VERBS or token.head.head.lemma_.lower() in ("accord", "say"))


def _entity_texts(span: Span) -> list[str]:
    """Texts of the named entities inside `span`, from the tokens' IOB tags (no `doc.ents` scan)."""
    texts: list[list[str]] = []
    for token in span:
        if token.ent_type_ not in NAMED_LABELS:
            continue
        if token.ent_iob_ == "B" or not texts or token.i == span.start:
            texts.append([])
        texts[-1].append(token.text_with_ws)
    return ["".join(parts).strip() for parts in texts]


def _named_in(span: Span) -> ActorEntry | None:
    defined = text_acronyms.defined(span.doc)
    for token in span:
        if token.text in defined:
            return defined[token.text]
    tokens = [t for t in span if t.pos_ != "DET" and t.dep_ not in ("poss", "case")]
    found = _name_windows(tokens)
    if found:
        return max(found, key=lambda f: (f[0], f[1]))[2]  # nearest the head: 'Al-Qaeda-linked Abu Sayyaf men'
    for ent_text in _entity_texts(span):
        entry = lookup_name(ent_text)
        if entry is not None and entry.named:
            return entry
    for token in span:
        entry = lookup_name(token.text) if token.pos_ in ("PROPN", "NOUN") and len(token) > 2 else None
        if entry is not None and entry.named:
            return entry
    return None


def _name_windows(tokens: list[Token]) -> list[tuple[int, int, ActorEntry]]:
    """(end, length, entry) of every run of two or more tokens that names a registry group."""
    found: list[tuple[int, int, ActorEntry]] = []
    for size in range(len(tokens), 1, -1):
        for start in range(len(tokens) - size + 1):
            if _inside_longer_name(tokens, start) or any(start < e and start + size > e - n for e, n, _ in found):
                continue
            window = tokens[start:start + size]
            entry = lookup_name(" ".join(t.text for t in window), fuzzy=any(t.pos_ == "PROPN" for t in window))
            if entry is not None and entry.named:
                found.append((start + size, size, entry))
    return found


def _inside_longer_name(tokens: list[Token], start: int) -> bool:
    """'People's Defence Force' inside 'Uganda People's Defence Force' is another army's name."""
    before = tokens[start - 1] if start > 0 else None
    return before is not None and before.pos_ == "PROPN" and before.i == tokens[start].i - 1


def _unknown(span: Span) -> ActorEntry | None:
    return unknown_group(span, lambda name: text_acronyms.named_in_text(span.doc, name))


MEMBER_PREPS = frozenset({"of", "from"})
ATTACK_NOUNS = frozenset({"attack", "attacks", "raid", "raids", "bombing", "bombings", "ambush", "offensive",
                          "assault", "massacre", "onslaught", "strike", "strikes", "airstrike", "airstrikes",
                          "shelling", "insurgency", "violence", "killing", "killings", "invasion", "incursion"})


def _owner_token(chunk: Span) -> int:
    """'a suspected Boko Haram attack': the mention stands at the name, a modifier of the attack."""
    names = [t for t in chunk if t.i < chunk.root.i and t.pos_ == "PROPN"]
    return names[-1].i if names else chunk.root.i


def _member_of(chunk: Span) -> ActorEntry | None:
    """'fighters of the TTP', 'gunmen from Lashkar-e-Islam': the members act for their group."""
    for prep in chunk.root.children:
        if prep.dep_ != "prep" or prep.lower_ not in MEMBER_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                group = chunk.doc[obj.left_edge.i:obj.i + 1]
                entry = _named_in(group) or _unknown(group)
                if entry is not None and entry.named:
                    return entry
    return None


def _chunk_country(span: Span, country_of: CountryOf) -> str | None:
    for token in span:
        if token.ent_type_ in ("NORP", "GPE") or token.pos_ in ("PROPN", "ADJ"):
            code = country_of(token.text)
            if code:
                return code
    return None


def chunk_mention(chunk: Span, country_of: CountryOf) -> ActorMention | None:
    head = chunk.doc[chunk.start:chunk.root.i + 1]
    entry = _named_in(chunk) or lookup_words([t.text for t in head if t.pos_ != "DET"]) or _unknown(chunk)
    if entry is None:
        return None
    if not entry.named and entry.type != "State forces":
        entry = _member_of(chunk) or entry  # 'militants of the Ittehad-ul-Mujahideen Front'
    country = entry.country_code or _chunk_country(head, country_of)
    speaker = is_speaker(chunk.root)
    root = _owner_token(chunk) if entry.named and chunk.root.lower_ in ATTACK_NOUNS else chunk.root.i
    return ActorMention(chunk.start_char, chunk.end_char, chunk.text, root, entry, country,
                        speaker=speaker, subject=chunk.root.dep_ == "nsubj" and not speaker,
                        associates=affiliations(chunk, entry, _named_in))


def actor_mentions(doc: Doc, country_of: CountryOf) -> Iterator[ActorMention]:
    covered: list[tuple[int, int]] = []
    for chunk in doc.noun_chunks:
        mention = chunk_mention(chunk, country_of)
        if mention is not None:
            covered.append((chunk.start_char, chunk.end_char))
            yield mention
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP") or any(s <= ent.start_char < e for s, e in covered):
            continue
        entry = text_acronyms.defined(doc).get(ent.text) or lookup_name(ent.text) or _unknown(ent)
        if entry is not None and entry.named:
            yield ActorMention(ent.start_char, ent.end_char, ent.text, ent.root.i, entry, entry.country_code,
                               speaker=is_speaker(ent.root))


def _gazetteer_country(word: str) -> str | None:
    from kharita.resources.gazetteer import get_gazetteer

    info = get_gazetteer().country(word)
    return info.iso2 if info is not None else None


@Language.factory("kharita_actors", requires=["token.dep", "doc.ents"], assigns=["doc._.kharita_actors"])
def make_actors(nlp: Language, name: str) -> ActorStage:
    return ActorStage()


class ActorStage:
    """Sets `doc._.kharita_actors`: actor mentions in text order."""

    def __init__(self, country_of: CountryOf | None = None) -> None:
        ensure("kharita_actors", default=None)
        self.country_of = country_of or _gazetteer_country

    def __call__(self, doc: Doc) -> Doc:
        doc._.kharita_actors = sorted(actor_mentions(doc, self.country_of), key=lambda m: m.start_char)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
