"""Named groups the registry does not know ('the Jamaat-ul-Furqan militia'), which become new actors marked
unreviewed instead of being dropped, and the affiliations ACLED records as associated actors ('a gang linked
to the MQM')."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from kharita.resources.actors import ActorEntry, slug
from kharita.stages._ext import sentence

# Words that make a capitalised name an armed or political organisation, with the ACLED type they suggest.
GROUP_WORDS = {
    "party": "Political militia", "league": "Political militia", "movement": "Political militia",
    "militia": "Political militia", "militias": "Political militia", "brigade": "Political militia",
    "brigades": "Political militia", "battalion": "Political militia", "committee": "Political militia",
    "vigilantes": "Political militia", "gang": "Political militia", "cartel": "Political militia",
    "front": "Rebel group", "army": "Rebel group", "liberation": "Rebel group", "resistance": "Rebel group",
    "rebels": "Rebel group", "revolutionary": "Rebel group", "insurgents": "Rebel group",
    "lashkar": "Rebel group", "jaish": "Rebel group", "harakat": "Rebel group", "tehrik": "Rebel group",
    "tehreek": "Rebel group", "ansar": "Rebel group", "jamaat": "Rebel group", "jamaat-ul": "Rebel group",
    "hizb": "Rebel group", "jund": "Rebel group", "katiba": "Rebel group", "mujahideen": "Rebel group",
    "jihad": "Rebel group", "jihadists": "Rebel group",
}
# Names with these words are institutions, media or rights groups, not parties to violence.
NOT_GROUP_WORDS = frozenset({
    "rights", "watch", "news", "agency", "ministry", "university", "nations", "union", "council", "court",
    "commission", "bank", "fund", "press", "radio", "television", "tv", "times", "post", "hospital", "school",
    "college", "institute", "foundation", "red", "crescent", "amnesty", "office", "department", "company",
    "corporation", "association", "federation", "club", "church", "police", "navy", "air", "government",
    "parliament", "assembly", "senate", "national", "state", "international", "human",
})
NAME_LABELS = ("ORG", "PERSON", "NORP", "GPE", "FAC")
WORDS = re.compile(r"[a-z]+(?:-[a-z]+)?")


def group_type(name: str) -> str | None:
    """The ACLED type a group name suggests, or None when the name is not that of an armed or political group."""
    words = [w for part in WORDS.findall(name.lower()) for w in (part, *part.split("-"))]
    if any(w in NOT_GROUP_WORDS for w in words) and not any(w in ("party", "front", "army") for w in words):
        return None
    return next((GROUP_WORDS[w] for w in words if w in GROUP_WORDS), None)


def unknown_group_named(name: str, acronym: str | None = None) -> ActorEntry | None:
    """A new, unreviewed actor for a group name the registry lacks; the same name gives the same id in every
    article ('new-' + its slug)."""
    clean = re.sub(r"^(?:the|The)\s+", "", " ".join(name.split()))
    actor_type = group_type(clean)
    if actor_type is None or len(clean.split()) < 2 and not acronym or _a_place(clean):
        return None
    display = f"{acronym}: {clean}" if acronym else clean
    return ActorEntry(id=f"new-{slug(clean)}", name=display, type=actor_type, aliases=(clean,),
                      acronyms=(acronym,) if acronym else (), reviewed=False)


def _a_place(name: str) -> bool:
    """'Lashkar Gah' is a city, not a lashkar."""
    from kharita.resources.gazetteer import get_gazetteer

    return bool(get_gazetteer().lookup(name))


def unknown_group(span: Span, known: Callable[[str], ActorEntry | None] | None = None) -> ActorEntry | None:
    """An unreviewed actor for a capitalised group name inside `span` ('the Ittehad-ul-Mujahideen Front');
    `known` first looks the name up among the article's own acronym definitions."""
    name = _proper_name(span)
    if name is None:
        return None
    return (known(name) if known is not None else None) or unknown_group_named(name)


NAME_PARTICLES = frozenset({"-", "ul", "ud", "e", "i", "al", "el", "wal", "of", "the", "and", "for", "'s"})


def _name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS or (token.is_title and token.i > sentence(token).start)


def _proper_name(span: Span) -> str | None:
    """The longest run of capitalised words (with the particles of names like 'Ittehad-ul-Mujahideen')."""
    best: list[Token] = []
    run: list[Token] = []
    for token in span:
        if _name_word(token) or (run and token.lower_ in NAME_PARTICLES):
            run.append(token)
        else:
            best, run = max(best, run, key=len), []
    best = max(best, run, key=len)
    while best and best[-1].lower_ in NAME_PARTICLES:
        best.pop()
    if sum(1 for t in best if t.lower_ not in NAME_PARTICLES) < 2:
        return None
    return span.doc[best[0].i:best[-1].i + 1].text


AFFILIATION_LEMMAS = frozenset({"associate", "link", "affiliate", "loyal", "ally", "allied", "back", "belong",
                                "tie", "connect", "linked", "associated", "affiliated", "aligned", "align"})
NamedIn = Callable[[Span], "ActorEntry | None"]


def affiliations(chunk: Span, entry: ActorEntry, named_in: NamedIn) -> tuple[str, ...]:
    """'a gang associated with the Pakistan Peoples Party', 'militiamen loyal to the government': the named
    actor the group is tied to, recorded as an associated actor."""
    found: list[str] = []
    for child in chunk.root.children:
        if child.dep_ not in ("acl", "amod", "relcl", "prep") or child.lemma_.lower() not in AFFILIATION_LEMMAS:
            continue
        tied = named_in(chunk.doc[child.i:child.right_edge.i + 1])
        if tied is not None and tied.named and tied.id != entry.id and tied.name not in found:
            found.append(tied.name)
    return tuple(found)
