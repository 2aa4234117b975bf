"""Who did what to whom: ACLED actor1/actor2 for an event draft, by syntactic role and event type."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Token

from kharita.models import Actor
from kharita.resources.actors import ActorEntry, registry, slug
from kharita.resources.lexicon import identity_words
from kharita.stages.actors import ATTACK_NOUNS, ActorMention
from kharita.stages.typing import ARMED

PERPETRATOR_DEPS = frozenset({"nsubj"})
VICTIM_DEPS = frozenset({"nsubjpass", "dobj"})
VICTIM_PREPS = frozenset({"on", "against", "at", "targeting"})
VICTIM_VERBS = frozenset({"die", "dead", "injure", "wound", "hurt"})
HARM_VERBS = frozenset({"kill", "wound", "injure", "hurt", "shoot", "abduct", "kidnap", "behead", "murder",
                        "execute", "maim", "rape", "torture", "beat", "attack", "target", "massacre"})
SELF_REFERENCE = frozenset({"it", "they", "we"})
SPEECH_VERBS = frozenset({"say", "tell", "report", "add", "confirm", "announce", "state", "claim", "accuse",
                          "blame", "deny", "urge", "warn", "condemn"})
DEFAULT_ARMED = "gunmen"
DEFAULT_CIVILIANS = "civilians"


MEMBER_NOUNS = frozenset({"member", "members", "fighter", "fighters", "militant", "militants", "gunmen",
                          "gunman", "elements", "element", "supporters", "loyalists", "operatives", "insurgents",
                          "islamists", "jihadists", "militiamen", "rebels", "men", "cadres", "activists",
                          "group", "band", "unit", "faction", "wing", "affiliate", "branch", "terrorists",
                          "workers", "followers", "partisans", "youth", "youths"})
SUSPECT_LEMMAS = frozenset({"suspect", "believe", "think", "say", "claim", "allege", "report"})


def stands_for(token: Token) -> Token:
    """The noun whose role a group name takes: 'members of Boko Haram' → members; 'gunmen suspected to be
    (members of) Boko Haram' → gunmen; 'Boko Haram members' → members."""
    current = token
    for _ in range(4):
        head = current.head
        if current.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head.lower_ in MEMBER_NOUNS:
            current = head.head
        elif current.dep_ in ("compound", "nmod") and head.lower_ in MEMBER_NOUNS:
            current = head
        elif current.dep_ in ("attr", "oprd") and head.lemma_.lower() == "be" and head.dep_ in ("xcomp", "ccomp") \
                and head.head.lemma_.lower() in SUSPECT_LEMMAS:
            suspected = _suspected_noun(head.head)  # 'gunmen (who are) suspected to be X'
            if suspected is None:
                return current
            current = suspected
        else:
            return current
    return current


def _suspected_noun(verb: Token) -> Token | None:
    if verb.dep_ in ("acl", "relcl", "amod"):
        return verb.head
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


