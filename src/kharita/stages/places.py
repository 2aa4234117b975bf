"""Places: toponyms in the article resolved against the offline gazetteer → `doc._.kharita_places`.

Resolution is exact-name only. Among the entries a name matches, the article decides: countries it names
(or their demonyms: "Pakistani troops"), regions it names ("Maiduguri, Borno State"), closeness to its other
places, then feature type and population. Country mentions are kept with role "country" as hints and for
the country field, never as an event's geocoded place.

Geo precision (ACLED): 1 a town, city or a named part of one; 2 "near"/"outskirts of"/"north of" a town,
or a second-level district named alone; 3 a first-level region named alone ("in Sindh province").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import islice, pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kharita.models import Location
from kharita.resources import geo_names
from kharita.resources.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    Candidate,
    Gazetteer,
    country_neighbours,
    get_gazetteer,
    normalize_name,
    variant_key,
)
from kharita.stages._ext import text_of

EXTENSION = "kharita_places"
HOME_EXTENSION = "kharita_home"  # (ISO2, admin1 code) where the outlet is, learnt from its other articles
ROLE_PLACE, ROLE_REGION, ROLE_COUNTRY = "place", "region", "country"
ROLE_IN_NAME = "in-name"  # 'Texas' in 'Texas Department of Public Safety': context, never an event's place
ROLE_LANDMARK = "landmark"  # 'Guadalajara' in 'the state of Zacatecas, north of Guadalajara': it locates
#                             the place named before it, never an event
EVENT_ROLES = frozenset({ROLE_PLACE, ROLE_REGION})  # the mentions that can locate an event

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_AND_NUMBER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
WEAK_LABELS = frozenset({"ORG", "NORP", "PERSON"})  # kept only when they resolve strongly to a place

SUFFIX_HINTS: dict[str, str] = {
    **dict.fromkeys(("province", "state", "region", "governorate", "oblast", "prefecture", "emirate",
                     "wilaya", "territory", "provinces", "states", "regions", "governorates"), KIND_ADMIN1),
    **dict.fromkeys(("district", "county", "parish", "division", "municipality", "lga", "tehsil", "upazila",
                     "subdistrict", "subcounty", "woreda", "commune", "districts", "counties", "parishes"),
                    KIND_ADMIN2),
    **dict.fromkeys(("city", "town", "village", "township", "community"), KIND_PLACE),  # 'Madagali community'
}
ADMIN_WORDS = frozenset(word for word, kind in SUFFIX_HINTS.items() if kind != KIND_PLACE)
NEAR_CUE = re.compile(
    r"\b(?:near|nearby|close\s+to|outskirts\s+of|outside(?:\s+of)?|around|vicinity\s+of|suburbs?\s+of|"
    r"environs\s+of|villages?\s+(?:around|near|outside)|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of|"
    r"\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\s+(?:\w+\s+)?(?:of|from)|"
    r"(?:road|highway|way)\s+(?:to|between|from|linking))"
    r"\s+(?:the\s+)?(?:(?:city|town|village|district)\s+of\s+)?$",
    re.IGNORECASE,
)
CONTAINER_GAP = re.compile(r"^\s*(?:,|in|of|,\s*in)\s*(?:the\s+)?(?:(?:city|town|province|state|district)\s+of\s+)?$",
                           re.IGNORECASE)
PART_OF_GAP = re.compile(
    r"^\s*,?\s*(?:(?:a|the)\s+)?(?:\w+\s+){0,2}(?:neighbou?rhood|district|suburb|area|part|quarter|locality|"
    r"slum|township|town|village|section|sector|camp|junction|market|square|checkpoint)s?\s+(?:of|in)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$",
    re.IGNORECASE,
)
POSSESSIVE_GAP = re.compile(r"^\s*['’]s?\s+$")
BARE_PART_GAP = re.compile(r"^\s+(?:neighbou?rhood|suburb|quarter)\s+of\s+$", re.IGNORECASE)
SETTLEMENT_OF_GAP = re.compile(r"^\s+(?:city|town|village)\s+of\s+$", re.IGNORECASE)

# scoring, in log10(population) units
ADMIN1_BASE, ADMIN2_BASE, COUNTRY_BASE = 6.0, 4.3, 9.0
CAPITAL_BONUS, ALTERNATE_PENALTY = 1.0, 1.0
HINT_MATCH, HINT_MISMATCH = 4.0, 2.0
COUNTRY_EVIDENCE, IMPLIED_COUNTRY, NEIGHBOUR_EVIDENCE = 4.0, 1.0, 0.5
ADMIN_EVIDENCE, CONTAINER_MATCH, CONTAINER_MISMATCH = 2.0, 6.0, 3.0
PEER_STATES, MIN_PEER_STATES = 1.0, 2  # a state among two or more other states named
HOLDS_MATCH = 4.0  # a region that holds a reading of the name said inside it ('Gainesville, Georgia')
SUPPORT, ADMIN1_SUPPORT, MAX_SUPPORT = 1.0, 0.15, 2.0  # tuned on LGL (given span 0.827 -> 0.848)
MAX_ADMIN_WEIGHT = 1.5
NAMESAKE_PENALTY = 1.5
NEIGHBOURHOOD_KM = 40.0
# 'X in Y' with X this far from Y's town (same country): another X
FAR_FROM_CONTAINER_KM = {KIND_ADMIN1: 400.0, KIND_ADMIN2: 100.0, KIND_PLACE: 100.0}
FOREIGN_TOWN_POPULATION = 100_000  # a smaller town in a country the article never mentions is a namesake
ACTOR_KEY_PREFIX = "actor:"  # evidence keys of the named groups' home countries
HAMLET_POPULATION = 5_000  # a hamlet abroad is a namesake even where the article only hints at its country
MAX_EXTRA_TOKENS = 4  # 'Democratic Republic of the' + 'Congo'
PART_WORDS = frozenset({"area", "neighbourhood", "neighborhood", "district", "suburb", "quarter", "locality",
                        "slum", "township", "section", "sector", "camp"})
PART_OR_MARKET = PART_WORDS | {"market"}  # 'Ba'ad market near Mogadishu'
COMPOUND_TAILS = frozenset({"based", "born", "bred", "led", "backed", "bound", "area", "wide", "owned", "run",
                            "made", "style", "registered", "headquartered", "raised", "controlled", "held",
                            "occupied", "administered", "ruled", "era"})
INSTITUTION_WORDS = frozenset({
    "jail", "prison", "courthouse", "court", "hospital", "school", "college", "university", "department",
    "police", "council", "commission", "office", "inn", "hotel", "center", "centre", "airport", "church", "hall",
    "mosque", "temple", "stadium", "library", "museum", "fairgrounds", "authority", "board", "association",
    "sheriff",
})
LOCAL_BODY_WORDS = INSTITUTION_WORDS | frozenset({
    "city", "county", "police", "sheriff", "fire", "public", "municipal", "metropolitan", "regional", "area",
    "community", "state", "schools", "township", "mayor", "chamber", "housing", "transit", "water", "arts",
    "zoo", "times", "review", "journal", "herald", "gazette", "tribune", "club", "memorial", "arena",
    "health", "district", "high", "elementary", "academy", "symphony", "festival", "market", "park",
})
LOCATIVES = frozenset({"in", "at", "near", "outside", "around", "from", "to", "into", "across", "of"})


@dataclass(frozen=True)
class PlaceMention:
    start_char: int
    end_char: int
    text: str
    location: Location
    role: str  # "place" | "region" | "country" | "in-name" | "landmark"
    feature_code: str | None = None  # GeoNames feature code of the chosen entry (PPL, ADM1, PCLI, ...)
    score: float | None = None  # how far the chosen reading beat the next one (0: no competitor won points)
    point: tuple[float, float] | None = None  # the toponym's own coordinates (a region's middle, not its town)
    region: tuple[str, str] | None = None  # (ISO2, admin1 code) of the chosen reading
    named: Location | None = None  # the entry named, where `location` is a town standing for part of it

    @property
    def entity(self) -> Location:
        """What the toponym names ('northern India': India), whatever town stands for it in events (Delhi)."""
        return self.named or self.location

    @property
    def stands_for_part_of_country(self) -> bool:
        """'eastern Ukraine', coded at a town standing for it: any named region in its sentence is more precise."""
        return (self.feature_code or "").startswith("PCL")

    @property
    def latitude(self) -> float | None:
        return self.point[0] if self.point else self.location.latitude

    @property
    def longitude(self) -> float | None:
        return self.point[1] if self.point else self.location.longitude


def ensure_extensions() -> None:
    for name in (EXTENSION, HOME_EXTENSION):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# -- toponym spans --------------------------------------------------------------------------------------


@dataclass
class Toponym:
    """A span that may name a place, with what the article says around it."""

    start: int  # token indices
    end: int
    text: str
    key: str
    label: str
    kind_hint: str | None
    near: bool
    candidates: list[Candidate]
    container: int | None = None  # index of the toponym that contains this one ("X, Y" / "Y's X")
    part_of: bool = False  # "X, a neighbourhood of Y": X lies inside Y
    said_inside: bool = False  # 'X in Y' / 'X District of Y': X must lie inside Y (a bare 'X, Y' may be a list)
    held: list[Candidate] = field(default_factory=list)  # withheld from a PERSON span until echoed
    after_locative: bool = False  # 'near X', 'in X': an ORG/PERSON label there is likely a tagging slip
    in_name: bool = False  # opens or closes an organisation's or a building's name
    names_part: bool = False  # 'the X neighbourhood', 'the neighbourhood of X': a part of a town
    names_quarter: bool = False  # a part said to be a neighbourhood or locality (not an 'area', a 'district')
    nationality: bool = False  # 'a Kenyan teacher', 'Tunisian tourists': whose people, not where it happened
    across_border: bool = False  # 'near the border with Nigeria', 'the Syrian border': the other side, likely
    run: int = 0  # names listed one after another ('Mali, Niger, and Senegal') share a run
    choice: Candidate | None = None
    score_margin: float = 0.0
    support: list[float] = field(default_factory=list)  # per candidate: how many other names share its area
    holds: list[bool] = field(default_factory=list)  # per candidate: contains a reading of a name said inside it
    peers: list[bool] = field(default_factory=list)  # per candidate: a region among other names of its kind
    ranking: list[int] = field(default_factory=list)  # candidate indices, best reading first
    compass_before: bool = False  # 'southeastern Niger': a part of a country, more often than of a region

    @property
    def strong_label(self) -> bool:
        return self.label in PLACE_LABELS


def toponyms(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """Entity spans (GPE/LOC/FAC, and ORG/PERSON/NORP that name a place), widened to the full name."""
    found: list[Toponym] = []
    taken: set[int] = set()
    for ent in _entities(doc):
        if ent.label_ not in PLACE_LABELS and ent.label_ not in WEAK_LABELS:
            continue
        if ent.start in taken:
            continue
        listed = _listed_places(doc, ent, gaz) or _hyphenated_parts(doc, ent, gaz)
        tops = [t for part in listed if (t := _toponym(doc, part, gaz, glue=False)) is not None] if listed else []
        if not tops:
            top = _toponym(doc, ent, gaz)
            if top is None or (not top.candidates and not top.held):
                top = _inner_toponym(doc, ent, gaz) or top or _city_part_at(doc, ent.start, taken)
            tops = [top] if top is not None else []
        for top in tops:
            found.append(top)
            taken.update(range(top.start, top.end))
    in_ents = {i for ent in doc.ents if ent.label_ not in TIME_AND_NUMBER_LABELS for i in range(ent.start, ent.end)}
    found.extend(_loose_toponyms(doc, gaz, taken | in_ents))
    placed = {i for t in found if t.candidates and t.strong_label for i in range(t.start, t.end)}
    dateline = _dateline_toponym(doc, gaz, placed)
    if dateline is not None:  # it replaces a person's or an organisation's tag on the word ('HAMILTON —')
        found = [t for t in found if t.end <= dateline.start or t.start >= dateline.end]
        found.append(dateline)
    found.sort(key=lambda t: t.start)
    kept = [t for i, t in enumerate(found) if i == 0 or t.start >= found[i - 1].end]
    _towns_out_of_group_names(doc, kept)
    _one_sense(kept)
    for top in kept:
        part = _part_word(doc, top.start, top.end)
        top.names_part, top.names_quarter = part is not None, part in QUARTER_WORDS
        top.nationality = top.label == "NORP" and _before_abroad_noun(doc, top.end)
        top.across_border = _across_border(doc, top.start, top.end)
        top.compass_before = _direction_before(doc, top.start) is not None
    _mark_runs(doc, kept)
    _release_listed(kept)
    _hold_people_named_again(doc, kept, gaz)
    return kept


def _hold_people_named_again(doc: Doc, tops: list[Toponym], gaz: Gazetteer) -> None:
    """'Brett Hartmann said ... Hartmann's lawyers': a surname or full name the story gave a person is that
    person again, whatever the tagger says, unless a locative or a kind word makes it a place ('in Jordan')."""
    people = _people_names(doc, gaz)
    for top in tops:
        if top.candidates and top.key in people and not (top.after_locative or top.kind_hint or top.in_name):
            top.candidates, top.held = [], top.candidates


def _people_names(doc: Doc, gaz: Gazetteer) -> set[str]:
    """Full names and surnames of the people tagged, where the full name is no place ('Ann Arbor')."""
    names = [ent for ent in doc.ents if ent.label_ == "PERSON" and 2 <= len(ent) <= 4 and all(t.is_title for t in ent)
             and not any(t.lower_ in SUFFIX_HINTS or t.lower_ in PART_WORDS or t.lower_ == "the" for t in ent)
             and not gaz.lookup(ent.text)]  # not 'Village Malakal', 'The George Twickenham'
    return {_bare_key(ent.text) for ent in names} | {_bare_key(ent[-1].text) for ent in names}


def _release_listed(tops: list[Toponym]) -> None:
    """'Mali, Niger, and Senegal' with 'Niger' tagged as a person: a name listed among places is a place."""
    placed_runs = {t.run for t in tops if t.strong_label and t.candidates}
    for top in tops:
        if top.held and top.run in placed_runs:
            _release(top)


def _release(top: Toponym) -> None:
    """A name withheld as a person's turns out to be a place: it counts as tagged one."""
    top.candidates, top.held = top.held, []
    top.label = "GPE"


