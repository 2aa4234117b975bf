"""Event cues: trigger words and context (weapons, protest, disaster, crime) matched per token span."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kharita.resources.lexicon import cue_patterns
from kharita.stages._ext import ensure, sentence

MODAL_AUX = frozenset({"will", "would", "could", "may", "might", "should", "can", "'ll", "must"})
IRREALIS_HEADS = frozenset({"threaten", "warn", "vow", "plan", "plot", "urge", "demand", "prevent",
                            "deny", "avoid", "foil", "thwart", "allege", "call", "seek", "want", "aim",
                            "intend", "prepare", "try", "attempt", "pledge", "promise"})
HABITUAL = frozenset({"usually", "often", "frequently", "routinely", "regularly", "typically", "generally",
                      "sometimes", "always", "never", "rarely", "commonly", "repeatedly", "occasions"})
ATTRIBUTION_HEADS = frozenset({"claim", "blame", "accuse", "condemn", "attribute", "deny"})


@dataclass(frozen=True)
class Cue:
    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    irrealis: bool = False
    attributed: bool = False
    past: bool = True
    verbal: bool = False  # the cue is (or contains) a verb: 'arrested', not 'arrests'
    cause: bool = False  # a noun giving the reason for what happened: 'protested against the killing of'


def _governors(token: Token, depth: int = 4) -> Iterator[Token]:
    current = token
    for _ in range(depth):
        if current.head.i == current.i:
            return
        current = current.head
        yield current


def is_irrealis(token: Token) -> bool:
    """True for 'threatened to attack', 'could kill', 'did not kill', 'plans to bomb'."""
    for node in (token, *_governors(token, 2)):
        if any(_negation(c) or (c.dep_ == "aux" and c.lower_ in MODAL_AUX) for c in node.children):
            return True
    heads = [g.lemma_.lower() for g in _governors(token, 3)]
    if heads[:1] == ["allege"] and _perfect(token):
        return False  # 'six prisoners are alleged to have been killed': a killing reported, if not proven
    return any(head in IRREALIS_HEADS for head in heads)


def _perfect(token: Token) -> bool:
    """'to have been shot', 'to have killed': a perfect infinitive tells of something done."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _negation(token: Token) -> bool:
    """'did not kill' — but not the 'no' of 'no fewer than 15 people were killed'."""
    if token.dep_ != "neg":
        return False
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return not (token.lower_ == "no" and following in ("fewer", "less", "more"))


FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
NON_FINITE_DEPS = frozenset({"acl", "advcl", "xcomp", "pcomp", "amod", "compound", "conj", "ccomp", "prep", "pobj"})


def is_past(token: Token) -> bool:
    """True when the cue's clause reports something that happened (past tense or perfect), not a
    generalisation ('gangs usually kill', 'this is a battle'); participles take their clause's tense."""
    if any(t.lower_ in HABITUAL and t.dep_ in ("advmod", "pobj") for t in sentence(token)):
        return False
    nearest = next((t for t in (token, *_governors(token, 3)) if t.pos_ in ("VERB", "AUX")), None)
    if nearest is not None and _infinitive(nearest):
        return not _has_finite_verb(sentence(token))  # 'to end the violence': a purpose, unless a caption
    verb = _finite_verb(token)
    if verb is None:
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    clause_auxes = auxes + [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if clause.dep_ == "relcl" and any(c.lower_ == "had" for c in clause_auxes):
        return False  # background: 'a cell that had carried out attacks and kidnapped farmers'
    if any(c.lemma_ == "have" for c in auxes) or verb.tag_ in ("VBD", "VBN"):
        return True
    if any(c.tag_ == "VBD" for c in auxes):
        return True
    return _reportive_present(verb, auxes)


def _reportive_present(verb: Token, auxes: list[Token]) -> bool:
    """Headline present ('Protesters chant slogans', 'bombardment kills 45'): an action verb with a subject,
    not a copula ('this is a battle') and not a future ('will attack')."""
    if verb.tag_ not in ("VBZ", "VBP") or verb.lemma_ == "be" or auxes or verb.dep_ != "ROOT":
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _infinitive(verb: Token) -> bool:
    """'to hold and torture': the verb, or the verb it is coordinated with, takes 'to'."""
    heads = [verb, verb.head] if verb.dep_ == "conj" else [verb]
    return any(c.tag_ == "TO" for h in heads for c in h.children)


def _has_finite_verb(sent: Span) -> bool:
    return any(t.tag_ in FINITE for t in sent)


def _finite_verb(token: Token) -> Token | None:
    """The verb that carries tense for `token`'s clause."""
    for node in (token, *_governors(token, 5)):
        if node.pos_ not in ("VERB", "AUX"):
            continue
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]
        if node.tag_ in FINITE or auxes or (node.dep_ not in NON_FINITE_DEPS and node.tag_ != "VB"):
            return node
    return None


def is_attributed(token: Token) -> bool:
    """True when the cue sits under a claim or accusation ('claimed responsibility for the attack')."""
    return any(g.lemma_.lower() in ATTRIBUTION_HEADS for g in _governors(token, 4))


EVENT_NOUNS = frozenset({"attack", "bombing", "blast", "explosion", "raid", "strike", "operation", "incident",
                         "violence", "clash", "ambush", "assault", "campaign", "spree", "wave", "shooting",
                         "toll", "tally", "count"})
