"""Casualties: who was killed, injured, arrested or abducted, and how many, with cumulative tolls kept apart."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kharita.resources.lexicon import word_class
from kharita.stages._ext import ensure, sentence
from kharita.stages.cues import is_cause
from kharita.stages.numbers import VAGUE, Count, parse_count

Kind = Literal["killed", "injured", "arrested", "abducted"]

TRIGGER_LEMMAS: dict[str, Kind] = {
    "kill": "killed", "murder": "killed", "slay": "killed", "massacre": "killed", "execute": "killed",
    "assassinate": "killed", "behead": "killed", "lynch": "killed", "slaughter": "killed", "die": "killed",
    "killing": "killed", "beheading": "killed", "assassination": "killed", "lynching": "killed",
    "dead": "killed", "death": "killed", "fatality": "killed", "life": "killed", "body": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "maim": "injured", "injury": "injured",
    "injured": "injured", "wounded": "injured",
    "arrest": "arrested", "detain": "arrested", "apprehend": "arrested",
    "abduct": "abducted", "kidnap": "abducted",
}
NOUN_TRIGGERS = {"death", "fatality", "life", "body", "injury", "killing", "murder", "massacre", "beheading",
                 "assassination", "lynching"}
CUT_VERBS = frozenset({"slit", "cut", "slash"})
NOUN_ONLY = {"death", "fatality", "life", "body", "injury"}
CUMULATIVE = re.compile(
    r"\b(this year|since (the )?(start|beginning)|since (january|february|march|april|may|june|july|"
    r"august|september|october|november|december|\d{4})|to date|in recent (weeks|months|years)|"
    r"(over|in|within) (the )?(past |last )?(\w+ )?(weeks|months|years)|"
    r"(bring|brings|bringing) (the (overall |death |casualty )?(toll|total|number|tally|figure|count)|"
    r"to (\d+|at least|more than|over|nearly|almost|some|about|around|[\w-]+ the (number|toll|total)))|"
    r"cumulative|tally|"
    r"(weeks|months|years|days) of (\w+ )?(violence|fighting|unrest|"
    r"conflict|mayhem|bloodshed|clashes|killings)|since the (conflict|war|insurgency|uprising|violence)|"
    r"(conflict|war|insurgency|violence|fighting|unrest|crisis) ((that|which) )?(has|have) (killed|left|claimed|"
    r"cost))\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class CasualtyMention:
    kind: Kind
    count: Count
    start_char: int
    end_char: int
    trigger_char: int
    sentence_start: int
    cumulative: bool = False
    update: bool = False
    additional: bool = False
    armed_victims: bool = False  # 'twelve security force members', 'two soldiers'
    civilian_victims: bool = False  # 'two policemen and a child': civilians are among them
    victim: str = ""  # the head word of the victims' phrase


FATAL_WHEN_FATALLY = frozenset({"shoot", "wound", "injure", "stab", "hurt", "beat", "burn"})


def is_trigger(token: Token) -> Kind | None:
    if token.lemma_.lower() == "gun" and any(c.lower_ == "down" for c in token.children):
        return "killed"  # 'gunned down'
    if token.lemma_.lower() in FATAL_WHEN_FATALLY and any(c.lower_ in ("fatally", "dead", "mortally")
                                                         for c in token.children):
        return "killed"  # 'was fatally shot', 'were fatally wounded'
    if token.lemma_.lower() == "throat" and token.head.lemma_.lower() in CUT_VERBS:
        return "killed"  # 'slit the throats of 12 people'
    kind = TRIGGER_LEMMAS.get(token.lemma_.lower()) or TRIGGER_LEMMAS.get(token.lower_)
    if kind is None or (token.lemma_.lower() == "shoot"):
        return None
    if token.lemma_.lower() in NOUN_ONLY and token.pos_ not in ("NOUN", "PROPN"):
        return None
    return kind


UNITS = frozenset({"mile", "kilometre", "kilometer", "km", "metre", "meter", "hour", "day", "week", "month",
                   "year", "minute", "percent", "dollar", "naira", "shilling", "rupee", "time", "am", "pm"})
COLLECTIVES = frozenset({"total", "number", "toll", "group", "tally", "count", "family"})


def victims(trigger: Token) -> list[Token]:
    """Head nouns (or numbers) of the phrase that names the victims of `trigger`."""
    for finder in (_object_or_passive_subject, _subject, _left_dead, _among_the_dead, _to_death, _modified_head,
                   _of_victims, _lost_lives, _conjoined_verb, _passive_fallback, _following_count):
        found = [_through_collective(t) for t in finder(trigger)]
        found = [t for t in found if _could_be_victims(t, trigger)]
        people = [t for t in found if t.ent_type_ not in PLACE_ENTITIES]
        found = people or found  # 'A leader ..., South Darfur was killed': a misparsed place is not a victim
        if found:
            found += [c for c in _companions(trigger, found) if c not in found]
            outermost = [t for t in found if not any(o is not t and t in o.subtree for o in found)]
            return sorted(outermost, key=lambda t: t.i)  # a list's first item counts the rest of it
    return []


NOT_VICTIMS = frozenset({"style", "fashion", "manner", "way"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def _could_be_victims(head: Token, trigger: Token) -> bool:
    """Not a unit ('60 km'), an apposition, a year, a manner ('execution-style') or another outcome ('kills 13
    people, wounds 31')."""
    lemma = head.lemma_.lower()
    if lemma in UNITS or lemma in NOT_VICTIMS or head.dep_ == "appos" or _a_year(head):
        return False
    return head.i == trigger.i or is_trigger(head) in (None, is_trigger(trigger))


COMPANION_PREPS = frozenset({"with", "alongside"})


def _companions(trigger: Token, heads: list[Token]) -> list[Token]:
    """'was killed along with three men', 'shot dead with his wife and child', 'killed in a suicide attack
    along with 13 other people': people killed together with the victims; 'with machetes' is a weapon."""
    verbs = [trigger, *([trigger.head] if trigger.dep_ == "conj" else [])]
    phrases = [o for v in verbs for p in v.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    preps = [c for a in [*verbs, *heads, *phrases] for c in a.children if c.dep_ == "prep"]
    preps += [w for p in preps if p.lower_ == "along" for w in p.children if w.lower_ == "with"]
    objects = [o for p in preps if p.lower_ in COMPANION_PREPS for o in p.children if o.dep_ == "pobj"]
    return [o for o in objects if _counted_person(o) and not _said_apart(o)]


def _counted_person(token: Token) -> bool:
    """'three men', 'his wife', 'a guard', 'Joma Gol' — not 'the police' ('in a clash with the police')."""
    if token.ent_type_ == "PERSON":
        return True
    return _names_people(token) and (_numbered(token) or _possessed(token) or _determined(token))


def _said_apart(token: Token) -> bool:
    """'with the wife of the minister among a dozen people kidnapped': this person's own fate is stated."""
    return any(t.lower_ == "among" or is_trigger(t) is not None for t in token.subtree)


def _through_collective(head: Token) -> Token:
    """'a total of 88 people' → people; 'bringing to 300 the number killed' → 300."""
    if head.lemma_.lower() not in COLLECTIVES or any(c.like_num for c in head.children):
        return head
    if head.lemma_.lower() == "family":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        number = next((c for c in of.children if c.like_num), None) if of is not None else None
        return number or head  # 'a family of seven'; 'the family of the victim' stays one person
    for prep in head.head.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            number = next((c for c in prep.children if c.like_num), None)
            if number is not None:
                return number
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), head)
    return head