def _mark_runs(doc: Doc, tops: list[Toponym]) -> None:
    """Number the runs of listed names in `tops` (in text order): 'Mali, Niger, and Senegal' is one run."""
    for i, top in enumerate(tops):
        top.run = tops[i - 1].run if i and _list_gap(doc, tops[i - 1].end, top.start) else i


def _list_gap(doc: Doc, end: int, start: int) -> bool:
    """', ', ' and ', ', and ': the words between two listed names."""
    gap = [t.lower_ for t in doc[end:start]]
    return gap in ([","], ["and"], [",", "and"], ["or"], [",", "or"])


OFTEN_ABROAD = frozenset({
    "national", "citizen", "tourist", "teacher", "journalist", "reporter", "pilgrim", "engineer", "expatriate",
    "migrant", "refugee", "traveller", "traveler", "student", "doctor", "nurse", "missionary", "businessman",
    "trader", "worker", "contractor", "diplomat", "hostage", "aid", "volunteer", "truck", "lorry", "driver",
    "warplane", "jet", "aircraft", "airstrike", "strike", "drone", "helicopter", "bomber", "missile", "rocket",
    "company", "firm", "construction", "troop", "soldier", "peacekeeper",
})


def _across_border(doc: Doc, start: int, end: int) -> bool:
    """'near the border with Nigeria', 'bordering Chad', 'the Syrian border': a country named as the far side of
    a border is weaker evidence of where the story is."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    after_border = before[-1:] == ["bordering"] or before in (["border", "with"], ["borders", "with"])
    return after_border or end < len(doc) and doc[end].lower_ in ("border", "frontier")


def _before_abroad_noun(doc: Doc, end: int) -> bool:
    """'a Kenyan teacher', 'Tunisian tourists', 'Saudi warplanes', 'Egyptian strikes': people and arms that
    are often abroad."""
    return end < len(doc) and doc[end].lemma_.lower() in OFTEN_ABROAD


def _towns_out_of_group_names(doc: Doc, tops: list[Toponym]) -> None:
    """Inside a named group's name only a country or a region counts ('Kenya Defence Forces', 'Borno State
    Police'): 'al Shabab' is no Iranian town, 'UN' no Indian one."""
    groups = [(m.start_char, m.end_char) for m in _named_actors(doc)]
    for top in tops:
        start, end = doc[top.start].idx, doc[top.end - 1].idx + len(doc[top.end - 1])
        if any(a <= start and end <= b for a, b in groups):
            top.candidates = [c for c in top.candidates if c.kind != KIND_PLACE]


def _named_actors(doc: Doc) -> list[Any]:
    if not Doc.has_extension("kharita_actors"):
        return []
    return [m for m in doc._.kharita_actors or [] if m.entry.named]


def _part_of_a_named_place(doc: Doc, end: int) -> bool:
    """'the Madagali area of Adamawa' (Madagali tagged as a people): a part word, 'of', a name."""
    return end + 2 < len(doc) and doc[end].lower_ in PART_WORDS and doc[end + 1].lower_ == "of" \
        and doc[end + 2].is_title


def _part_word(doc: Doc, start: int, end: int) -> str | None:
    """'the Bayya neighbourhood', 'Ba'ad market', 'the neighbourhood of Riyadh': the word that makes the name a
    part of a town."""
    if end + 1 < len(doc) and doc[end].is_title and doc[end + 1].lower_ in QUARTER_WORDS:
        end += 1  # 'Panjab Weyala locality', tagged as two names
    if end < len(doc) and doc[end].lower_ in PART_OR_MARKET:
        return doc[end].lower_
    called = start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PART_WORDS
    return doc[start - 2].lower_ if called and doc[start - 3].lower_ == "the" else None  # not 'a Sunni district of'


QUARTER_WORDS = frozenset({"neighbourhood", "neighborhood", "quarter", "locality", "slum", "sector", "section"})


def _entities(doc: Doc) -> Iterator[Span]:
    """The tagger's entities; one with another label ('the town of Mubi' tagged PRODUCT) reads as a place
    when the words before it call it a town or a region."""
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in WEAK_LABELS or ent.label_ in TIME_AND_NUMBER_LABELS:
            yield ent
        elif _prefix_hint(doc, ent.start) is not None or _admin_word_ends(doc, ent) or _after_capital(doc, ent):
            yield Span(doc, ent.start, ent.end, label="GPE")  # 'Spin Boldak District' tagged WORK_OF_ART


def _admin_word_ends(doc: Doc, ent: Span) -> bool:
    """'Spin Boldak District', 'the Galkayo region' (the word left outside the entity)."""
    return ent[-1].lower_ in ADMIN_WORDS or ent.end < len(doc) and doc[ent.end].lower_ in ADMIN_WORDS \
        or _sub_unit_after(doc, ent.end) is not None


def _after_capital(doc: Doc, ent: Span) -> bool:
    """'the Turkmen capital Ashgabat' (tagged PRODUCT): a name right after 'capital' names the capital."""
    return ent.start > 0 and doc[ent.start - 1].lower_ == "capital"


PEOPLE_QUALIFIERS = frozenset({"ethnic", "shiite", "shia", "sunni", "alawite", "druze", "yazidi"})


def _ethnic(doc: Doc, i: int) -> bool:
    """'ethnic Turkmen', 'ethnic Somalis', 'a Shiite Turkmen district': a people, not a country."""
    return i > 0 and doc[i - 1].lower_ in PEOPLE_QUALIFIERS


LIST_JOINS = frozenset({",", "in"})


ALLEGIANCE_TAILS = frozenset({"backed", "led", "funded", "supported", "sponsored", "trained", "allied", "aligned"})


def _allegiance(doc: Doc, i: int) -> bool:
    """'pro-Russian rebels', 'Iranian-backed militias': a side taken, not where the story happens."""
    hyphen_before = i >= 2 and doc[i - 1].text in ("-", "‐") and doc[i - 2].lower_ in ("pro", "anti")
    hyphen_after = i + 2 < len(doc) and doc[i + 1].text in ("-", "‐") and doc[i + 2].lower_ in ALLEGIANCE_TAILS
    return hyphen_before or hyphen_after or doc[i].lower_.startswith(("pro-", "anti-"))


def _listed_places(doc: Doc, ent: Span, gaz: Gazetteer) -> list[Span]:
    """'Uvira, Sud-Kivu Province', 'Hit in Anbar Province' or 'Jaigirhat in Rangpur' tagged as one organisation
    (or 'X District of Y Province' as one place):
    a place and its region, when the last part ends with a region word (or, after 'in', is a known place); each
    part then reads as a place name."""
    if not any(t.text in LIST_JOINS or _region_of(doc, t.i) for t in ent[:-1]):
        return []
    if ent.label_ in ("GPE", "LOC") and (not any(_region_of(doc, t.i) for t in ent[:-1]) or gaz.lookup(ent.text)):
        return []  # a place's own name, unless it is 'Sewry District of Zabol Province'
    while len(ent) > 1 and ent[-1].lower_ in ("of", "in", ","):  # 'Ibi in Ibi Local Government Area of'
        ent = Span(doc, ent.start, ent.end - 1, label=ent.label_)
    last_in = max((t.i for t in ent if t.lower_ == "in" or _region_of(doc, t.i)), default=None)
    last_part = doc[last_in + 1 : ent.end] if last_in is not None else None
    known = last_part is not None and (bool(gaz.lookup(last_part.text))
                                       or _local_government_at(doc, last_part.start, last_part.end) is not None)
    if ent[-1].lower_ not in SUFFIX_HINTS and not known and not _closes_with_region(ent, gaz):
        return []
    parts, start = [], ent.start
    for token in ent:
        if token.text in LIST_JOINS or _region_of(doc, token.i):
            parts.append(Span(doc, start, token.i, label="GPE"))
            start = token.i + 1
    parts.append(Span(doc, start, ent.end, label="GPE"))
    return [part for part in parts if len(part) > 0]


def _closes_with_region(ent: Span, gaz: Gazetteer) -> bool:
    """'Kurtunwarey, Lower Shabelle' tagged as one organisation: a town and the region after its comma."""
    commas = [t.i for t in ent if t.text == ","]
    if len(commas) != 1:
        return False
    region = ent.doc[commas[0] + 1 : ent.end]
    return region[:1].text.istitle() and any(c.kind in (KIND_ADMIN1, KIND_COUNTRY) for c in gaz.lookup(region.text))


def _region_of(doc: Doc, i: int) -> bool:
    """'Ibi Local Government Area of Taraba State': an 'of' after a district's name joins it to its region."""
    before = doc[i - 1].lower_ if i > 1 else ""
    return doc[i].lower_ == "of" and (before in SUFFIX_HINTS or before in ("area", "council")) and doc[i - 2].is_title


def _hyphenated_parts(doc: Doc, ent: Span, gaz: Gazetteer) -> list[Span]:
    """A hyphenated span the gazetteer does not know as a whole: places joined by hyphens ('Athens-Clarke',
    'Logan-Rogersville'), each its own place; or countries joined to each other or to a word ('Egyptian-US
    relations', 'a Russian-American crew', 'the Arab-Israeli conflict'), each its own mention."""
    start, end = _whole_words(doc, *_trim(doc, ent.start, ent.end))
    hyphens = [t.i for t in doc[start:end] if t.text in ("-", "‐")]
    if not hyphens or gaz.lookup(doc[start:end].text):
        return []
    bounds = [start, *(i for h in hyphens for i in (h, h + 1)), end]
    pieces = [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]
    named_road = end < len(doc) and doc[end].lower_ in ROAD_WORDS  # 'the Abuja-Kaduna highway' (tagged ORG)
    if (ent.label_ in PLACE_LABELS or named_road) \
            and all(doc[a].is_title and gaz.lookup(doc[a:b].text) for a, b in pieces):
        return [Span(doc, a, b, label="GPE") for a, b in pieces]  # 'Athens-Clarke', 'Logan-Rogersville'
    return [Span(doc, a, b, label="NORP" if gaz.is_demonym(doc[a:b].text) else "GPE")
            for a, b in pieces if gaz.country(doc[a:b].text)]


def _loose_toponyms(doc: Doc, gaz: Gazetteer, taken: set[int]) -> Iterator[Toponym]:
    """Names the NER missed: a capitalised run outside any entity right after 'in/near/at...' or with an
    administrative word ('Mandera County') that the gazetteer knows, or a demonym/country name
    ('Pakistani-backed'). Weak: they must resolve well."""
    i = 0
    while i < len(doc):
        top = _loose_at(doc, gaz, i, taken) if i not in taken else None
        if top is None:
            i += 1
            continue
        yield top
        i = top.end


def _loose_at(doc: Doc, gaz: Gazetteer, i: int, taken: set[int]) -> Toponym | None:
    if not doc[i].text[:1].isupper() or not _lettered(doc[i]) or _ethnic(doc, i):
        return None
    part = _city_part_at(doc, i, taken) or _party_home_at(doc, gaz, i, taken)
    if part is not None:
        return part
    road_end = _names_a_road_end(doc, i)
    locative = _after_locative(doc, i) or _after_place_comma(doc, i) or _after_region_possessive(doc, i, gaz) \
        or _bracketed_after_place(doc, i) or road_end
    run_end = None
    for end in range(min(len(doc), i + 6), i, -1):
        if any(j in taken or not _loose_name_part(doc, i, j) for j in range(i, end)) or doc[end - 1].is_punct:
            continue
        run_end = run_end or end
        suffix_end, hint = _suffix(doc, i, end)  # 'Mandera County', 'Rivers state'
        hint = hint or _prefix_hint(doc, i) or _appositive_hint(doc, suffix_end)
        if hint is None and any(_a_time(doc[j]) for j in range(i, end)):
            continue  # 'in March' is a month; "Sudan's Warrap state" (tagged DATE) has its admin word
        text = doc[i:suffix_end].text
        candidates = _demonym(text, gaz) or (_candidates(text, gaz) if locative or hint else [])
        if end < run_end and doc[end].lower_.strip("-‐") not in SUFFIX_HINTS:
            candidates = [c for c in candidates if c.primary]  # 'Buulo' of an unknown 'Buulo Mareer': only an
            #                                                    entry's own name, never an alias
        if candidates and normalize_name(text) not in geo_names.NOT_PLACES:
            return Toponym(start=i, end=suffix_end, text=text, key=_bare_key(text), label="LOOSE", kind_hint=hint,
                           near=_near_cue(doc, i) or road_end, candidates=candidates, after_locative=locative)
    return None