STRIKE_WORDS = frozenset({"strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "bombardment"})


def role_of(mention: ActorMention, doc: object) -> str:
    token = stands_for(doc[mention.root])  # type: ignore[index]
    if token.dep_ in ("compound", "nmod", "poss") and token.head.lower_ in ATTACK_NOUNS:
        return "perpetrator"  # 'in a Boko Haram attack', 'the Taliban's offensive'
    if token.lower_ in STRIKE_WORDS and mention.entry.type == "State forces":
        return "perpetrator"  # 'killed in a Saudi air strike': the strike stands for the air force
    if mention.speaker or token.head.lemma_.lower() in SPEECH_VERBS:
        return "source-actor" if _speaks_of_itself(token) else "source"
    if token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in HARM_VERBS:
        return "harmed"
    if token.dep_ in PERPETRATOR_DEPS and token.head.lemma_.lower() not in VICTIM_VERBS:
        return "perpetrator"
    if token.dep_ == "pobj" and token.head.lower_ == "by":
        return "perpetrator" if _agent_of_harm(token.head) else "other"  # not 'a town controlled by IS'
    if token.dep_ in VICTIM_DEPS or token.dep_ == "nsubj":
        return "victim"
    if token.dep_ == "pobj" and token.head.lower_ in ("with", "from", "alongside", "among", "between"):
        return "other"
    if token.dep_ == "pobj" and token.head.lower_ in VICTIM_PREPS:
        return "target"  # 'blew himself up at a police checkpoint', 'an attack on an army post'
    if token.dep_ == "pobj":
        return "victim"
    return "other"


HARMLESS_VERBS = frozenset({"set", "establish", "control", "run", "hold", "own", "found", "build", "lead",
                            "form", "back", "support", "arm", "fund", "train", "govern", "administer", "publish", "post", "release", "issue", "film", "report", "confirm", "say", "claim"})


def _agent_of_harm(by: Token) -> bool:
    verb = by.head
    return verb.lemma_.lower() not in HARMLESS_VERBS


def _speaks_of_itself(token: object) -> bool:
    """'the Africa Command said it had carried out an air strike' — the source is the perpetrator."""
    sent = token.sent  # type: ignore[attr-defined]
    return any(t.lower_ in SELF_REFERENCE and t.dep_ == "nsubj" and t.head.lemma_.lower() not in SPEECH_VERBS
               for t in sent)


def to_actor(mention: ActorMention | None, country_code: str | None, country_of_code: object,
             day: date | None = None) -> Actor | None:
    """The ACLED actor for a mention: generic descriptions get the country (state forces also the regime
    period, 'Military Forces of Pakistan (2018-2022)'); a state's forces abroad are External/Other forces."""
    if mention is None:
        return None
    entry = mention.entry
    own = mention.country_code or country_code
    name_country = country_of_code(own) if own else None  # type: ignore[operator]
    actor_type = entry.type
    if actor_type == "State forces" and own and country_code and own != country_code:
        actor_type = "External/Other forces"
    name = entry.resolve_name(name_country)
    regime = registry().regime_label(own, day) if _named_by_regime(entry) else None
    name = f"{name} ({regime})" if regime else name
    actor_id = entry.id if entry.named else slug(name)
    return Actor(name, actor_type, name_country, id=actor_id, reviewed=entry.reviewed)


DEFAULT_AIR = "air force"  # ACLED: air and drone strikes are carried out by state (or foreign) forces
def _named_by_regime(entry: ActorEntry) -> bool:
    """ACLED names a state's forces by regime period: 'Military Forces of Pakistan (2018-2022)'."""
    return entry.type == "State forces" and entry.name.startswith(("Military Forces of", "Police Forces of", "{"))


GENERIC_IDS = {"protesters": "protesters", "rioters": "rioters", DEFAULT_ARMED: "unidentified-armed-group",
               DEFAULT_CIVILIANS: "civilians", DEFAULT_AIR: "military"}


def generic(alias: str, start: int = 0) -> ActorMention:
    entry = registry().generic(GENERIC_IDS[alias])
    return ActorMention(start, start, alias, -1, entry, None)


def pick(mentions: Sequence[tuple[ActorMention, str]], *, roles: tuple[str, ...] = (),
         types: frozenset[str] | set[str] = ARMED, exclude: ActorMention | None = None) -> ActorMention | None:
    for mention, role in mentions:
        if exclude is not None and mention.entry.name == exclude.entry.name:
            continue
        if mention.entry.type in types and (not roles or role in roles):
            return mention
    return None


def assign(event_type: str, sub_type: str, mentions: Sequence[tuple[ActorMention, str]],
           claimed_by: Sequence[ActorMention] = (), *, civilian_victims: bool = False
           ) -> tuple[ActorMention | None, ActorMention | None]:
    """actor1/actor2 by event type; a named group that claimed the event beats an unnamed perpetrator; unarmed
    victims of a bombing or strike make civilians actor 2 when no target is named."""
    first, second = _by_type(event_type, sub_type, mentions)
    if second is None and civilian_victims and event_type == "Explosions/Remote violence":
        second = generic(DEFAULT_CIVILIANS)
    named_perpetrator = first is not None and first.entry.named and (first, "perpetrator") in mentions
    if claimed_by and not named_perpetrator and event_type not in ("Protests", "Riots"):
        claimant = claimed_by[0]
        if second is None or second.entry.id != claimant.entry.id:
            return claimant, second
        return claimant, _other_side(mentions, claimant, first)
    return first, second


def _other_side(mentions: Sequence[tuple[ActorMention, str]], claimant: ActorMention,
                attackers: ActorMention | None) -> ActorMention | None:
    """The side a claimed attack hit: not the claimant, nor its unnamed men ('its fighters'); else the men."""
    rest = [(m, r) for m, r in mentions if m.entry.id != claimant.entry.id and m is not attackers]
    return pick(rest, roles=("harmed", "target", "victim")) or pick(rest) or attackers


def _by_type(event_type: str, sub_type: str,
             mentions: Sequence[tuple[ActorMention, str]]) -> tuple[ActorMention | None, ActorMention | None]:
    if event_type == "Protests":
        return generic("protesters"), pick(mentions, types={"State forces"}) if sub_type != "Peaceful protest" \
            else None
    if event_type == "Riots":  # a party whose supporters riot is associated with the rioters, not their target
        return generic("rioters"), pick(mentions, roles=("harmed", "victim", "other"), types=ARMED | {"Civilians"})
    if event_type == "Violence against civilians":
        return _perpetrator(mentions) or generic(DEFAULT_ARMED), generic(DEFAULT_CIVILIANS)
    if event_type == "Battles":
        first = _perpetrator(mentions) \
            or pick(mentions, roles=("perpetrator", "harmed", "target", "victim", "other")) or generic(DEFAULT_ARMED)
        named = [(m, r) for m, r in mentions if m.entry.named]
        return first, pick(named, exclude=first) or pick(mentions, exclude=first) or generic(DEFAULT_ARMED)
    if event_type == "Explosions/Remote violence":
        default = generic(DEFAULT_AIR) if sub_type == "Air/drone strike" else generic(DEFAULT_ARMED)
        return _perpetrator(mentions) or default, _target(mentions)
    return pick(mentions, types={"State forces", "External/Other forces"}) or pick(mentions), None


def _perpetrator(mentions: Sequence[tuple[ActorMention, str]]) -> ActorMention | None:
    """A named group acting, or saying it acted ('AFRICOM said it had carried out an air strike'), before any
    description of the attackers."""
    named = [(m, r) for m, r in mentions if m.entry.named]
    return (pick(named, roles=("perpetrator",)) or pick(named, roles=("source-actor",), types=ARMED)
            or pick(mentions, roles=("perpetrator",))
            or pick(mentions, roles=("other",), types=ARMED - {"State forces"})
            or pick(mentions, roles=("source-actor",), types=ARMED))


def _target(mentions: Sequence[tuple[ActorMention, str]]) -> ActorMention | None:
    """A named group struck ('an air strike against al-Shabaab fighters, killing three militants') before a
    description of the dead."""
    wanted = ARMED | {"Civilians"}
    named = [(m, r) for m, r in mentions if m.entry.named and m.entry.type != "Political militia"]
    forces = {"State forces", "External/Other forces"}
    return (pick(named, roles=("harmed", "target", "victim"), types=wanted)
            or pick(mentions, roles=("target",), types=forces) or pick(mentions, roles=("harmed",), types=wanted)
            or pick(mentions, roles=("target", "victim"), types=wanted))


def identities(doc: Doc, mention: ActorMention, country: str | None, country_of_word: object) -> list[str]:
    """Associated actors for a group of victims or protesters: who they were ('Pashtun traders' → Pashtun
    Ethnic Group (Pakistan), Traders (Pakistan))."""
    if mention.root < 0:
        return []
    root = doc[mention.root]
    words = [t for t in root.subtree if t.i <= root.i or t.dep_ in ("conj", "appos")]
    table, found = identity_words(), []
    for token in words:
        label = table.get(token.lower_) or _ethnic_label(token, country_of_word)
        if label is not None:
            name = label.replace("{country}", country or "Unknown")
            found.append(name if country else name.replace(" (Unknown)", ""))
    return list(dict.fromkeys(found))


def _ethnic_label(token: Token, country_of_word: object) -> str | None:
    """A group the parser tags NORP that is not a country's people ('Hazara', not 'Afghan')."""
    if token.ent_type_ != "NORP" or not token.is_title or country_of_word(token.text):  # type: ignore[operator]
        return None
    return f"{token.text} Ethnic Group ({{country}})"


def associated(doc: Doc, side: ActorMention | None, mentions: Sequence[tuple[ActorMention, str]],
               actor: Actor | None, country_of_word: object, *, civilians_hurt: bool = False) -> tuple[str, ...]:
    """Associated actors of one side: its ties ('a gang linked to the MQM') and, for civilians and protesters,
    the victims' or protesters' identities taken from every mention of that kind of actor in the event."""
    if side is None or actor is None:
        return ()
    names = list(side.associates)
    if actor.type in ("Rioters", "Protesters"):  # 'MQM workers blocked roads': the party behind the crowd
        names += [m.entry.name for m, role in mentions if m.entry.named and role == "perpetrator"]
    if civilians_hurt and actor.type in ARMED:  # ACLED: civilians killed in a strike on a military target
        names.append(f"Civilians ({actor.country})" if actor.country else "Civilians")
    if actor.type == "Civilians":  # members of a party attacked as civilians: 'a grenade at the MQM office'
        names += [m.entry.name for m, role in mentions if m.entry.type == "Political militia" and m.entry.named
                  and role in ("harmed", "target")]
    if actor.type in ("Civilians", "Protesters"):
        same = [m for m, _ in mentions if m.entry.type == actor.type] or [side]
        names += [n for m in same for n in identities(doc, m, actor.country, country_of_word)]
    return tuple(n for n in dict.fromkeys(names) if n != actor.name)