def _object_or_passive_subject(trigger: Token) -> list[Token]:
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    wanted = ("nsubjpass",) if passive else ("dobj", "nsubjpass", "dative")
    found = [c for c in trigger.children if c.dep_ in wanted]
    if passive and found:  # 'Nine pupils, two teachers and a guard were killed' with 'pupils' left dangling
        found += [c for c in trigger.children if c.dep_ == "dep" and c.i < found[0].i and _numbered(c)
                  and _names_people(c)]
    if not found and not passive:  # 'gunned down a teacher' parsed with 'down' as a preposition
        found = [g for c in trigger.children if c.lower_ in ("down", "off") for g in c.children if g.dep_ == "pobj"]
    return found


RESULT_VERBS = frozenset({"leave", "leaf", "shoot", "gun", "beat", "stab", "hack", "find", "burn", "stone"})


def _left_dead(trigger: Token) -> list[Token]:
    """'left seven dead', 'shot dead a leader', 'was found dead'."""
    if trigger.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "conj", "advmod", "amod", "dobj") \
            and trigger.head.lemma_.lower() in RESULT_VERBS and trigger.head.i != trigger.i:
        found_dead = trigger.head.lemma_.lower() == "find" and trigger.pos_ == "ADJ"  # 'the drivers found dead'
        wanted = ("dobj", "nsubjpass", "nsubj") if found_dead else ("dobj", "nsubjpass")
        objects = [c for c in trigger.head.children if c.dep_ in wanted and c.i != trigger.i]
        return objects or [c for c in trigger.head.children if c.dep_ in ("oprd", "dep")
                           and c.pos_ in ("NOUN", "PROPN") and c.i > trigger.i]
    return []