TIME_WORDS = frozenset({"noon", "midnight", "morning", "evening", "night", "afternoon", "dawn", "dusk", "tonight",
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _a_time(token: Token) -> bool:
    """A token of a date or number entity, except a name the tagger took for a time ("in Ta'izz on Sunday")."""
    if token.ent_type_ == "TIME":
        return token.like_num or token.lower_ in TIME_WORDS or not token.text[:1].isupper()
    return token.ent_type_ in TIME_AND_NUMBER_LABELS


def _lettered(token: Token) -> bool:
    """Letters, with an apostrophe inside ("Murang'a", "Sa'dah")."""
    return token.is_alpha or token.text[:1].isalpha() and token.text.replace("'", "").replace("’", "").isalpha()


def _bracketed_after_place(doc: Doc, i: int) -> bool:
    """'the Democratic Republic of the Congo (DRC)': a place's short form in brackets after it."""
    return i > 1 and doc[i - 1].text == "(" and doc[i - 2].ent_type_ in PLACE_LABELS


def _after_place_comma(doc: Doc, i: int) -> bool:
    """'Dambar, Central Darfur': a name right after a place's comma is likely the place's region."""
    return i > 1 and doc[i - 1].text == "," and doc[i - 2].ent_type_ in PLACE_LABELS


ROAD_WORDS = frozenset({"road", "highway", "route", "axis", "expressway"})


def _names_a_road_end(doc: Doc, i: int) -> bool:
    """'the Abuja-Kaduna highway', 'the Kano- Zaria road': the towns a road joins."""
    joined = i > 0 and doc[i - 1].text[-1:] in ("-", "‐", "–")  # 'Kano- Zaria': one token 'Kano-'
    for token in doc[i : i + 8]:
        if token.lower_ in ROAD_WORDS:
            return joined
        if token.text in ("-", "‐", "–"):
            joined = True
        elif not token.is_title:
            return False
    return False


def _after_region_possessive(doc: Doc, i: int, gaz: Gazetteer) -> bool:
    """"Yemen's Hodeidah", "Borno State's Gwoza district": a name after a country's or a region's
    possessive lies in it (not "Mansfield's Pastor on Patrol", 'St. Patrick's Day')."""
    if i < 2 or doc[i - 1].lower_ not in ("'s", "’s"):
        return False
    owner = doc[i - 2]
    return owner.lower_ in ADMIN_WORDS or owner.ent_type_ in PLACE_LABELS and gaz.country_by_name(owner.text) is not None


def _loose_name_part(doc: Doc, start: int, j: int) -> bool:
    """A capitalised word, or a hyphen or particle glued inside a name ('Sar-e Pol', 'Dera-i-Ismail')."""
    token = doc[j]
    if token.is_title or token.is_upper or token.text[:1].isupper() and _lettered(token):
        return True
    glued = j > start and not doc[j - 1].whitespace_
    return glued and (token.text in ("-", "‐") or doc[j - 1].text in ("-", "‐") and token.text in NAME_PARTICLES)


NAME_PARTICLES = frozenset({"e", "i", "al", "el", "ul", "ud", "ad", "ur", "o", "de", "du"})


DATELINE_PLACE = re.compile(r"^\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?=\s*(?:,|—|–|--|:|\(| - ))")


def _dateline_toponym(doc: Doc, gaz: Gazetteer, taken: set[int]) -> Toponym | None:
    """'SHAHJAHANPUR — Police said...': the capitalised place a report is filed from (often its scene), at the
    start of the text or of one of its first sentences (after a headline)."""
    found = _dateline_chars(doc)
    span = doc.char_span(*found) if found else None
    if span is None or any(i in taken for i in range(span.start, span.end)):
        return None
    candidates = [c for c in _candidates(span.text, gaz) if c.kind == KIND_PLACE]
    if not candidates:
        return None
    return Toponym(start=span.start, end=span.end, text=span.text, key=_bare_key(span.text), label="DATELINE",
                   kind_hint=None, near=False, candidates=candidates, after_locative=True)


DATELINE_SENTENCES = 3


def _dateline_chars(doc: Doc) -> tuple[int, int] | None:
    text = text_of(doc)
    for start in [0, *(sent.start_char for sent in islice(_sentences(doc), 1, DATELINE_SENTENCES))]:
        match = DATELINE_PLACE.match(text[start : start + 120])
        if match:
            return start + match.start(1), start + match.end(1)
    return None


def _sentences(doc: Doc) -> Iterator[Span]:
    return doc.sents if doc.has_annotation("SENT_START") else iter([doc[:]])


def _city_part_at(doc: Doc, i: int, taken: set[int]) -> Toponym | None:
    """"Karachi's Lyari area": a capitalised run between a place's possessive and 'area/neighbourhood/...'."""
    if i < 2 or doc[i - 1].lower_ not in ("'s", "’s") or i - 2 not in taken:
        return None
    end = i
    while end < len(doc) and end - i < 4 and doc[end].is_title and end not in taken:
        end += 1
    if end == i or end >= len(doc) or doc[end].lower_ not in PART_WORDS:
        return None
    text = doc[i:end].text
    return Toponym(start=i, end=end, text=text, key=_bare_key(text), label="PART", kind_hint=None,
                   near=_near_cue(doc, i), candidates=[], part_of=True)


def _one_sense(tops: list[Toponym]) -> None:
    """A name the article uses as a place elsewhere is a place here too ('Gainesville police said'), with
    the same readings inside an organisation's name ('Huntsville Police Department')."""
    places = {t.key: t for t in tops if t.strong_label and t.candidates and not t.in_name}
    for top in tops:
        if top.held and top.key in places:
            _release(top)
        elif top.in_name and top.key in places:
            top.candidates = places[top.key].candidates


def _toponym(doc: Doc, ent: Span, gaz: Gazetteer, *, glue: bool = True) -> Toponym | None:
    start, end = _trim(doc, ent.start, ent.end)
    if start >= end or _ethnic(doc, start) or _allegiance(doc, start) and ent.label_ == "NORP":
        return None
    if glue:
        start, end = _whole_words(doc, start, end)
    if end - start > 1 and doc[end - 1].lower_ in SUFFIX_HINTS and _demonym_qualifying_a_place(doc, start, end - 1, gaz):
        end = end - 1  # 'the Somali District of Buulo Mareer' tagged as one place: the people's word, then the next
    if (ent.label_ == "NORP" or end < ent.end) and _demonym_qualifying_a_place(doc, start, end, gaz):
        text = doc[start:end].text  # 'a Kenyan village', 'the Somali region of Puntland': the country
        return Toponym(start=start, end=end, text=text, key=_bare_key(text), label="NORP", kind_hint=None,
                       near=False, candidates=_demonym(text, gaz))
    party = _party_prefix(doc, start, end)
    start = party if party is not None else start
    council = _local_government_at(doc, start, end)
    end, kind_hint = (council, KIND_ADMIN2) if council is not None else _suffix(doc, start, end)
    kind_hint = kind_hint or _prefix_hint(doc, start) or _listed_before_suffix(doc, end) \
        or (KIND_ADMIN2 if _local_government_after(doc, end) else None)
    start, end, candidates = _widest_match(doc, start, end, gaz)
    if _opens_with_kind_of(doc, start, end):  # 'the City of Huntsville', 'State of Ohio'
        kind_hint = kind_hint or SUFFIX_HINTS[doc[start].lower_]
        if not candidates:
            start, end, candidates = _widest_match(doc, start + 2, end, gaz)
    text = doc[start:end].text
    if _undotted_abbreviation(doc, start, end):
        candidates = [c for c in candidates if c.primary or c.kind != KIND_ADMIN1]  # 'Ala', not 'Ala.'
    if not candidates:
        end, candidates = _compass_part_widened(doc, start, end, gaz, glue=glue)
        text = doc[start:end].text
    if ent.label_ == "NORP" or not candidates:
        # a NORP tag on a town after 'in/from/near' ('in Sousse') is a tagging slip; elsewhere NORP is a people
        keep = ent.label_ != "NORP" or _after_locative(doc, start) or kind_hint is not None \
            or _big_city(candidates) or _after_place_comma(doc, start)  # 'Rivers state', 'a Benghazi mosque',
        #                                                                  'Headington, Oxford', 'Pandi, Bulacan'
        keep = keep or _part_of_a_named_place(doc, end) and any(c.primary for c in candidates)
        candidates = _demonym(text, gaz, names=ent.label_ == "NORP") or (candidates if keep else [])
    union = ent.label_ == "ORG" and bool(_world_region(text))  # 'the European Union' tagged as an organisation
    if not candidates and ent.label_ not in PLACE_LABELS and council is None and not union:
        return None
    held: list[Candidate] = []
    located = _after_locative(doc, start) or _before_resident(doc, end)  # 'in Crafton', 'a Crafton man'
    if ent.label_ == "PERSON" and (start, end) == (ent.start, ent.end) and not located \
            and kind_hint is None:  # nobody is called 'Moore County'
        candidates, held = [], candidates  # "Jordan said": a person unless widened, "in Jordan", or echoed
    if normalize_name(text) in geo_names.NOT_PLACES or text.islower():  # 'south west', 'the state'
        candidates = []
    candidates = _world_region(text) or candidates
    return Toponym(
        start=start, end=end, text=text, key=_bare_key(text), label=ent.label_, kind_hint=kind_hint,
        near=_near_cue(doc, start) or _names_a_road_end(doc, start), candidates=candidates, held=held, after_locative=located,
        in_name=party is not None or _compound_head(doc, end),
    )


RESIDENT_NOUNS = frozenset({"man", "men", "woman", "women", "boy", "girl", "teen", "teens", "teenager", "couple",
                            "resident", "residents", "native", "youth", "motorist"})


def _before_resident(doc: Doc, end: int) -> bool:
    """'a Crafton man', 'three Winona women', 'a Haslett teen': a hometown tagged as a person's name."""
    return end < len(doc) and doc[end].lower_ in RESIDENT_NOUNS


def _opens_with_kind_of(doc: Doc, start: int, end: int) -> bool:
    """'City of Huntsville', 'Province of Ontario', 'Village of Glen Carbon': a kind of place, 'of', a name."""
    return end - start > 2 and doc[start].is_title and doc[start].lower_ in SUFFIX_HINTS \
        and doc[start + 1].lower_ == "of" and doc[start + 2].is_title


def _world_region(text: str) -> list[Candidate]:
    """'Europe', 'the EU', 'African': a continent or union at GeoNames' point for it, read like a country
    mention (a hint for geoparsing, never an event's place: ACLED codes nothing at that scale)."""
    if not text[:1].isupper():
        return []
    key = normalize_name(text)
    if key in geo_names.WATERS_AND_DESERTS:  # 'the Mediterranean', 'Lake Chad': likewise
        name, latitude, longitude, feature_code = geo_names.WATERS_AND_DESERTS[key]
        return [_answer_only(name, latitude, longitude, feature_code, None)]
    found = geo_names.WORLD_REGIONS.get(key)
    if found is None:
        return []
    name, latitude, longitude, geonameid = found
    return [_answer_only(name, latitude, longitude, "RGNE" if name == "European Union" else "CONT", geonameid)]


def _answer_only(name: str, latitude: float, longitude: float, feature_code: str, geonameid: int | None
                 ) -> Candidate:
    return Candidate(geonameid=geonameid, name=name, latitude=latitude, longitude=longitude, country_code="",
                     admin1_code=None, admin2_code=None, population=0, feature_code=feature_code,
                     kind=KIND_COUNTRY, primary=True)


def _compound_head(doc: Doc, end: int) -> bool:
    """'Dubai-based Al-Arabiya', 'a Kabul-born writer': where someone or something is from, no event place."""
    return end + 1 < len(doc) and doc[end].text in ("-", "‐") and doc[end + 1].lower_ in COMPOUND_TAILS


PARTIES = frozenset({"D", "R", "I"})


def _party_prefix(doc: Doc, start: int, end: int) -> int | None:
    """'Rep. Barbara Lee, D-Oakland,' / 'Nancy Pelosi, D-Calif.': a legislator's party and home (the start of
    the home's name); it tells where the story is, never where an event happened."""
    if end - start < 3 or doc[start].text not in PARTIES or doc[start + 1].text not in ("-", "‐"):
        return None
    return start + 2 if start > 0 and doc[start - 1].text == "," else None


def _party_home_at(doc: Doc, gaz: Gazetteer, i: int, taken: set[int]) -> Toponym | None:
    """', D-Calif.,' where the tagger saw no entity: the legislator's home, in-name."""
    if doc[i].text not in PARTIES or i + 2 >= len(doc) or _party_prefix(doc, i, i + 3) is None:
        return None
    end = i + 2
    while end < len(doc) and end - i < 5 and doc[end].is_title and end not in taken:
        end += 1
    text = doc[i + 2 : end].text
    candidates = _candidates(text, gaz) if end > i + 2 else []
    if not candidates:
        return None
    return Toponym(start=i + 2, end=end, text=text, key=_bare_key(text), label="LOOSE", kind_hint=None,
                   near=False, candidates=candidates, in_name=True)


def _listed_before_suffix(doc: Doc, end: int) -> str | None:
    """'Eastland and Callahan counties', 'Borno, Yobe and Adamawa states': the plural word after a list of
    names gives the kind of each."""
    i = end
    while i < len(doc) and doc[i].text in (",", "and", "&"):
        i += 1
        while i < len(doc) and (doc[i].is_title or doc[i].text in ("-", "‐")):
            i += 1
    if i == end or i >= len(doc) or not doc[i].lower_.endswith("s"):
        return None
    return SUFFIX_HINTS.get(doc[i].lower_)


def _undotted_abbreviation(doc: Doc, start: int, end: int) -> bool:
    """'the village of Ala' is no 'Ala.' (Alabama): AP's state abbreviations count only with their dot."""
    if normalize_name(doc[start:end].text) not in geo_names.us_state_abbreviation_keys():
        return False
    last = doc[end - 1]
    return not last.text.endswith(".") and text_of(doc)[last.idx + len(last.text) : last.idx + len(last.text) + 1] != "."


LOCAL_GOVERNMENT = ("local government area", "local government areas", "local government council",
                    "local government", "local council", "lga",
                    "development area")  # Nigeria's local council development areas, carved out of the LGAs


def _local_government_at(doc: Doc, start: int, end: int) -> int | None:
    """'Wukari Local Government Area' (a Nigerian district, tagged as an organisation): where the name ends; the
    words may run past the entity ('Lafia East Development' + 'area')."""
    for words in LOCAL_GOVERNMENT:
        width = len(words.split())
        for first in range(max(start + 1, end - width), end):
            if doc[first : first + width].text.lower() == words:
                return first
    return None


def _local_government_after(doc: Doc, end: int) -> bool:
    """'in Kanam local government area' (the words left outside the entity)."""
    following = [t.lower_ for t in doc[end:end + 3]]
    return any(following[:len(words.split())] == words.split() for words in LOCAL_GOVERNMENT)


def _compass_part_widened(doc: Doc, start: int, end: int, gaz: Gazetteer, *, glue: bool = True
                          ) -> tuple[int, list[Candidate]]:
    """A compass part of a name (`_compass_part`), also when the tagger cut the name short: 'East Jebel' of
    'East Jebel Marra'."""
    found = _compass_part(doc[start:end].text, gaz)
    extra = 0
    while glue and not found and extra < 2 and end + extra < len(doc) and doc[end + extra].is_title:
        extra += 1
        found = _compass_part(doc[start : end + extra].text, gaz)
    return (end + extra if found else end), found


def _compass_part(text: str, gaz: Gazetteer) -> list[Candidate]:
    """'Turkana South', 'Tonj-East', 'North Darfur' when the gazetteer lacks the part: the region or town it is
    part of (regions only, or towns of 10,000+: 'East' and 'North' glue onto too many small names)."""
    words = normalize_name(text).split()
    if len(words) < 2:
        return []
    if words[-1] in COMPASS_WORDS:
        rest = " ".join(words[:-1])
    elif words[0] in COMPASS_WORDS or words[0] in NAME_OPENERS:  # 'North Darfur', 'Metro Vancouver'
        rest = " ".join(words[1:])
    else:
        return []
    if rest in geo_names.NOT_PLACES:
        return []  # 'East Jebel' (of 'East Jebel Marra'): a mountain's word, no town
    return [c for c in gaz.lookup(rest) if c.kind != KIND_PLACE or c.population >= 10000]


NATIONAL_GROUND = frozenset({"territory", "soil"})  # 'on Chadian territory', 'on Nigerian soil': the country


def _demonym_qualifying_a_place(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """'a Kenyan village', 'the Somali District of Buulo Mareer': a people's adjective before a settlement word,
    or before a region word that another name follows ('the Somali region' alone may be Ethiopia's)."""
    if end >= len(doc) or not gaz.is_demonym(doc[start:end].text):
        return False
    word = doc[end].lower_
    if SUFFIX_HINTS.get(word) == KIND_PLACE or word in NATIONAL_GROUND:
        return True
    named_after = end + 2 < len(doc) and doc[end + 1].lower_ == "of" and doc[end + 2].is_title
    return word in SUFFIX_HINTS and named_after and gaz.country(doc[end + 2].text) is None


def _big_city(candidates: list[Candidate]) -> bool:
    """'a Benghazi mosque', 'Headington, Oxford': a city's own name (no people's) tagged as a people."""
    return any(c.kind == KIND_PLACE and c.primary and c.population >= 100000 for c in candidates)


def _inner_toponym(doc: Doc, ent: Span, gaz: Gazetteer) -> Toponym | None:
    """A region, country or city that opens or closes the name of an organisation or a building: 'Borno State
    Police', 'Texas Department of Public Safety', 'University of Kentucky', 'the Butler County Jail'. It tells
    where the story is, but the organisation's home is not where an event happened (role "in-name")."""
    if len(ent) < 2 or not (ent.label_ in ("ORG", "FAC") or _names_an_institution(ent)):
        return None
    for start, end in _inner_spans(ent):
        text = doc[start:end].text
        end, kind_hint = _suffix(doc, start, end)
        if kind_hint is None and any(t.lower_ in LOCAL_BODY_WORDS for t in doc[start:end]):
            continue  # 'University' (Florida), 'Police': the body, not its place
        town_ok = _town_in_name(doc, start, ent)
        candidates = [c for c in _candidates(text, gaz) if (c.kind == KIND_PLACE and c.primary and town_ok)
                      or (c.kind != KIND_PLACE and _strong_entry(c, kind_hint))] or _demonym(text, gaz)
        if candidates and normalize_name(text) not in geo_names.NOT_PLACES:
            text = doc[start:end].text
            return Toponym(
                start=start, end=end, text=text, key=_bare_key(text), label="ORG", kind_hint=kind_hint,
                near=False, candidates=candidates, in_name=True,
            )
    return _closing_country(doc, ent, gaz)


def _closing_country(doc: Doc, ent: Span, gaz: Gazetteer) -> Toponym | None:
    """'SOS Children's Villages Sudan', 'Taco Bell Canada': a country that closes a body's name, its branch."""
    start, end = _trim(doc, ent.start, ent.end)
    for width in (3, 2, 1):
        if end - width <= start:
            continue
        text = doc[end - width : end].text
        info = gaz.country_by_name(text) if doc[end - width].is_title else None
        if info is not None:
            return Toponym(start=end - width, end=end, text=text, key=_bare_key(text), label="ORG", kind_hint=None,
                           near=False, candidates=[gaz.country_candidate(info)], in_name=True)
    return None


def _town_in_name(doc: Doc, start: int, ent: Span) -> bool:
    """A town names a local body ('University of Kentucky', 'Huntsville Police Department', 'Dublin Arts
    Council'), not a company that shares its name ('Toyota Motor Corp.')."""
    after_of = start > ent.start and doc[start - 1].lower_ == "of"
    return after_of or any(t.lower_ in LOCAL_BODY_WORDS for t in doc[start + 1 : ent.end])


def _names_an_institution(ent: Span) -> bool:
    """'Butler County Jail', 'Walker County Courthouse': a place or region tagged GPE/LOC with a building's
    or an office's word at its end."""
    last = ent[-2] if len(ent) > 1 and ent[-1].lower_ in ("'s", "’s") else ent[-1]
    return last.lower_ in INSTITUTION_WORDS  # "the Madison County Sheriff's"


def _inner_spans(ent: Span) -> Iterator[tuple[int, int]]:
    """Runs of up to four words that open the name, or follow an 'of' in it, longest first."""
    start, end = _trim(ent.doc, ent.start, ent.end)
    doc = ent.doc
    openings = [start] + [i + 1 for i in range(start, end - 1) if doc[i].lower_ in ("of", "for")]
    openings += [i + 1 for i in openings if i + 1 < end and doc[i].lower_ in NAME_OPENERS]  # 'East Texas Council'
    for first in openings:
        for width in range(min(4, end - first - (first == start)), 0, -1):
            last = first + width
            if doc[last - 1].text in ("-", "‐") or (last < len(doc) and not doc[last - 1].whitespace_
                                                     and doc[last].text in ("-", "‐")):
                continue  # 'Mayo' of 'Mayo-Tsanaga' is not a place of its own
            yield first, last


def _strong_entry(c: Candidate, kind_hint: str | None = None) -> bool:
    """A country, a first-level region, a district its name calls one ('Butler County'), or a big city."""
    if c.kind == KIND_ADMIN2:
        return kind_hint == KIND_ADMIN2
    return c.kind in (KIND_COUNTRY, KIND_ADMIN1) or (c.kind == KIND_PLACE and c.population >= 100000)


def _demonym(text: str, gaz: Gazetteer, *, names: bool = False) -> list[Candidate]:
    """'Pakistani', 'Afghan' → the country, as a country-role mention (a hint, never an event place)."""
    info = gaz.country(text) if gaz.is_demonym(text) else None
    if info is None and names:  # a country's name tagged NORP ('the new Central African Republic government')
        info = gaz.country_by_name(text)
    if info is not None:
        return [gaz.country_candidate(info)]
    region = geo_names.REGION_DEMONYMS.get(normalize_name(text))  # 'South Ossetian', 'Dagestani'
    return [c for c in gaz.lookup(region) if c.kind == KIND_ADMIN1][:1] if region else []


def _after_locative(doc: Doc, start: int) -> bool:
    """'in X', 'near X', 'in central X', and 'the capital X', 'the capital, X', 'the town X' (a place noun right
    before the name)."""
    if start > 1 and (doc[start - 1].lower_ in AREA_ADJECTIVES or doc[start - 1].text == ","
                      and doc[start - 2].lower_ == "capital"):
        start -= 1
    if start > 1 and doc[start - 1].lower_ == "on" and doc[start - 2].lemma_.lower() in ASSAULTS:
        return True  # 'a new attack on Chibok', 'strikes on Darnah'
    return start > 0 and (doc[start - 1].lower_ in LOCATIVES or doc[start - 1].text in PLACE_NOUNS)


ASSAULTS = frozenset({"attack", "raid", "assault", "strike", "airstrike", "offensive", "bombardment", "bombing",
                      "advance", "march", "push"})



PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "province", "region", "district", "state"})


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’", "s", ",", ";", ":"):
        end -= 1
    return start, end


def _whole_words(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Extend over hyphen-glued pieces: spaCy may cut 'Gulshan-e-Iqbal' after 'Gulshan'."""
    while start > 0 and not doc[start - 1].whitespace_ and _glue(doc[start - 1], doc[start]):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and _glue(doc[end - 1], doc[end]):
        end += 1
    while end - start > 1 and doc[end - 1].text in ("-", "‐"):
        end -= 1
    return start, end


def _glue(left: Token, right: Token) -> bool:
    if right.lower_ in COMPOUND_TAILS:
        return False  # 'Nashville-based', 'Kabul-born': the place ends at the hyphen
    return left.text in ("-", "‐") or right.text in ("-", "‐") or (left.is_alpha and right.is_alpha)


def _suffix(doc: Doc, start: int, end: int) -> tuple[int, str | None]:
    """'Zhob district', 'Borno State': the kind the name's last word (or the next) gives; not in 'the Mali city
    of Konna', where the word belongs to the next name."""
    last = _hint_word(doc[end - 1])
    if last is not None and end - start > 1 and not _before_of(doc, end):
        return end, last
    following = _hint_word(doc[end]) if end < len(doc) else None
    if following is not None and not _before_of(doc, end + 1):
        return end + 1, following
    if end < len(doc) and doc[end].text == "department":  # 'the Ucayali department' (not 'Police Department')
        return end + 1, KIND_ADMIN1
    return end, _sub_unit_after(doc, end)


def _sub_unit_after(doc: Doc, end: int) -> str | None:
    """'Dadaab sub-county', 'Bimbo sub-prefecture': a unit below the one named (the name stays as it is)."""
    if end + 2 >= len(doc) or doc[end].lower_ != "sub" or doc[end + 1].text not in ("-", "‐"):
        return None
    return KIND_ADMIN2 if doc[end + 2].lower_ in ("county", "prefecture", "district", "division") else None


def _hint_word(token: Token) -> str | None:
    """The kind a word after a name gives; 'community' only in lower case ('Madagali community', not
    'Texas Community College')."""
    if token.lower_ == "community" and token.text != "community":
        return None
    return SUFFIX_HINTS.get(token.lower_)


def _prefix_hint(doc: Doc, start: int) -> str | None:
    """'the province of Arauca', 'the town of Hit': the kind the words before the name give."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return None
    return SUFFIX_HINTS.get(doc[start - 2].lower_)


def _appositive_hint(doc: Doc, end: int) -> str | None:
    """'Gwoza, a town in Borno State': the kind the words after the name's comma give."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "the"):
        return None
    return SUFFIX_HINTS.get(doc[end + 2].lower_)


def _before_of(doc: Doc, i: int) -> bool:
    """'the Mali city of Konna' (the word belongs to Konna), not 'the Zakho city of northern Iraq'."""
    named = i + 1 < len(doc) and doc[i + 1].is_title
    return named and doc[i].lower_ == "of" and doc[i - 1].lower_ in ("city", "town", "village")


def _widest_match(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int, list[Candidate]]:
    """The longest exact gazetteer match that covers the entity ('Dera' + 'Ismail Khan'); else the entity."""
    best = (start, end, _candidates(doc[start:end].text, gaz))
    for left in range(start, max(-1, start - MAX_EXTRA_TOKENS - 1), -1):
        if left < start and not _name_like(doc[left]):
            break
        for right in range(end + MAX_EXTRA_TOKENS, end - 1, -1):
            if (left, right) == (start, end) or right > len(doc):
                continue
            if not all(_name_like(t) for t in doc[end:right]) or not _name_edge(doc[right - 1]) \
                    or not _name_edge(doc[left]):
                continue
            found = gaz.lookup(doc[left:right].text)
            if found and right - left > best[1] - best[0]:
                best = (left, right, found)
                break
    return best


def _name_edge(token: Token) -> bool:
    """A name neither opens nor closes with a hyphen or a small word ('of Aley' is no name)."""
    return token.text not in ("-", "‐") and not token.is_lower


def _name_like(token: Token) -> bool:
    inner_the = token.text == "the" and token.i > 0 and token.doc[token.i - 1].text == "of"  # 'Republic of the Congo'
    return (token.is_title or inner_the or token.text in ("-", "e", "i", "al", "el", "ul", "ad", "ud", "of", "and")) \
        and not token.is_sent_start and not token.is_punct or token.text == "-"


def _candidates(text: str, gaz: Gazetteer) -> list[Candidate]:
    if text[:1].isdigit():
        return []  # '6th' (Infantry Division), '9/11': numbers hide among GeoNames' alternate names
    text = geo_names.CASE_SENSITIVE_NAMES.get(text, text)  # 'L.A.' is Los Angeles, 'La.' Louisiana
    found = _acronym_guard(text, gaz.lookup(text))
    bare = _bare_text(text)
    if bare != text:
        seen = {(c.kind, c.geonameid, c.name) for c in found}
        found += [c for c in gaz.lookup(bare) if (c.kind, c.geonameid, c.name) not in seen]
    return found


def _acronym_guard(text: str, found: list[Candidate]) -> list[Candidate]:
    """'FAO', 'DOH': an all-capitals word matches a town only by its own name, never by an alternate
    (airport codes and abbreviations hide among GeoNames' alternate names)."""
    letters = text.replace(".", "").replace(" ", "")
    if not (letters.isupper() and len(letters) <= 4):
        return found
    return [c for c in found if c.primary or c.kind != KIND_PLACE]


def _bare_text(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in SUFFIX_HINTS:
        words = words[:-1]
    return " ".join(words)


def _bare_key(text: str) -> str:
    return normalize_name(_bare_text(text))


def _near_cue(doc: Doc, start: int) -> bool:
    begin = max(_sentence_of(doc, start).start_char, doc[start].idx - 60)
    return NEAR_CUE.search(text_of(doc)[begin : doc[start].idx]) is not None


# -- context: countries and regions the article names -----------------------------------------------------


@dataclass
class Evidence:
    """Who said what about countries and regions: (source key, value, weight) so a mention can discount itself."""

    countries: list[tuple[str, str, float]] = field(default_factory=list)
    admins: list[tuple[str, tuple[str, str], float]] = field(default_factory=list)
    points: list[tuple[str, float, float]] = field(default_factory=list)
    cities: set[str] = field(default_factory=set)  # names read with confidence as a city

    def country_weight(self, cc: str, exclude: str) -> float:
        return _sum_by_name((key, w) for key, c, w in self.countries if c == cc and key != exclude)

    def admin_weight(self, admin: tuple[str, str], exclude: str) -> float:
        return _sum_by_name((key, w) for key, a, w in self.admins if a == admin and key != exclude)

    def nearest_km(self, lat: float, lon: float, exclude: str) -> float | None:
        distances = [haversine_km(lat, lon, a, b) for key, a, b in self.points if key != exclude]
        return min(distances) if distances else None

    def neighbours(self, cc: str, exclude: str) -> bool:
        """Whether a country named outright borders `cc`."""
        borders = country_neighbours().get(cc, frozenset())
        return bool(borders) and any(key != exclude and w >= 1.0 and c in borders for key, c, w in self.countries)

    def hints_elsewhere(self, cc: str, exclude: str) -> bool:
        """Some clue, however faint (a people's adjective), points to another country and none to `cc` (a named
        group's home country is no clue: Boko Haram fights in Niger too)."""
        return self.country_weight(cc, exclude) == 0 and any(
            key not in (exclude, HOME_KEY) and not key.startswith(ACTOR_KEY_PREFIX) and w > 0 and c != cc
            for key, c, w in self.countries)

    def has_countries(self, exclude: str, *, towns_count: bool = False) -> bool:
        """Whether other names place the article in a country: outright, or (`towns_count`) by a city
        read with confidence (a group's home country is no such clue)."""
        outright = any(key not in (exclude, HOME_KEY) and w >= 1.0 for key, _, w in self.countries)
        return outright or towns_count and any(key != exclude for key in self.cities)


def _sum_by_name(weights: Iterable[tuple[str, float]]) -> float:
    """Each name counts once, at its strongest: 'Walker County' said five times is still one clue."""
    best: dict[str, float] = {}
    for key, weight in weights:
        best[key] = max(weight, best.get(key, 0.0))
    return sum(best.values())


def demonym_hints(doc: Doc, gaz: Gazetteer, toponym_tokens: set[int]) -> Iterator[tuple[str, str]]:
    """(key, ISO2) for demonyms and country names outside the toponyms ('Pakistani troops', 'Afghan army')."""
    person = {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    skipped = toponym_tokens | person
    i = 0
    while i < len(doc):
        usable = i not in skipped and not _ethnic(doc, i) and not _allegiance(doc, i)
        hit = _country_words(doc, i, gaz) if usable else None
        if hit is None:
            i += 1
            continue
        width, cc = hit
        yield normalize_name(doc[i : i + width].text), cc
        i += width


TOWN_COUNTRY_WEIGHT = 0.5  # a town read with confidence says which country the article is in
NATIONALITY_WEIGHT = 0.5  # 'a Kenyan teacher' may be killed abroad
ACTOR_COUNTRY_WEIGHT = 0.5  # a group's home country: a clue, weaker than the text naming a country


def actor_hints(doc: Doc) -> list[tuple[str, str, float]]:
    """(key, ISO2, weight) for the named groups the actors stage found ('Boko Haram' → NG, 'al-Shabaab' → SO),
    when it ran before this stage: where a group fights says which of two namesakes is meant."""
    if not Doc.has_extension("kharita_actors"):
        return []
    return [(f"{ACTOR_KEY_PREFIX}{m.entry.id}", m.entry.country_code, ACTOR_COUNTRY_WEIGHT)
            for m in doc._.kharita_actors or [] if m.entry.named and m.entry.country_code]


def _country_words(doc: Doc, i: int, gaz: Gazetteer) -> tuple[int, str] | None:
    if not doc[i].is_title and not doc[i].is_upper or not gaz.may_start_country(doc[i].text):
        return None
    for width in (4, 3, 2, 1):
        if i + width > len(doc):
            continue
        info = gaz.country(doc[i : i + width].text)
        if info is not None and (width > 1 or len(doc[i].text) > 2):
            return width, info.iso2
    return None


# -- scoring --------------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def prior(c: Candidate) -> float:
    if c.kind == KIND_COUNTRY:
        return COUNTRY_BASE
    if c.kind == KIND_ADMIN1:
        return ADMIN1_BASE - (0.0 if c.primary else 0.3)
    if c.kind == KIND_ADMIN2:
        return ADMIN2_BASE - (0.0 if c.primary else 0.3)
    bonus = CAPITAL_BONUS if c.feature_code == "PPLC" else 0.0
    return math.log10(c.population + 1) + bonus - (0.0 if c.primary else ALTERNATE_PENALTY)


def hint_score(c: Candidate, hint: str | None) -> float:
    if hint is None:
        return 0.0
    if c.kind == hint:
        return HINT_MATCH
    if hint == KIND_ADMIN2 and c.kind == KIND_PLACE:
        return 0.0  # "Zhob district" may be coded at its headquarters town
    if {hint, c.kind} == {KIND_ADMIN1, KIND_ADMIN2}:
        return 1.0
    return -HINT_MISMATCH


def container_score(c: Candidate, container: Candidate | None) -> float:
    if container is None:
        return 0.0
    if not inside(c, container):
        return -CONTAINER_MISMATCH
    return 0.0 if _far_inside_district(c, container) else CONTAINER_MATCH


def _far_inside_district(c: Candidate, district: Candidate) -> bool:
    """Coded inside a district yet far from it: GeoNames codes some towns to the wrong district (one 'Kabasalan'
    of 'Zamboanga Sibugay' lies 230 km away in Cotabato), so a namesake near the district's point comes first."""
    if district.kind != KIND_ADMIN2:
        return False
    km = haversine_km(c.latitude, c.longitude, district.latitude, district.longitude)
    return km > FAR_FROM_CONTAINER_KM[KIND_ADMIN2]


def inside(c: Candidate, region: Candidate) -> bool:
    if c.country_code != region.country_code:
        return False
    if region.kind == KIND_COUNTRY:
        return True
    if region.kind == KIND_ADMIN1:
        return c.admin1_code == region.admin1_code
    if region.kind == KIND_ADMIN2:
        return c.admin1_code == region.admin1_code and c.admin2_code == region.admin2_code
    return haversine_km(c.latitude, c.longitude, region.latitude, region.longitude) <= NEIGHBOURHOOD_KM


def context_score(c: Candidate, key: str, ev: Evidence, use_points: bool) -> float:
    score = 0.0
    weight = ev.country_weight(c.country_code, key)
    if weight >= 1.0:
        score += COUNTRY_EVIDENCE
    elif weight > 0:
        score += IMPLIED_COUNTRY
    elif ev.neighbours(c.country_code, key):
        score += NEIGHBOUR_EVIDENCE  # 'Gaza' in a story about Israel: the Palestinian city, not Mozambique's
    if c.admin1_code and c.kind != KIND_COUNTRY:
        score += ADMIN_EVIDENCE * min(MAX_ADMIN_WEIGHT, ev.admin_weight((c.country_code, c.admin1_code), key))
    if use_points and c.kind != KIND_COUNTRY:
        km = ev.nearest_km(c.latitude, c.longitude, key)
        if km is not None:
            score += 3.0 if km < 50 else 2.0 if km < 150 else 1.0 if km < 400 else 0.0
    return score


def score(c: Candidate, top: Toponym, container: Candidate | None, ev: Evidence, use_points: bool,
          support: float = 0.0) -> float:
    return (prior(c) + hint_score(c, top.kind_hint) + container_score(c, container) + SUPPORT * support
            + context_score(c, top.key, ev, use_points) - namesake_penalty(c, top) - not_a_state(c, top)
            - foreign_alias(c, top, ev) + compass_country(c, top))


COMPASS_COUNTRY = 2.0


def compass_country(c: Candidate, top: Toponym) -> float:
    """'southeastern Niger' with nothing calling it a state: the country, not Nigeria's Niger State."""
    return COMPASS_COUNTRY if top.compass_before and top.kind_hint is None and c.kind == KIND_COUNTRY else 0.0


def foreign_alias(c: Candidate, top: Toponym, ev: Evidence) -> float:
    """'the Beni region' in a story about the DR Congo is not Bolivia's El Beni: a region named by an alternate
    name, in a country the story never names while it names others."""
    if c.kind not in (KIND_ADMIN1, KIND_ADMIN2) or c.primary or not ev.has_countries(top.key):
        return 0.0
    return HINT_MISMATCH if ev.country_weight(c.country_code, top.key) == 0 else 0.0


def mutual_support(tops: list[Toponym]) -> None:
    """For each reading of each name, the other names (each counted once) that have a reading in the same
    county (1) or the same state or province (ADMIN1_SUPPORT): 'Paris' and 'Henry County' are Paris and Henry
    County, Tennessee, though each alone has a dozen namesakes. Whatever the readings chosen."""
    counties: dict[str, set[tuple[str, str, str]]] = {}
    regions: dict[str, set[tuple[str, str]]] = {}
    for top in tops:
        for c in top.candidates:
            if c.kind != KIND_COUNTRY and c.admin1_code:
                regions.setdefault(top.key, set()).add((c.country_code, c.admin1_code))
                if c.admin2_code:
                    counties.setdefault(top.key, set()).add((c.country_code, c.admin1_code, c.admin2_code))
    for top in tops:
        top.support = [_support(c, top.key, counties, regions) for c in top.candidates]
    keys_by_country: dict[str, set[str]] = {}
    for top in tops:
        for c in top.candidates:
            if c.kind == KIND_ADMIN1 and c.primary:
                keys_by_country.setdefault(c.country_code, set()).add(top.key)
    countries: dict[int, set[str]] = {}
    for top in tops:
        if any(c.kind == KIND_COUNTRY for c in top.candidates):
            countries.setdefault(top.run, set()).add(top.key)
    for top in tops:  # 'Wisconsin, Michigan, ... California': among states, a state's name is the state
        top.peers = [_among_peers(c, top.key, keys_by_country, countries.get(top.run, set()))
                     for c in top.candidates]
    for top in tops:  # 'Gainesville, Georgia': the Georgia that has a Gainesville, not the country
        inner = [t for t in tops if t.container is not None and tops[t.container] is top]
        top.holds = [any(inside(x, c) for t in inner for x in t.candidates) for c in top.candidates]


def _among_peers(c: Candidate, key: str, states: dict[str, set[str]], countries: set[str]) -> bool:
    """A state among other states of its country named anywhere, or a country listed with other countries
    ('Mali, Niger, and Senegal' is no list of Nigerian states)."""
    if c.kind == KIND_COUNTRY:
        return len(countries - {key}) >= MIN_PEER_STATES
    return c.kind == KIND_ADMIN1 and c.primary and len(states[c.country_code] - {key}) >= MIN_PEER_STATES


def _support(c: Candidate, key: str, counties: dict[str, set[tuple[str, str, str]]],
             regions: dict[str, set[tuple[str, str]]]) -> float:
    if c.kind == KIND_COUNTRY or not c.admin1_code:
        return 0.0
    county, region = (c.country_code, c.admin1_code, c.admin2_code or ""), (c.country_code, c.admin1_code)
    total = 0.0
    for other, areas in regions.items():
        if other == key or region not in areas:
            continue
        same_county = c.admin2_code and county in counties.get(other, ())
        total += 1.0 if same_county or c.kind == KIND_ADMIN1 else ADMIN1_SUPPORT  # a state holds what is in it
    return min(total, MAX_SUPPORT)


# Countries whose first-level divisions are called states ('Adamawa State' is Nigerian; Cameroon's Adamaoua is
# a region, though GeoNames gives it the alternate name 'Adamawa').
STATE_COUNTRIES = frozenset({"NG", "US", "IN", "MX", "BR", "SD", "SS", "SO", "MM", "MY", "VE", "AU", "DE", "AT",
                             "ET", "FM", "PW"})


def not_a_state(c: Candidate, top: Toponym) -> float:
    called_state = top.text.split()[-1].lower() in ("state", "states")
    return HINT_MISMATCH if called_state and c.kind == KIND_ADMIN1 and c.country_code not in STATE_COUNTRIES else 0.0


def namesake_penalty(c: Candidate, top: Toponym) -> float:
    """'Mandera', 'Kano', 'Kandahar': a plain name shared by a region and its own town means the town. And a
    town named after a state elsewhere ('California', Maryland) is not what a bare state name means, nor a town
    that has a country's name only as an alternate ('Mexico' for Mexico City)."""
    if c.kind == KIND_PLACE:
        if not _lesser_namesake(c, top):
            return 0.0
        return NAMESAKE_PENALTY * 2 if _village_named_after_a_state_abroad(c, top) else NAMESAKE_PENALTY
    if c.kind not in (KIND_ADMIN1, KIND_ADMIN2) or top.kind_hint in (KIND_ADMIN1, KIND_ADMIN2):
        return 0.0
    if c.kind == KIND_ADMIN2 and not c.primary and any(t.kind == KIND_ADMIN1 and t.primary for t in top.candidates):
        return NAMESAKE_PENALTY  # a bare 'Texas' is the state, not Texas County (Missouri)
    if any(t.kind == KIND_COUNTRY and t.country_code == c.country_code for t in top.candidates):
        return NAMESAKE_PENALTY  # a bare 'Mexico' is the country, not its state of México
    town = any(t.kind == KIND_PLACE and (t.primary or not c.primary) and t.population >= 1000
               and t.country_code == c.country_code and t.admin1_code == c.admin1_code for t in top.candidates)
    return NAMESAKE_PENALTY if town else 0.0


def _village_named_after_a_state_abroad(c: Candidate, top: Toponym) -> bool:
    """'Texas' beside 'Mexico City' is still the US state, not a Mexican hamlet of 993 people called Texas."""
    states = [t for t in top.candidates if t.kind == KIND_ADMIN1 and t.primary]
    return c.population < VILLAGE_POPULATION and bool(states) and all(t.country_code != c.country_code
                                                                       for t in states)


VILLAGE_POPULATION = 10_000


def _lesser_namesake(c: Candidate, top: Toponym) -> bool:
    if top.kind_hint == KIND_PLACE:  # 'the city of X'
        return False
    if not c.primary and any(t.kind == KIND_COUNTRY for t in top.candidates):
        return True  # 'Mexico' is the country; 'Mexico' as an old name of Mexico City is not what is meant
    if c.feature_code == "PPLC":  # Washington, D.C.
        return False
    regions = {(t.country_code, t.admin1_code) for t in top.candidates if t.kind == KIND_ADMIN1 and t.primary}
    own_region = (c.country_code, c.admin1_code) in regions  # Gaza and its governorate, against Mozambique's Gaza
    return not own_region and bool(regions)


def choose(top: Toponym, container: Candidate | None, ev: Evidence, use_points: bool) -> None:
    support = top.support or [0.0] * len(top.candidates)
    holds = top.holds or [False] * len(top.candidates)
    peers = top.peers or [False] * len(top.candidates)
    ranked = sorted(((score(c, top, container, ev, use_points, support[i]) + (HOLDS_MATCH if holds[i] else 0.0)
                      + (PEER_STATES if peers[i] else 0.0), i) for i, c in enumerate(top.candidates)), reverse=True)
    if not ranked:
        top.choice = None
        return
    top.choice = top.candidates[ranked[0][1]]
    top.score_margin = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 10.0
    top.ranking = [i for _, i in ranked]


# -- resolution -----------------------------------------------------------------------------------------


def link_containers(doc: Doc, tops: list[Toponym]) -> None:
    """'Maiduguri, Borno State' / 'Lyari in Karachi' / "Karachi's Lyari" / 'Lyari, a district of Karachi'."""
    lists = _lists(doc, tops)
    for i, top in enumerate(tops):
        nxt = tops[i + 1] if i + 1 < len(tops) else None
        prev = tops[i - 1] if i > 0 else None
        if _a_people(top):
            continue  # 'the Somali town of Beledweyne': a people lies inside nothing
        listed = nxt is not None and top.run in lists and _peers(top, nxt)  # 'Ghana, Niger, Nigeria and Togo'
        if nxt is not None and _same_sentence(doc, top, nxt) and not _a_people(nxt) and not listed:
            gap = text_of(doc)[doc[top.end - 1].idx + len(doc[top.end - 1]) : doc[nxt.start].idx]
            if BARE_PART_GAP.match(gap) and _holds_a_part(top, nxt):
                continue  # 'the Mosul neighbourhood of Zanjili': the second name lies in the first (linked below)
            if SETTLEMENT_OF_GAP.match(gap) and _a_region(top):
                nxt.container, nxt.part_of, nxt.said_inside = i, True, True  # 'the Niger village of Abadam'
                if top.held:
                    _release(top)
                continue
            if CONTAINER_GAP.match(gap) or PART_OF_GAP.match(gap):
                top.container, top.part_of = i + 1, bool(PART_OF_GAP.match(gap))
                top.said_inside = top.part_of or gap.strip(" ,").lower() not in ("", "the")
                continue
        if prev is not None and _same_sentence(doc, prev, top):
            gap = text_of(doc)[doc[prev.end - 1].idx + len(doc[prev.end - 1]) : doc[top.start].idx]
            if (POSSESSIVE_GAP.match(gap) or BARE_PART_GAP.match(gap)) and prev.container != i:
                top.container, top.part_of = i - 1, True


def _a_region(top: Toponym) -> bool:
    """A country's or a first-level region's own name ('Niger', 'Borno'): what 'the Borno town of Bama' puts
    the town in (not a sea's: 'the Red Sea town of Yanbu')."""
    readings = [*top.candidates, *top.held]  # 'Borno' tagged as a person is the state all the same
    return any(c.primary and c.kind in (KIND_COUNTRY, KIND_ADMIN1) and c.country_code for c in readings)


def _holds_a_part(city: Toponym, part: Toponym) -> bool:
    """'the Mosul neighbourhood of Zanjili': a city before the part word, and a part after it that is no region
    ('Lyari district of Karachi' and 'Abadan area of Borno State' read the other way)."""
    largest = max((c.population for c in city.candidates if c.kind == KIND_PLACE), default=0)
    if largest == 0 or part.kind_hint is not None:
        return False
    return all(c.kind == KIND_PLACE and c.population < largest for c in part.candidates)


def _peers(top: Toponym, nxt: Toponym) -> bool:
    """Listed names of one kind ('Niger, Nigeria'), unlike a town and its state in a list ('New Haven, Conn.')."""
    return nxt.run == top.run and bool({c.kind for c in top.candidates} & {c.kind for c in nxt.candidates})


def _lists(doc: Doc, tops: list[Toponym]) -> set[int]:
    """The runs of names closed by 'and'/'or': a list, not a place and its region ('Gwoza, Borno State, Nigeria')."""
    return {top.run for prev, top in pairwise(tops) if top.run == prev.run
            and any(t.lower_ in ("and", "or") for t in doc[prev.end : top.start])}


def _a_people(top: Toponym) -> bool:
    """'in the town of Kidal, French and Malian officials said': a people's name holds no place."""
    return top.label == "NORP" and top.kind_hint is None and all(c.kind == KIND_COUNTRY for c in top.candidates)


def release_contained(tops: list[Toponym]) -> None:
    """'the barracks, Bama in Borno State' / 'Gwoza, a town in Borno State' tagged as a person: a name said
    to lie in a region that holds one of its readings is a place."""
    for top in tops:
        container = tops[top.container] if top.container is not None else None
        if not top.held or container is None or not container.strong_label:
            continue
        if any(inside(c, region) for c in top.held for region in container.candidates if region.kind != KIND_PLACE):
            _release(top)


def _same_sentence(doc: Doc, a: Toponym, b: Toponym) -> bool:
    return _sentence_of(doc, a.start).start == _sentence_of(doc, b.start).start


def _sentence_of(doc: Doc, i: int) -> Span:
    """The sentence of token i; the whole doc when nothing set sentence boundaries."""
    if doc.has_annotation("SENT_START"):
        return doc[i].sent
    return doc[:]


def country_hints(doc: Doc, gaz: Gazetteer, tops: list[Toponym]) -> list[tuple[str, str, float]]:
    """(key, ISO2, weight) of the article's country clues outside the toponyms: demonyms and country words
    (weight 1), the home countries of the named groups (``actor_hints``). Computed once per article."""
    covered = {i for t in tops if t.candidates for i in range(t.start, t.end)}
    return [*((key, cc, 1.0) for key, cc in demonym_hints(doc, gaz, covered)), *actor_hints(doc)]


def gather_evidence(tops: list[Toponym], use_choices: bool, hints: list[tuple[str, str, float]],
                    home: tuple[str, str] | None = None) -> Evidence:
    """The evidence the toponyms' readings (chosen, or unambiguous before any choice), `hints` and the outlet's
    `home` region give."""
    ev = Evidence(countries=list(hints))
    if home is not None:  # a local paper's 'Dublin' is the Dublin near it, unless the story says otherwise
        ev.countries.append((HOME_KEY, home[0], HOME_WEIGHT))
        ev.admins.append((HOME_KEY, home, HOME_WEIGHT))
    for top in tops:
        c = top.choice if use_choices else _unambiguous(top)
        if c is None or _stray_alias(c, top):  # 'Hindi' is an alias of Mariupol: no sign the story is Ukrainian
            continue
        if not c.country_code:  # 'Lake Chad', 'Europe': in no one country, a lake in one of those around it
            ev.countries.extend((top.key, cc, 1.0) for cc in geo_names.LAKE_COUNTRIES.get(top.key, ()))
            continue
        if c.kind in (KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2):
            half = top.nationality or top.across_border and c.kind == KIND_COUNTRY
            ev.countries.append((top.key, c.country_code, NATIONALITY_WEIGHT if half else 1.0))
        elif top.score_margin > 2.0 or len({x.country_code for x in top.candidates}) == 1:
            ev.countries.append((top.key, c.country_code, TOWN_COUNTRY_WEIGHT))
            if c.kind == KIND_PLACE and c.population >= FOREIGN_TOWN_POPULATION:
                ev.cities.add(top.key)
        if c.admin1_code and c.kind != KIND_COUNTRY:
            ev.admins.append((top.key, (c.country_code, c.admin1_code), _admin_weight(top, c)))
        if c.kind == KIND_PLACE:
            ev.points.append((top.key, c.latitude, c.longitude))
    return ev


def _admin_weight(top: Toponym, c: Candidate) -> float:
    """A region named outright ('Texas', 'Borno State') says most; a district name (many counties share one)
    or a clearly chosen town says less; a town that barely won says nothing."""
    if c.kind == KIND_ADMIN1:
        return 1.0
    if c.kind == KIND_ADMIN2:
        return 0.5
    return 0.5 if top.score_margin > 2.0 or len({(x.country_code, x.admin1_code) for x in top.candidates}) == 1 \
        else 0.0


def _unambiguous(top: Toponym) -> Candidate | None:
    """Before any ranking: a name that is a country, or that only one entry (or one region) carries."""
    countries = [c for c in top.candidates if c.kind == KIND_COUNTRY]
    if countries and top.kind_hint is None:
        return countries[0]
    if len(top.candidates) == 1 and (top.candidates[0].kind != KIND_PLACE or top.candidates[0].population > 1000):
        return top.candidates[0]
    return None


def resolve(doc: Doc, gaz: Gazetteer, tops: list[Toponym]) -> None:
    link_containers(doc, tops)
    release_contained(tops)
    mutual_support(tops)
    hints = country_hints(doc, gaz, tops)
    home = doc._.get(HOME_EXTENSION) if Doc.has_extension(HOME_EXTENSION) else None
    ev = gather_evidence(tops, use_choices=False, hints=hints, home=home)
    for use_points in (False, True, True, True):  # until the readings agree with the evidence they give
        before = [top.choice for top in tops]
        for top in _containers_first(tops):
            container = tops[top.container].choice if top.container is not None else None
            choose(top, container, ev, use_points)
        ev = gather_evidence(tops, use_choices=True, hints=hints, home=home)
        if use_points and before == [top.choice for top in tops]:
            break
    for top in tops:
        if top.choice is not None and not _acceptable(top, ev, tops):
            top.choice = _plausible_runner_up(top, ev, tops)
    _names_keep_their_sense(tops)


def _acceptable(top: Toponym, ev: Evidence, tops: list[Toponym]) -> bool:
    return _plausible(top, ev) and not _outside_its_container(top, tops)


def _plausible_runner_up(top: Toponym, ev: Evidence, tops: list[Toponym]) -> Candidate | None:
    """'the town of Damask' in a Boko Haram story: not Damascus (an alternate spelling of a capital abroad) but
    the next reading, Damasak, when it holds up on its own in a country the article points to."""
    if not (top.strong_label or top.after_locative or top.kind_hint is not None):
        return None  # a person's or a body's name whose best reading fails is no place
    if top.choice is None or ev.country_weight(top.choice.country_code, top.key) > 0:
        return None  # the best reading failed on the article's own ground, not as a namesake abroad
    for index in top.ranking[1:]:
        top.choice = top.candidates[index]
        if ev.country_weight(top.choice.country_code, top.key) > 0 and _acceptable(top, ev, tops):
            return top.choice
    return None


def _names_keep_their_sense(tops: list[Toponym]) -> None:
    """'according to DeKalb Police ... arrested in DeKalb': a name inside an organisation's name is the place the
    story names outright, even where it would be too weak a reading on its own."""
    sense = {t.key: t.choice for t in tops if t.choice is not None and not t.in_name and t.strong_label}
    for top in tops:
        if top.in_name and top.choice is None and top.key in sense:
            top.choice = sense[top.key]


def _outside_its_container(top: Toponym, tops: list[Toponym]) -> bool:
    """'Nawa District of Helmand Province' where the gazetteer knows only an Ivorian Nawa: the namesake cannot
    be the place meant, so the mention stays unresolved and the event falls back on Helmand. Within one country
    only a town far from the container counts as outside (GeoNames' admin codes lag behind boundary changes:
    Takum 'in Benue' is in Taraba). A comma alone may join a list ('Kabul, Helmand and Kandahar', 'Lahore,
    Kabul'), so there only a region in another country rules a town out ('Nawa, Helmand')."""
    container = tops[top.container].choice if top.container is not None else None
    if top.choice is None or container is None or top.choice.kind == KIND_COUNTRY:
        return False
    if top.choice.kind == KIND_ADMIN1:  # "Nigeria's North-East" is not Ghana's North East region
        return top.part_of and container.kind == KIND_COUNTRY and top.choice.country_code != container.country_code
    if inside(top.choice, container):
        return False
    if top.choice.country_code != container.country_code:
        return top.said_inside or container.kind != KIND_PLACE
    km = haversine_km(top.choice.latitude, top.choice.longitude, container.latitude, container.longitude)
    return top.said_inside and container.kind != KIND_COUNTRY and km > FAR_FROM_CONTAINER_KM[container.kind]


def _containers_first(tops: list[Toponym]) -> list[Toponym]:
    return sorted(tops, key=lambda t: t.container is not None)


def _plausible(top: Toponym, ev: Evidence) -> bool:
    """Reject a weak guess that contradicts the article: a small foreign village, or an ORG/PERSON span."""
    c = top.choice
    if c is None:
        return False
    if top.in_name:  # only countries, regions, and towns that name a local body were offered
        return c.kind != KIND_PLACE or c.population >= 100000 or ev.country_weight(c.country_code, top.key) >= 0.5
    foreign = ev.has_countries(top.key, towns_count=True) and ev.country_weight(c.country_code, top.key) == 0
    if c.kind == KIND_PLACE and (top.names_part and foreign or top.names_quarter
                                 and _outside_named_regions(c, ev, top.key)):
        return False  # 'the neighbourhood of Riyadh, in the eastern part of Nyala' is not Saudi Arabia's capital,
        # nor 'Panjab Weyala locality' in a Kandahar story the town of Panjab in Bamyan
    if c.kind == KIND_ADMIN2 and foreign and (top.kind_hint is None or not c.primary):
        return False  # 'Mizan' (a district of Zabul) in a Quetta story is a namesake, 'Kot District' no 'Kut'
    if c.kind != KIND_PLACE:
        return (top.strong_label or top.after_locative or c.kind == KIND_COUNTRY or top.kind_hint is not None
                or top.key in geo_names.REGION_DEMONYMS
                or top.label == "ORG" and c.kind == KIND_ADMIN1 and c.primary)  # 'Nebraska’s slow growth'
    if foreign and (not c.primary or c.population < FOREIGN_TOWN_POPULATION and c.feature_code != "PPLC"):
        return False  # a small namesake abroad, or an alternate spelling of a city abroad ('Damask')
    if c.population < HAMLET_POPULATION and ev.hints_elsewhere(c.country_code, top.key):
        return False  # 'clashes at Bang' near 'the Cameroonian border' are not in an Indian hamlet
    if _stray_alias(c, top) and ev.country_weight(c.country_code, top.key) == 0:
        return False  # 'Hindi' (an alias of Mariupol), 'Cuei' (of Cuveglio), with nothing else in their country
    if not top.strong_label and not top.after_locative and top.kind_hint is None:  # nor 'the Zakho city'
        # an ORG/PERSON tag: only a town's own name, never an alternate ('Hamas', 'White House' are
        # alternate names of German and Moroccan cities)
        if top.names_part and not foreign and ev.country_weight(c.country_code, top.key) >= 1.0:
            return True  # 'the Musayyib area' tagged as an organisation, in a story set in Iraq
        if not c.primary or foreign:
            return False  # and a big city abroad named like a company ('Toyota Hilux') is not one either
        return c.population >= 100000 or ev.country_weight(c.country_code, top.key) >= 1.0
    return True


def _outside_named_regions(c: Candidate, ev: Evidence, key: str) -> bool:
    """The article names first-level regions of the reading's country outright, none of them the reading's."""
    named = {admin for other, admin, weight in ev.admins
             if other not in (key, HOME_KEY) and weight >= 1.0 and admin[0] == c.country_code}
    return bool(named) and (c.country_code, c.admin1_code) not in named


def _stray_alias(c: Candidate, top: Toponym) -> bool:
    """An alternate name that is no spelling or short form of the entry's own name ('Kakong' for Shaoguan),
    unlike 'Galkacyo' for Gaalkacyo, 'Musayyib' for Al-Musayab or 'Santa Cruz' for Santa Cruz de la Sierra."""
    if c.primary or c.kind != KIND_PLACE:
        return False
    own = normalize_name(c.name)
    if own.startswith(top.key + " "):
        return False
    return SequenceMatcher(None, variant_key(top.key), variant_key(own)).ratio() < STRAY_ALIAS_SIMILARITY


STRAY_ALIAS_SIMILARITY = 0.7


# -- the outlet's home -------------------------------------------------------------------------------------

HOME_KEY, HOME_WEIGHT = "home:", 1.0  # as if the article named its outlet's region once
HOME_MIN_ARTICLES, HOME_MIN_SHARE = 3, 0.3


def learn_homes(sources: Sequence[str], docs: Sequence[Doc]) -> dict[str, tuple[str, str]]:
    """Each outlet's home region: the first-level region its articles (already through this stage) most often
    name with confidence, when at least HOME_MIN_ARTICLES and HOME_MIN_SHARE of its articles name it. A local
    paper rarely says which Dublin it means; its other stories do (the 'local lexicon' of Lieberman et al.)."""
    regions: dict[str, Counter[tuple[str, str]]] = {}
    totals: Counter[str] = Counter()
    for source, doc in zip(sources, docs):
        totals[source] += 1
        regions.setdefault(source, Counter()).update(_confident_regions(doc))
    return {source: home for source, counts in regions.items()
            if (home := home_of(totals[source], counts)) is not None}


def home_of(articles: int, regions: Counter[tuple[str, str]]) -> tuple[str, str] | None:
    """The region most of an outlet's `articles` name (`regions`: region → articles naming it), when at least
    HOME_MIN_ARTICLES and HOME_MIN_SHARE of them do."""
    top = regions.most_common(1)
    return top[0][0] if top and top[0][1] >= max(HOME_MIN_ARTICLES, HOME_MIN_SHARE * articles) else None


def apply_outlet_homes(places: Callable[[Doc], Doc], sources: Sequence[str | None], docs: Sequence[Doc]
                       ) -> dict[str, tuple[str, str]]:
    """Learn each outlet's home (`learn_homes`) from `docs` already through `places`, and resolve the docs of
    outlets that have one again with it. Docs without a source are left alone. Returns the homes."""
    known = [(source, doc) for source, doc in zip(sources, docs) if source]
    homes = learn_homes([s for s, _ in known], [d for _, d in known])
    for source, doc in known:
        if source in homes:
            doc._.set(HOME_EXTENSION, homes[source])
            places(doc)
    return homes


def _confident_regions(doc: Doc) -> set[tuple[str, str]]:
    return {p.region for p in doc._.kharita_places or []
            if p.region is not None and p.role in EVENT_ROLES and (p.score or 0.0) >= 2.0}


# -- output ---------------------------------------------------------------------------------------------


def place_mentions(doc: Doc, gaz: Gazetteer) -> list[PlaceMention]:
    tops = toponyms(doc, gaz)
    resolve(doc, gaz, tops)
    tops += echoes(doc, tops)
    city = _dominant_city(tops)
    out: list[PlaceMention] = []
    for top in tops:
        mention = _mention(doc, gaz, top, tops)
        if mention is None and city is not None and _unknown_city_part(top):
            mention = _neighbourhood(gaz, doc[top.start : top.end], city, top)
        if mention is not None:
            out.append(_part_of_country(doc, gaz, top, mention) or mention)
    described = capital_mentions(doc, gaz, tops) + country_part_mentions(doc, gaz, tops)
    places = _with_capitals(sorted(out, key=lambda p: p.start_char), described)
    return _with_landmarks(text_of(doc), places)


def country_part_mentions(doc: Doc, gaz: Gazetteer, tops: list[Toponym]) -> list[PlaceMention]:
    """"the country's north", "the nation's restive south-east": a part of the article's one dominant country,
    coded like 'northern Mali' at a town standing for it (precision 3)."""
    owners = [t.i for t in doc[1:] if t.lower_ in CAPITAL_OWNERS and doc[t.i - 1].lower_ == "the"]
    cc = _dominant_country(tops) if owners else None
    info = gaz.country_by_code(cc) if cc is not None else None
    out: list[PlaceMention] = []
    for i in owners if info is not None else []:
        direction = _direction_after_possessive(doc, i + 1)
        town = gaz.largest_town_toward(info.iso2, *direction) if direction is not None and info else None
        if town is not None and info is not None:
            span = doc[i - 1 : i + 2]
            country = gaz.to_location(gaz.country_candidate(info), geo_precision=3)
            out.append(PlaceMention(span.start_char, span.end_char, span.text, gaz.to_location(town, geo_precision=3),
                                    ROLE_REGION, feature_code="PCLI", named=country))
    return out


LANDMARK_GAP = re.compile(
    r"^[\s,(]*(?:(?:about|some|roughly|around|approximately|nearly|just|the|a|an|\d+(?:[.,]\d+)?|km|kms|"
    r"kilomet(?:er|re)s?|miles?|mi|north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
    r"of|from|near|outside|close|to|outskirts|vicinity)[\s,]*)+$",
    re.IGNORECASE,
)


def _with_landmarks(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """'in the state of Zacatecas, north of Guadalajara', 'in Logar province south of Kabul': a town said
    to be near the place named just before it only tells where that place is (role landmark)."""
    marked = list(places)
    for k in range(1, len(marked)):
        before, mention = marked[k - 1], marked[k]
        if _locates(text, before, mention):
            marked[k] = replace(mention, role=ROLE_LANDMARK)
    return marked


def _locates(text: str, before: PlaceMention, mention: PlaceMention) -> bool:
    near = mention.role == ROLE_PLACE and mention.location.geo_precision == 2
    gap = text[before.end_char : mention.start_char]
    return near and before.role in EVENT_ROLES and LANDMARK_GAP.match(gap) is not None


def echoes(doc: Doc, tops: list[Toponym]) -> list[Toponym]:
    """The article's resolved places said again where the tagger saw none: 'Dublin Singers', 'DeKalb Police',
    'Rep. Gilliard, D-Charleston', 'Rodeo Gainesville' in a story that names Dublin, DeKalb or Charleston as
    a place elsewhere. Inside another entity the echo is part of a name (role in-name), never an event place."""
    sources = {t.key: t for t in tops if t.choice is not None and t.choice.kind != KIND_COUNTRY
               and not t.in_name and (t.strong_label or t.after_locative)}
    taken = {i for t in tops for i in range(t.start, t.end)}
    found: list[Toponym] = []
    i = 0
    while i < len(doc):
        echo = _echo_at(doc, i, sources, taken) if sources and doc[i].is_title and i not in taken else None
        found += [echo] if echo is not None else []
        i = echo.end if echo is not None else i + 1
    return found


def _echo_at(doc: Doc, i: int, sources: dict[str, Toponym], taken: set[int]) -> Toponym | None:
    for end in range(min(len(doc), i + 4), i, -1):
        source = sources.get(normalize_name(doc[i:end].text))
        if source is None or any(j in taken for j in range(i, end)) or not doc[end - 1].is_title:
            continue
        named = doc[i].ent_type_ not in ("", "GPE", "LOC")  # inside an organisation's or a person's name
        return replace(source, start=i, end=end, text=doc[i:end].text, label="ECHO", container=None,
                       part_of=False, said_inside=False, in_name=named, after_locative=_after_locative(doc, i),
                       near=_near_cue(doc, i))
    return None


# -- 'the Iraqi capital', "Somalia's capital", 'the capital of Kenya', 'the capital' -------------------------

CAPITAL_OWNERS = frozenset({"country", "nation"})  # "the country's capital"


def capital_mentions(doc: Doc, gaz: Gazetteer, tops: list[Toponym]) -> list[PlaceMention]:
    """A country's capital or largest city named by description: precision 1 at that city, which the text
    supports as plainly as a name. A bare 'the capital' means the capital of the one country the article is
    about; "Pakistan's biggest city", "Nigeria's commercial capital" and "the country's largest city" mean its
    most populous town."""
    countries = {(t.start, t.end): t.choice.country_code for t in tops
                 if t.choice is not None and t.choice.kind == KIND_COUNTRY}
    out: list[PlaceMention] = []
    for token in doc:
        if token.lower_ not in ("capital", "city") or _names_follow(doc, token.i + 1):
            continue
        found, city = _described_city(doc, gaz, token.i, countries, tops)
        if found is not None and city is not None:
            span = doc[found[0] : found[1]]
            precision = 2 if _near_cue(doc, span.start) else 1  # 'north of the Iraqi capital'
            out.append(PlaceMention(span.start_char, span.end_char, span.text,
                                    gaz.to_location(city, geo_precision=precision), ROLE_PLACE,
                                    feature_code=city.feature_code, point=gaz.point(city)))
    return out


LARGEST = frozenset({"largest", "biggest", "commercial", "economic"})  # 'commercial capital': the largest city


def _described_city(doc: Doc, gaz: Gazetteer, i: int, countries: dict[tuple[int, int], str], tops: list[Toponym]
                    ) -> tuple[tuple[int, int, str] | None, Candidate | None]:
    """The phrase (start, end, ISO2) around the noun at `i` and the city it describes, if it describes one."""
    if i > 0 and doc[i - 1].lower_ in LARGEST and (doc[i].lower_ == "city" or doc[i - 1].lower_ in
                                                   ("commercial", "economic")):
        found = _largest_city_phrase(doc, i, countries, tops)
        return found, _largest_city(gaz, found[2], tops) if found is not None else None
    if doc[i].lower_ != "capital":
        return None, None
    found = _capital_phrase(doc, i, countries) or _bare_capital(doc, i, tops)
    return found, gaz.capital_of(found[2]) if found is not None else None


def _largest_city(gaz: Gazetteer, cc: str, tops: list[Toponym]) -> Candidate | None:
    """The country's most populous town; or, of its three most populous, the one the article names most (a
    Karachi story's "Pakistan's biggest city" is Karachi, though GeoNames counts more people in Lahore)."""
    biggest = gaz.largest_towns(cc, 3)
    ids = {town.geonameid for town in biggest}
    named = Counter(t.choice.geonameid for t in tops if t.choice is not None and t.choice.geonameid in ids)
    if named:
        return next(town for town in biggest if town.geonameid == named.most_common(1)[0][0])
    return biggest[0] if biggest else None


def _largest_city_phrase(doc: Doc, i: int, countries: dict[tuple[int, int], str], tops: list[Toponym]
                         ) -> tuple[int, int, str] | None:
    """"Pakistan's biggest city", 'the largest city of Pakistan', "the country's largest city" (the article's
    dominant country)."""
    before = _capital_phrase(doc, i - 1, countries)  # the country before the adjective, as before 'capital'
    if before is not None and before[1] == i:
        return before[0], i + 1, before[2]
    after = _capital_phrase(doc, i, countries)
    if after is not None and after[0] == i:
        return i - 1, after[1], after[2]
    owner = i >= 3 and doc[i - 3].lower_ in CAPITAL_OWNERS and doc[i - 2].lower_ in ("'s", "’s")
    cc = _dominant_country(tops) if owner else None
    return (i - 3, i + 1, cc) if cc is not None else None


def _names_follow(doc: Doc, i: int) -> bool:
    """'the capital Kabul', 'the capital, Kabul', 'the capital city Kabul': the name is there; and 'capital
    punishment' is no place. A day ('the Iraqi capital Thursday') or a new clause's subject ('the Libyan capital,
    Sudan's media reported') is no name."""
    if i + 1 < len(doc) and doc[i].lower_ == "city":
        i += 1
    if i + 1 < len(doc) and doc[i].text == ",":
        i += 1
        possessive = i + 1 < len(doc) and doc[i + 1].lower_ in ("'s", "’s")
        return doc[i].pos_ == "PROPN" and doc[i].is_title and not possessive and not _time_word(doc[i])
    if i >= len(doc) or _time_word(doc[i]):
        return False
    return doc[i].pos_ in ("PROPN", "NOUN") and doc[i].lower_ != "city" or doc[i].is_title


def _time_word(token: Token) -> bool:
    return token.ent_type_ in TIME_AND_NUMBER_LABELS


def _capital_phrase(doc: Doc, i: int, countries: dict[tuple[int, int], str]) -> tuple[int, int, str] | None:
    """(start, end, ISO2) of 'the Iraqi capital' / "Iraq's capital" / 'the capital of Iraq'."""
    for (start, end), cc in countries.items():
        if end == i or end == i - 1 and doc[end].lower_ in ("'s", "’s"):
            return start, i + 1, cc
        of_the = start == i + 3 and doc[i + 2].lower_ == "the"  # 'the capital of the Central African Republic'
        if (start == i + 2 or of_the) and doc[i + 1].lower_ == "of" \
                and (end == len(doc) or doc[end].lower_ not in ("'s", "’s")):
            return i, end, cc  # not "the capital of Iraq's Kurdistan region"
    return None


def _bare_capital(doc: Doc, i: int, tops: list[Toponym]) -> tuple[int, int, str] | None:
    """'the capital', "the country's capital": the article's one dominant country, if it has one."""
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    if not before or before[-1] != "the" and not (len(before) == 2 and before[0] in CAPITAL_OWNERS
                                                     and before[1] in ("'s", "’s")):
        return None
    if i + 1 < len(doc) and doc[i + 1].lower_ in ("of", "'s", "’s"):
        return None  # 'the capital of Bakool region' (a region's town, named there), "the capital's governor"
    cc = _dominant_country(tops)
    return (i, i + 1, cc) if cc is not None else None


def _dominant_country(tops: list[Toponym]) -> str | None:
    counts = Counter(t.choice.country_code for t in tops if t.choice is not None and not t.in_name).most_common(2)
    if not counts or len(counts) == 2 and counts[1][1] == counts[0][1]:
        return None
    return counts[0][0]


def _with_capitals(places: list[PlaceMention], capitals: list[PlaceMention]) -> list[PlaceMention]:
    """The capital phrase replaces the country mention inside it ('Iraqi' in 'the Iraqi capital')."""
    if not capitals:
        return places
    kept = [p for p in places if not any(p.start_char < c.end_char and c.start_char < p.end_char
                                         for c in capitals)]
    return sorted([*kept, *capitals], key=lambda p: p.start_char)


DIRECTIONS = {"northern": (1, 0), "north": (1, 0), "southern": (-1, 0), "south": (-1, 0), "eastern": (0, 1),
              "east": (0, 1), "western": (0, -1), "west": (0, -1), "northeastern": (1, 1), "northeast": (1, 1),
              "northwestern": (1, -1), "northwest": (1, -1), "southeastern": (-1, 1), "southeast": (-1, 1),
              "southwestern": (-1, -1), "southwest": (-1, -1), "central": (0, 0)}


NAME_OPENERS = frozenset(DIRECTIONS) | {"metro", "greater", "historic", "downtown"}  # 'Metro Nashville Police'
AREA_ADJECTIVES = frozenset(DIRECTIONS) | {"downtown", "suburban", "rural", "greater"}  # 'in central Sanaa'
COMPASS_WORDS = frozenset(DIRECTIONS) | {"upper", "lower"}  # 'Turkana South', 'Upper Nile'


def _part_of_country(doc: Doc, gaz: Gazetteer, top: Toponym, mention: PlaceMention) -> PlaceMention | None:
    """'eastern Afghanistan', "Thailand's south": only a part of a country is named, so ACLED codes the event
    at a town standing for that part (precision 3) — here its most populous town — never at the country."""
    if mention.role != ROLE_COUNTRY or mention.location.country_code is None or mention.feature_code != "PCLI":
        return None
    direction = _direction_before(doc, top.start) or _direction_after_possessive(doc, top.end)
    if direction is None:
        return None
    town = _central_town(gaz, mention.location.country_code) if direction == CENTRAL else None
    town = town or gaz.largest_town_toward(mention.location.country_code, *direction)
    if town is None:
        return None
    return PlaceMention(mention.start_char, mention.end_char, mention.text, gaz.to_location(town, geo_precision=3),
                        ROLE_REGION, feature_code=mention.feature_code, score=mention.score, point=mention.point,
                        named=mention.location)


CENTRAL, CENTRAL_KM = (0, 0), 150.0


def _central_town(gaz: Gazetteer, cc: str) -> Candidate | None:
    """'central Mali': the most populous town near the middle of the country's towns (Mopti, not Bamako)."""
    info = gaz.country_by_code(cc)
    if info is None or info.latitude is None or info.longitude is None:
        return None
    return gaz.largest_town_near(cc, info.latitude, info.longitude, CENTRAL_KM)


def _direction_after_possessive(doc: Doc, end: int) -> tuple[int, int] | None:
    """"Thailand's south", "Nigeria's restive north-east", "the country's far north": the part of it meant."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("'s", "’s"):
        return None
    for token in doc[end + 1 : end + 5]:
        if token.lower_ in DIRECTION_NOUNS:
            if token.i + 1 < len(doc) and doc[token.i + 1].is_title:
                return None  # "Kenya's South Rift" names a region
            compound = token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "‐")
            return DIRECTIONS.get(token.lower_ + doc[token.i + 2].lower_ if compound else "", DIRECTIONS[token.lower_])
        if not (token.is_lower and token.is_alpha or token.text in ("-", "‐")) or token.lower_ in ("of", "and"):
            return None
    return None


DIRECTION_NOUNS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})


def _direction_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """'eastern', 'south west', 'south-west' right before a name: the part of it meant."""
    words = [t.lower_ for t in doc[max(0, start - 5) : start] if t.text not in ("-", "‐")]
    if len(words) >= 3 and words[-1] == "of" and words[-2] in ("part", "parts", "region") \
            and words[-3] in DIRECTIONS:
        words = words[:-2]  # 'the eastern part of Chad'
    elif len(words) >= 3 and words[-1] == "of" and words[-3] in ("the", "far"):
        words = words[:-1]  # 'in the south of Somalia', 'the far north of Cameroon' (not 'north of Baghdad')
    if not words or words[-1] not in DIRECTIONS:
        return None
    if len(words) >= 2 and words[-2] in ("north", "south") and words[-1] in ("east", "west", "eastern", "western"):
        return DIRECTIONS[words[-2] + words[-1]]
    return DIRECTIONS[words[-1]]


def _dominant_city(tops: list[Toponym]) -> Candidate | None:
    """The town the article names most often (at least twice): the frame for unknown districts."""
    counts = Counter(t.choice for t in tops if t.choice is not None and t.choice.kind == KIND_PLACE)
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] >= 2 else None


def _unknown_city_part(top: Toponym) -> bool:
    """'the Lyari district' in a Karachi story: a district the gazetteer lacks lies in the story's city."""
    return top.choice is None and (top.strong_label or top.after_locative) and top.kind_hint == KIND_ADMIN2


def _mention(doc: Doc, gaz: Gazetteer, top: Toponym, tops: list[Toponym]) -> PlaceMention | None:
    span = doc[top.start : top.end]
    container = tops[top.container].choice if top.container is not None else None
    choice = top.choice
    if container is not None and container.kind == KIND_PLACE and _part_of_city(top, choice, container):
        return _neighbourhood(gaz, span, container, top)
    if choice is None:
        return None
    if choice.kind == KIND_COUNTRY or normalize_name(top.text) in geo_names.REGION_DEMONYMS:
        precision, role = 3, ROLE_COUNTRY  # a people's or a country's name: a hint, never the event's place
    elif top.in_name:
        precision, role = (1 if choice.kind == KIND_PLACE else 2 if choice.kind == KIND_ADMIN2 else 3), ROLE_IN_NAME
    elif choice.kind == KIND_PLACE:
        precision, role = (2 if top.near else 1), ROLE_PLACE
    else:
        precision, role = (3 if choice.kind == KIND_ADMIN1 else 2), ROLE_REGION
    region = (choice.country_code, choice.admin1_code) if choice.admin1_code else None
    return PlaceMention(span.start_char, span.end_char, span.text, gaz.to_location(choice, geo_precision=precision),
                        role, feature_code=choice.feature_code, score=round(top.score_margin, 3),
                        point=gaz.point(choice), region=region)


def _part_of_city(top: Toponym, choice: Candidate | None, city: Candidate) -> bool:
    """'Lyari, Karachi' / 'Lyari in Karachi' (unknown name) or "Karachi's Lyari" / 'Lyari, a district of Karachi'."""
    if choice is None:
        return top.strong_label or top.part_of
    return top.part_of and not inside(choice, city)


def _bare_part(text: str) -> str:
    """'the Lyari district' → 'Lyari'."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in SUFFIX_HINTS:
        words = words[:-1]
    return " ".join(words)


def _neighbourhood(gaz: Gazetteer, span: Span, city: Candidate, top: Toponym) -> PlaceMention:
    """A part of a city the gazetteer lacks ("Lyari, Karachi"): the city's point, named 'City - Part'."""
    base = gaz.to_location(city, geo_precision=2 if top.near else 1)
    location = Location(
        name=f"{base.name} - {_bare_part(span.text)}", admin1=base.admin1, admin2=base.admin2, country=base.country,
        country_code=base.country_code, latitude=base.latitude, longitude=base.longitude,
        geo_precision=base.geo_precision, geonameid=base.geonameid,
    )
    return PlaceMention(span.start_char, span.end_char, span.text, location, ROLE_PLACE)


def resolve_spans(doc: Doc, spans: Sequence[tuple[int, int]], gaz: Gazetteer | None = None) -> list[PlaceMention | None]:
    """Resolve given character spans as toponyms, with the whole article as context (for gold spans)."""
    gaz = gaz or get_gazetteer()
    tops: list[Toponym] = []
    index: list[int | None] = []
    for start_char, end_char in spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            index.append(None)
            continue
        index.append(len(tops))
        tops.append(_given_toponym(doc, span, gaz))
    order = sorted(range(len(tops)), key=lambda i: tops[i].start)
    ordered = [tops[i] for i in order]
    _mark_runs(doc, ordered)
    resolve(doc, gaz, ordered)
    mentions = [_mention(doc, gaz, t, ordered) for t in ordered]
    by_original = {order[k]: m for k, m in enumerate(mentions)}
    return [by_original.get(i) if i is not None else None for i in index]


def _given_toponym(doc: Doc, span: Span, gaz: Gazetteer) -> Toponym:
    words = span.text.split()
    hint = SUFFIX_HINTS.get(words[-1].lower()) if len(words) > 1 else None
    candidates = _demonym(span.text, gaz) or _candidates(span.text, gaz)
    if normalize_name(span.text) in geo_names.NOT_PLACES:
        candidates = []
    candidates = _world_region(span.text) or candidates
    return Toponym(
        start=span.start, end=span.end, text=span.text, key=_bare_key(span.text), label="GPE", kind_hint=hint,
        near=_near_cue(doc, span.start), candidates=candidates,
    )


def place_for_span(doc: Doc, start_char: int, end_char: int) -> PlaceMention | None:
    """The place for an event whose trigger lies in [start_char, end_char): its own sentence first, then the
    nearest earlier sentence that names a place, then the article's most often named place."""
    places = [p for p in (doc._.kharita_places or []) if p.role != ROLE_COUNTRY]
    if not places:
        return None
    sents = list(doc.sents)
    here = next((i for i, s in enumerate(sents) if s.start_char <= start_char < s.end_char), len(sents) - 1)
    for i in range(here, -1, -1):
        inside_sent = [p for p in places if sents[i].start_char <= p.start_char < sents[i].end_char]
        if inside_sent:
            return _best_in_sentence(inside_sent, start_char, end_char)
    return most_frequent(places)


def _best_in_sentence(places: Sequence[PlaceMention], start_char: int, end_char: int) -> PlaceMention:
    def rank(p: PlaceMention) -> tuple[int, int, bool, int]:
        distance = max(p.start_char - end_char, start_char - p.end_char, 0)
        return (0 if p.role == ROLE_PLACE else 1, p.location.geo_precision, p.stands_for_part_of_country, distance)

    return min(places, key=rank)


def most_frequent(places: Iterable[PlaceMention]) -> PlaceMention | None:
    listed = list(places)
    if not listed:
        return None
    counts = Counter((p.location.name, p.location.geonameid) for p in listed)
    best = max(counts.values())
    return next(p for p in listed if counts[(p.location.name, p.location.geonameid)] == best)


# -- spaCy component ------------------------------------------------------------------------------------


@Language.factory("kharita_places", requires=["doc.ents", "token.is_sent_start"], assigns=[f"doc._.{EXTENSION}"])
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()


class PlacesComponent:
    """Sets `doc._.kharita_places` (list[PlaceMention], in text order)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        ensure_extensions()
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.kharita_places = place_mentions(doc, self.gazetteer)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