DESCRIPTIVE_LABELS = frozenset({"attack", "abduct", "kill", "shoot"})


def is_descriptive(label: str, root: Token) -> bool:
    """'kidnapping victims', 'torture cell', 'attack helicopters': a harm word naming a kind of thing."""
    return label in DESCRIPTIVE_LABELS and root.dep_ in ("compound", "amod") and \
        root.head.lemma_.lower() not in EVENT_NOUNS


def make_cue(label: str, span: Span) -> Cue:
    root = span.root
    return Cue(label, span.start, span.end, span.start_char, span.end_char, span.text,
               irrealis=is_irrealis(root) or is_descriptive(label, root), attributed=is_attributed(root),
               past=is_past(root), verbal=any(t.pos_ == "VERB" for t in span),
               cause=is_cause(root) or in_earlier_incident(root))


EARLIER_UNITS = frozenset({"hour", "day", "week", "month", "year"})


def in_earlier_incident(token: Token) -> bool:
    """'..., hours after a bomb tore through a market': a clause that dates the sentence's act by another,
    earlier incident (the lexicon's 'cause' treatment: dropped when the sentence reports an act of its own)."""
    return any(_dated_by_distance(g) for g in (token, *_governors(token)) if g.dep_ in ("advcl", "ccomp"))


def _dated_by_distance(clause: Token) -> bool:
    marked = any(c.dep_ == "mark" and c.lower_ in ("after", "before") for c in clause.children)
    return marked and any(c.dep_ in ("npadvmod", "advmod") and c.lemma_.lower() in EARLIER_UNITS
                          for c in clause.children)


CAUSE_PREPS = frozenset({"after", "following", "against", "over", "since"})


def is_cause(root: Token) -> bool:
    """A harm noun in 'after the arrest of', 'against the killing of', 'over the death of': why people
    protested or rioted, not what they did."""
    if root.pos_ == "VERB":
        return False
    node = root
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in CAUSE_PREPS:
            return True
        if node.dep_ not in ("pobj", "prep", "compound", "amod"):
            return False
        node = node.head
    return False


RIOT_GEAR_HEADS = frozenset({"police", "policemen", "policeman", "gear", "squad", "officers", "unit", "units",
                             "shield", "shields", "control", "troops", "forces"})


def _riot_gear(label: str, span: Span) -> bool:
    """'riot police fired tear gas' says nothing about rioting."""
    root = span.root
    after = span.doc[root.i + 1].lower_ if root.i + 1 < len(span.doc) else ""
    return label == "violentdemo" and root.lower_ == "riot" and (
        root.head.lower_ in RIOT_GEAR_HEADS or after in RIOT_GEAR_HEADS)


AMMUNITION_AFTER = frozenset({"casing", "casings", "case", "cases", "fragment", "fragments"})


def _spent_ammunition(label: str, span: Span) -> bool:
    """'60 shell casings were recovered': spent cartridges at a shooting, not artillery."""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return label == "shelling" and span.root.lower_ in ("shell", "shells") and after in AMMUNITION_AFTER


@Language.factory("kharita_cues", requires=["token.lemma", "token.dep"], assigns=["doc._.kharita_cues"])
def make_cues(nlp: Language, name: str) -> CueStage:
    return CueStage(nlp)


class CueStage:
    """Sets `doc._.kharita_cues`: every lexicon match (longest per label and start), in text order.

    Single-word patterns are looked up per token and literal phrases go to a PhraseMatcher; only patterns
    with lemmas inside phrases or wildcards need the (slower) Matcher."""

    def __init__(self, nlp: Language) -> None:
        ensure("kharita_cues", default=None)
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.words: dict[tuple[str, str], set[str]] = {}
        for label, patterns in cue_patterns(nlp.tokenizer).items():
            self._add(nlp, label, patterns)

    def _add(self, nlp: Language, label: str, patterns: list[list[dict[str, Any]]]) -> None:
        complex_patterns = []
        for pattern in patterns:
            if len(pattern) == 1 and "OP" not in pattern[0]:
                (attr, value), = pattern[0].items()
                self.words.setdefault((attr, value), set()).add(label)
            elif all(set(spec) == {"LOWER"} for spec in pattern):
                self.phrases.add(label, [nlp.make_doc(" ".join(spec["LOWER"] for spec in pattern))])
            else:
                complex_patterns.append(pattern)
        if complex_patterns:
            self.matcher.add(label, complex_patterns)

    def _matches(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        strings = doc.vocab.strings
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            yield strings[match_id], start, end
        for token in doc:
            for key in (("LOWER", token.lower_), ("LEMMA", token.lemma_)):
                for label in self.words.get(key, ()):
                    yield label, token.i, token.i + 1

    def __call__(self, doc: Doc) -> Doc:
        best: dict[tuple[str, int], Span] = {}
        for label, start, end in self._matches(doc):
            key = (label, start)
            if key not in best or end > best[key].end:
                best[key] = doc[start:end]
        cues = [make_cue(label, span) for (label, _), span in best.items()
                if not _riot_gear(label, span) and not _spent_ammunition(label, span)]
        doc._.kharita_cues = sorted(cues, key=lambda c: (c.start, c.label))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