def _among_the_dead(trigger: Token) -> list[Token]:
    """'Four policemen and two passers-by were among the dead'."""
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "among":
        return [c for c in trigger.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _to_death(trigger: Token) -> list[Token]:
    """'stabbed to death six farmers', 'were hacked to death'."""
    if trigger.lower_ == "death" and trigger.head.lower_ == "to" and trigger.head.head.pos_ == "VERB":
        verb = trigger.head.head
        return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return []


def _of_victims(trigger: Token) -> list[Token]:
    """'the killing of five people', 'the bodies of 150 members'."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return []
    preps = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"]
    return [c for p in preps for c in p.children if c.dep_ == "pobj"]


def _lost_lives(trigger: Token) -> list[Token]:
    """'five people lost their lives'."""
    if trigger.lemma_.lower() == "life" and trigger.head.lemma_.lower() == "lose":
        return [c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _conjoined_verb(trigger: Token) -> list[Token]:
    """'was shot and killed': the victims of 'killed' are those of 'shot'."""
    if trigger.dep_ == "conj" and trigger.head.pos_ == "VERB":
        return _object_or_passive_subject(trigger.head)
    return []


BE_FORMS = frozenset({"was", "were", "been", "is", "are", "be"})


def _passive_fallback(trigger: Token) -> list[Token]:
    """'Eight villagers ... have been killed', 'five youths were on Wednesday shot dead' when the parser
    lost the subject: the subject noun that opens the clause."""
    if not (any(c.dep_ == "auxpass" for c in trigger.children) or _after_be(trigger)):
        return []
    sent = sentence(trigger)
    for token in reversed(sent.doc[sent.start:trigger.i]):
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN", "NUM"):
            return [token]  # the nearest subject before the trigger
    return []


def _after_be(trigger: Token) -> bool:
    """A participle after a form of 'be' ('were in the early hours of yesterday killed'), not after the
    'to be' of 'Gunmen, believed to be members of the sect, shot dead ...'."""
    if trigger.tag_ not in ("VBN", "JJ", "VBD"):
        return False
    before = trigger.doc[sentence(trigger).start:trigger.i]
    return any(t.lower_ in BE_FORMS and (t.i == 0 or t.nbor(-1).lower_ != "to") for t in before)


FOLLOWING_WINDOW = 5


def _following_count(trigger: Token) -> list[Token]:
    """'killing at least 16 people, police said' when the parser hung the victims on 'said': the counted
    noun right after an active trigger."""
    if trigger.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in trigger.children):
        return []
    for token in trigger.doc[trigger.i + 1: min(trigger.i + 1 + FOLLOWING_WINDOW, sentence(trigger).end)]:
        if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in token.children):
            return [token] if _could_be_people(token) else []
        if token.is_punct or token.pos_ == "VERB":
            break
    return []


def _modified_head(trigger: Token) -> list[Token]:
    if trigger.dep_ in ("amod", "acl", "relcl") and trigger.head.i != trigger.i:
        return [trigger.head]
    numbers = [c for c in trigger.children if c.dep_ == "nummod" or (c.like_num and c.pos_ == "NUM")]
    if numbers and (trigger.lemma_.lower() in NOUN_TRIGGERS or trigger.lower_ == "dead"):  # 'left six dead'
        return [trigger]
    return []


def _subject(trigger: Token) -> list[Token]:
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.lemma_.lower() == "die" or trigger.pos_ == "ADJ" or trigger.dep_ == "conj":
        return subjects
    headline = not any(c.dep_ in ("dobj", "dep", "oprd", "attr") for c in trigger.children)
    return [c for c in subjects if c.pos_ == "NUM" or (_numbered(c) and _names_people(c) and not _armed(c))] \
        if headline else []  # 'Five killed, 14 injured', 'Eleven people killed and houses burned'



def count_of(head: Token, kind: str = "killed") -> Count | None:
    """Sum the counts of a victim phrase and its conjuncts: 'a policeman and two civilians' → 3; a conjunct
    with its own outcome ('37 dead and 47 others injured') is not part of this toll."""
    conjuncts = [c for c in _list_members(head) if not _own_outcome(c, kind) and not _a_source(c)]
    counts = [c for c in [_count_one(head)] + [_count_conjunct(p) for p in conjuncts] if c is not None]
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    return Count(sum(c.best for c in counts), qualifier="sum", vague=any(c.vague for c in counts))


LIST_GLUE = frozenset({",", "and", "as well as"})


def _list_members(head: Token) -> list[Token]:
    """The other items of a victim list: conjuncts, a list hung on an apposition ('a pastor, a teacher and
    18 other persons'), or items the parser attached elsewhere ('14 women, four men and a child'). When the
    head already carries a number, an apposition is a breakdown of it ('12 people — five policemen and seven
    civilians') or a description ('Simon Akpen, 80'), never more victims."""
    members = [c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and _could_be_people(c)]
    for child in head.children:
        if child.dep_ == "appos" and child.conjuncts and _counts_people(child) and not _a_breakdown(head, child):
            members += [child, *child.conjuncts]
    members += _people_of_modifier(head)
    unique = list(dict.fromkeys(m for m in members if m is not head))
    return unique or _following_items(head)


BREAKDOWN_MARKS = frozenset({"-", "--", "—", "–", ":", "(", "including", "among", "of"})


def _a_breakdown(head: Token, appos: Token) -> bool:
    """'12 people — five policemen and seven civilians' details the 12; 'Seven students, two teachers and two
    insurgents' lists more victims. A breakdown is set off by a dash, colon or bracket, or adds up to the head."""
    if not (_numbered(head) and _more_than_one(head)):
        return False
    between = head.doc[head.i + 1: appos.i]
    if any(t.lower_ in BREAKDOWN_MARKS for t in between):
        return True
    parts = [_count_one(p) for p in (appos, *appos.conjuncts)]
    head_count = _count_one(head)
    return head_count is not None and sum(c.best for c in parts if c is not None) >= head_count.best


def _people_of_modifier(head: Token) -> list[Token]:
    """'The prosecutor of the city and his driver', 'a staff member of the department and a judge': a person
    the parser joined to the noun inside the victim's 'of' phrase."""
    if not _names_people(head):
        return []
    inner = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
             if o.dep_ == "pobj"]
    return [c for o in inner for c in o.conjuncts if _names_people(c) and (_determined(c) or _possessed(c))]


def _names_people(token: Token) -> bool:
    people = word_class("people")
    return token.lower_ in people or token.lemma_.lower() in people or token.ent_type_ in ("PERSON", "NORP")


def _numbered(token: Token) -> bool:
    return token.like_num or any(c.like_num or c.dep_ == "nummod" for c in token.children)


def _counts_people(appos: Token) -> bool:
    """An appositive list adds victims only when it counts them ('and 18 other persons', 'and her driver')."""
    counted = any(t.like_num or t.lower_ == "other" for part in (appos, *appos.conjuncts) for t in part.subtree)
    return counted or any(_possessed(c) for c in appos.conjuncts)


def _possessed(token: Token) -> bool:
    return any(c.dep_ == "poss" for c in token.children)


def _more_than_one(head: Token) -> bool:
    count = _count_one(head)
    return count is None or count.best > 1


def _could_be_people(token: Token) -> bool:
    """A list member that can be a victim — not 'two explosions' or 'over two hundred houses' joined to the
    victims by the parser."""
    return not {token.lemma_.lower(), token.lower_} & word_class("things")


def _determined(token: Token) -> bool:
    return any(c.like_num or c.dep_ in ("nummod", "poss") or (c.dep_ == "det" and c.lower_ in ("a", "an"))
               for c in token.children)


def _following_items(head: Token) -> list[Token]:
    items: list[Token] = []
    i = head.i + 1
    while i < sentence(head).end and head.doc[i].lower_ in LIST_GLUE:
        noun = _noun_phrase_end(head.doc, i + 1, sentence(head).end)
        if noun is None or not _determined(noun) or not _names_people(noun) or noun.dep_ == "appos":
            break
        items.append(noun)
        i = noun.i + 1
    return items


def _noun_phrase_end(doc: object, start: int, end: int) -> Token | None:
    """The head noun of a short noun phrase starting at `start` (determiner, number, adjectives, nouns)."""
    noun = None
    for token in doc[start:min(end, start + 5)]:  # type: ignore[index]
        if token.pos_ in ("DET", "NUM", "ADJ") or (token.pos_ == "PRON" and token.dep_ == "poss"):
            continue
        if token.pos_ in ("NOUN", "PROPN"):
            noun = token
            continue
        break
    return noun


def _count_conjunct(token: Token) -> Count | None:
    """A conjunct counts only when it says how many: 'two civilians', 'a child', 'his wife' — not a bare
    'police' that the parser joined to the victims ('16 people, police said')."""
    if token.like_num or any(c.like_num or c.dep_ == "nummod" for c in token.children):
        return _count_one(token)
    determined = any(c.dep_ in ("det", "poss") and c.lower_ not in ("the", "no") for c in token.children)
    shared = token.tag_ == "NN" and _names_people(token) and _possessed(token.head)  # 'his wife and child'
    return Count(1) if (determined and token.tag_ in ("NN", "NNP")) or shared else None


SPEECH_LEMMAS = frozenset({"say", "tell", "report", "add", "confirm", "announce", "state", "claim"})


def _a_source(token: Token) -> bool:
    """'killing 11 people, police and a doctor said': the conjunct is who reported it."""
    own = [t.right_edge.i for t in token.children if t.dep_ not in ("conj", "cc", "punct")]
    end = max([token.i, *own])
    for t in token.doc[end + 1: end + 4]:
        if t.lemma_.lower() in SPEECH_LEMMAS:
            return True
        if not (t.lower_ in ("and", "or") or t.pos_ in ("NOUN", "PROPN")):
            return False  # 'two officials and a parliamentarian in Mogadishu, police said': not the source
    return False


def _own_outcome(token: Token, kind: str) -> bool:
    return any(is_trigger(c) not in (None, kind) for c in token.children)


def _count_one(token: Token) -> Count | None:
    if token.ent_type_ == "PERSON" and not any(c.dep_ == "nummod" for c in token.children):
        return Count(1)  # 'Cosme Maestrado, 46,': the number is an age
    numbers = [c for c in token.children if c.like_num]
    if any(c.lower_ == "no" and c.dep_ == "det" for c in token.children) and not numbers:
        return Count(0)
    if token.like_num or token.lower_ in VAGUE:
        return _phrase_count(token)
    for child in token.children:
        numeric = child.dep_ in ("amod", "compound", "nmod") and parse_count(child.text) is not None
        if child.dep_ in ("nummod", "quantmod") or child.like_num or child.lower_ in VAGUE or numeric:
            found = _phrase_count(child)
            if found is not None and not _a_year(child):
                return found
    counted_compound = next((c for c in token.subtree if c.i < token.i and c.dep_ == "compound" and _numbered(c)),
                            None)
    if counted_compound is not None:
        return _count_one(counted_compound)  # 'two Finnish women aid workers'
    return _implicit_count(token)


def _a_year(token: Token) -> bool:
    """'on Wednesday July 8, 2015 was hacked to death': a year in a date is not a count."""
    return token.ent_type_ == "DATE" and token.like_num and len(token.text) == 4 and token.text[:2] in ("19", "20")


def _phrase_count(token: Token) -> Count | None:
    ent = _entity_of(token)
    candidates = [ent.text] if ent is not None else []
    candidates.append(" ".join(t.text for t in token.subtree if t.i <= token.i))
    candidates.append(token.text)
    start = (ent.start if ent is not None else token.left_edge.i) - 1
    if start >= 0 and token.doc[start].lower_ == "no":  # 'No fewer than 15', the 'no' parsed as a negation
        candidates.insert(0, "no " + candidates[0])
    for text in candidates:
        found = parse_count(text)
        if found is not None:
            return found
    return None


def _entity_of(token: Token) -> Span | None:
    """The CARDINAL/DATE/QUANTITY entity around `token`, found from its IOB tags (no `doc.ents` scan)."""
    if token.ent_type_ not in ("CARDINAL", "DATE", "QUANTITY"):
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _implicit_count(token: Token) -> Count | None:
    dets = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
    if token.lower_ == "couple" and not any(c.lower_ == "of" for c in token.children):
        return Count(2)  # 'a couple and their three children'
    if dets & {"a", "an"} or token.lower_ in ("him", "her"):
        return Count(1)
    if "no" in dets or token.lower_ in ("nobody", "none") or (token.lower_ == "one" and "no" in dets):
        return Count(0)
    if token.ent_type_ == "PERSON" or (token.tag_ in ("NN", "NNP") and token.lemma_.lower() not in COLLECTIVES):
        return Count(1)  # a victim named by role: "killed the deputy governor"
    if token.tag_ == "NNS" and _names_people(token) and not dets & {"the", "their", "his", "her"}:
        return Count(3, qualifier="plural", vague=True)
    return None


def toll_update(sent: Span) -> tuple[Token, Count] | None:
    """'the death toll rose to 15', 'the number of people killed has risen to nine' → (toll token, the count)."""
    tolls = [t for t in sent if t.lower_ == "toll" or _number_of_dead(t, sent)]
    if not tolls:
        return None
    after = sent[tolls[0].i - sent.start + 1:]
    numbers = [t for t in after if t.like_num and _phrase_count(t) is not None]
    risen_to = [t for t in numbers if t.i > 0 and (t.nbor(-1).lower_ in TOLL_PREPS
                                                   or t.nbor(-1).lemma_.lower() in TOLL_VERBS)]
    chosen = risen_to or numbers
    count = _phrase_count(chosen[0]) if chosen else None
    return (tolls[0], count) if count is not None else None


TOLL_PREPS = frozenset({"to", "at"})
DEAD_WORDS = frozenset({"killed", "dead", "deaths", "fatalities", "died"})
RISE_VERBS = frozenset({"rise", "climb", "increase", "reach", "jump", "grow"})


def _number_of_dead(token: Token, sent: Span) -> bool:
    """'The number of people killed ... has risen to': a toll told without the word 'toll'."""
    if token.lower_ != "number":
        return False
    dead = any(t.lower_ in DEAD_WORDS for t in token.doc[token.i + 1:min(token.i + 5, sent.end)])
    return dead and any(t.lemma_.lower() in RISE_VERBS and t.i > token.i for t in sent)
TOLL_VERBS = frozenset({"reach", "hit", "top", "pass", "exceed", "surpass"})


SUPERLATIVE = re.compile(r"\b(first|worst|deadliest|bloodiest|biggest|largest|most|heaviest)\b[^.]*$",
                         re.IGNORECASE)


def clause_verb(token: Token) -> Token:
    """The nearest verb at or above `token`: the clause it belongs to."""
    for node in (token, *token.ancestors):
        if node.pos_ in ("VERB", "AUX"):
            return node
    return sentence(token).root


def cumulative_cues(sent: Span) -> list[Token]:
    """Clause heads of phrases such as 'this year', 'since January', 'the conflict has killed'."""
    found = []
    for match in CUMULATIVE.finditer(sent.text):
        if SUPERLATIVE.search(sent.text[max(0, match.start() - 60):match.start()]):
            continue  # 'the deadliest attack since 2007' dates a comparison, not a running toll
        span = sent.doc.char_span(sent.start_char + match.start(), sent.start_char + match.end(),
                                  alignment_mode="expand")
        if span is not None:
            found.append(clause_verb(span[-1]))
    return found


def is_cumulative(trigger: Token, cue_clauses: list[Token]) -> bool:
    """A toll is cumulative when a cumulative phrase sits in its own clause or in a clause governing it
    ('violence which has claimed 1,000 lives this year'), not in a side clause ('clashes that erupted so far')."""
    clause = clause_verb(trigger)
    return any(c == clause or c.is_ancestor(clause) for c in cue_clauses)


def sentence_mentions(sent: Span) -> Iterator[CasualtyMention]:
    cues = cumulative_cues(sent)
    update = toll_update(sent)
    if update is not None:
        toll, total = update
        cumulative = is_cumulative(toll, cues) or any(toll.is_ancestor(c) for c in cues)  # 'the toll this year'
        yield _mention("killed", total, toll, toll, sent, cumulative, update=not cumulative)
    seen: set[tuple[str, int]] = set()
    for token in sent:
        kind = is_trigger(token)
        if kind is None or (update is not None and kind == "killed") or _a_motive(token) or is_cause(token):
            continue
        for head in victims(token):
            found = count_of(head, kind)
            if found is None and head.pos_ == "PRON":
                antecedents = _conjoined_verb(token)
                head = antecedents[0] if antecedents else head
                found = count_of(head, kind) if antecedents else None
            if found is not None and (kind, head.i) not in seen:
                seen.add((kind, head.i))
                seen.update((kind, m.i) for m in _list_members(head))  # 'A journalist, his wife and ...'
                yield _mention(kind, found, head, token, sent, is_cumulative(token, cues))


MOTIVE_LEMMAS = frozenset({"avenge", "revenge", "retaliation", "retaliate", "reprisal", "vengeance"})
MOTIVE_DEPTH = 3


def _a_motive(trigger: Token) -> bool:
    """'to avenge the killing of their kinsman', 'in revenge for the murder of two herders': an earlier harm
    given as the reason for this attack, not a casualty of it."""
    return any(a.lemma_.lower() in MOTIVE_LEMMAS for a in list(trigger.ancestors)[:MOTIVE_DEPTH])


def _mention(kind: Kind, count: Count, head: Token, trigger: Token, sent: Span, cumulative: bool,
             update: bool = False) -> CasualtyMention:
    return CasualtyMention(kind, count, head.idx, head.idx + len(head.text), trigger.idx, sent.start_char,
                           cumulative=cumulative, update=update, additional=_additional(trigger),
                           armed_victims=_armed(head), civilian_victims=_civilians(head), victim=head.lower_)


def _civilians(head: Token) -> bool:
    """Civilians are named among the victims ('two policemen and a child', 'four passers-by')."""
    words = {t.lower_ for t in head.subtree} | {m.lower_ for m in _list_members(head)}
    return bool(words & word_class("civilian")) or any(w.startswith("passer") for w in words)


def _armed(head: Token) -> bool:
    """The victims are members of armed forces or groups (their phrase names them so)."""
    words = {t.lemma_.lower() for t in head.subtree} | {t.lower_ for t in head.subtree}
    return bool(words & word_class("armed"))


ADDITIVE = frozenset({"also", "too", "additionally", "further"})
ANOTHER = frozenset({"another", "second", "third", "fourth", "separate"})


def _another_blow(trigger: Token) -> bool:
    """'another bomb went off, killing three': a further attack whose dead add to the first one's."""
    clause = clause_verb(trigger)
    verbs = [clause, *([clause.head] if clause.dep_ in ("advcl", "conj", "xcomp") else [])]
    subjects = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(m.lower_ in ANOTHER for s in subjects for m in s.children if m.dep_ in ("det", "amod"))


def _additional(trigger: Token) -> bool:
    """'Two soldiers were also killed', 'one aide was killed as well' adds to the toll already reported
    instead of repeating it."""
    if any(c.lower_ in ADDITIVE for c in trigger.children) or _another_blow(trigger):
        return True
    following = trigger.doc[trigger.i + 1: trigger.i + 3]
    return [t.lower_ for t in following] == ["as", "well"]


@Language.factory("kharita_casualties", requires=["token.dep", "doc.sents"],
                  assigns=["doc._.kharita_casualties"])
def make_casualties(nlp: Language, name: str) -> CasualtyStage:
    return CasualtyStage()


class CasualtyStage:
    """Sets `doc._.kharita_casualties`: one CasualtyMention per counted victim phrase."""

    def __init__(self) -> None:
        ensure("kharita_casualties", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kharita_casualties = [m for sent in doc.sents for m in sentence_mentions(sent)]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
