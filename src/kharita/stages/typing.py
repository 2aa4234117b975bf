"""ACLED sub-event typing of one sentence's cues, following the codebook's precedence (acled-guide §1)."""

from __future__ import annotations

from collections.abc import Sequence

from kharita.stages.actors import ActorMention
from kharita.stages.casualties import CasualtyMention

PRECEDENCE: tuple[str, ...] = (
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Agreement", "Disrupted weapons use", "Arrests", "Change to group/activity",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
    "Other",
)
VIOLENCE_TYPES = set(PRECEDENCE[:3] + PRECEDENCE[8:17])
DEMONSTRATION_TYPES = set(PRECEDENCE[3:8])
FAMILY = {t: "violence" if t in VIOLENCE_TYPES else "demonstration" if t in DEMONSTRATION_TYPES else t
          for t in PRECEDENCE}
CONTEXT = frozenset({"disaster", "crime", "diplo", "attrib", "aircraft", "agreeverb", "military_target",
                     "seizeverb", "weaponnoun", "brutal"})
HARM_ONLY = frozenset({"kill", "injure", "shoot", "attack", "arrest", "raid"}) | CONTEXT
STARTS_ONLY_WITH_DATE = frozenset({"Agreement", "Change to group/activity", "Headquarters or base established",
                                   "Non-violent transfer of territory", "Other", "Arrests"})
EXPLOSIVES = (("chemical", "Chemical weapon"), ("air", "Air/drone strike"), ("suicide", "Suicide bomb"),
              ("shelling", "Shelling/artillery/missile attack"), ("ied", "Remote explosive/landmine/IED"),
              ("grenade", "Grenade"), ("bomb", "Remote explosive/landmine/IED"),
              ("explosion", "Remote explosive/landmine/IED"))
STRATEGIC = (("agreement", "Agreement"), ("disrupted", "Disrupted weapons use"), ("arrest", "Arrests"),
             ("hq", "Headquarters or base established"), ("looting", "Looting/property destruction"),
             ("nonviolent_transfer", "Non-violent transfer of territory"),
             ("group_change", "Change to group/activity"), ("other", "Other"))
ARMED = frozenset({"State forces", "Rebel group", "Political militia", "Identity militia",
                   "External/Other forces"})
HARM = frozenset({"kill", "shoot", "attack"})


def sub_event_type(labels: set[str], actors: Sequence[ActorMention],
                   casualties: Sequence[CasualtyMention]) -> str | None:
    """The sentence's sub-event type, or None when it describes no political violence or protest."""
    if "intervene" in labels and not labels & ARMED_ACTS:
        labels = labels | {"protest"}  # tear gas, water cannon and rubber bullets are used on crowds
    if {"seizeverb", "weaponnoun"} <= labels:
        labels = labels | {"disrupted"}  # 'two firearms and ammunition were seized'
    if _suppressed(labels, actors, casualties):
        return None
    for decide in (_demonstration, _battle, _explosive, _civilian_violence, _strategic):
        found = decide(labels, actors, casualties)
        if found is not None:
            return found
    return None


def _suppressed(labels: set[str], actors: Sequence[ActorMention], casualties: Sequence[CasualtyMention]) -> bool:
    """No political violence: only context words, a disaster, or ordinary crime in which nobody died."""
    acts = labels - CONTEXT
    if not acts:
        return True
    armed_party = any(a.entry.type in ARMED and a.subject for a in actors)
    if "disaster" in labels and acts <= {"kill", "injure", "explosion", "attack", "other", "chemical",
                                        "group_change", "looting", "violentdemo"} and (not armed_party or acts <= {"group_change", "other"}):
        return True
    organised = any(a.entry.named for a in actors)
    killing = "kill" in labels and any(c.kind == "killed" and c.count.best > 0 for c in casualties)
    return "crime" in labels and acts <= HARM_ONLY and not organised and not killing


ARMED_ACTS = frozenset({"abduct", "suicide", "ied", "air", "shelling", "grenade", "chemical", "explosion", "bomb"})
MERGE_RANK: tuple[str, ...] = ("Violent demonstration",) + tuple(t for t in PRECEDENCE if t != "Violent demonstration")


def _demonstration(labels: set[str], actors: Sequence[ActorMention],
                   casualties: Sequence[CasualtyMention]) -> str | None:
    if labels & ARMED_ACTS and not _has_type(actors, "Protesters"):
        return None
    if "riot" in labels and "mob" not in labels:
        return "Violent demonstration"
    if "mob" in labels and "protest" not in labels:
        return "Mob violence"
    if "protest" not in labels:
        crowd = _has_type(actors, "Rioters") or (_crowd(actors) and not labels & {"clash", "shoot"})
        return "Violent demonstration" if {"violentdemo"} <= labels and crowd else None
    if "violentdemo" in labels or ("clash" in labels and not labels & {"air", "shelling"}):
        return "Violent demonstration"
    if labels & {"kill", "shoot", "injure", "brutal"} or _killed(casualties):
        return "Excessive force against protesters"
    if labels & {"intervene", "arrest"}:
        return "Protest with intervention"
    return "Peaceful protest"


CROWD_NOUNS = frozenset({"workers", "supporters", "activists", "students", "youths", "residents", "traders",
                         "villagers", "crowd", "crowds", "mob", "demonstrators", "protesters", "followers"})


def _crowd(actors: Sequence[ActorMention]) -> bool:
    """'Workers of the MQM torched buses': a party's crowd, which ACLED codes as rioters."""
    return any(a.subject and a.text.split()[-1].lower() in CROWD_NOUNS for a in actors)


def _battle(labels: set[str], actors: Sequence[ActorMention],
            casualties: Sequence[CasualtyMention]) -> str | None:
    explosive = any(label in labels for label, _ in EXPLOSIVES)
    one_sided = explosive or _civilian_victims(actors, casualties)
    armed_target = "military_target" in labels and bool(labels & {"attack", "shoot"})
    fighting = "clash" in labels or bool(labels & HARM and (_two_armed_sides(actors) or armed_target)
                                          and not one_sided)
    if labels & {"recapture", "territory"} and (fighting or labels & {"recapture", "territory"}):
        return _territory(labels, actors, fighting)
    return "Armed clash" if fighting else None


def _territory(labels: set[str], actors: Sequence[ActorMention], fighting: bool) -> str | None:
    """Who took the place decides: the state regains it, anyone else overtakes it."""
    taker = next((a for a in actors if a.subject and a.entry.type in ARMED), None)
    if taker is None:
        taker = next((a for a in actors if a.entry.type in ARMED), None)
    if taker is None:
        return "Armed clash" if fighting else None
    if taker.entry.type == "State forces":
        return "Government regains territory"
    if "nonviolent_transfer" in labels and not fighting:
        return "Non-violent transfer of territory"  # 'took over the town without a fight', 'handed over'
    return "Non-state actor overtakes territory"


def _explosive(labels: set[str], actors: Sequence[ActorMention],
               casualties: Sequence[CasualtyMention]) -> str | None:
    if "aircraft" in labels and labels & {"explosion", "bomb", "shoot", "kill", "attack", "looting", "brutal"} \
            and "clash" not in labels:
        labels = labels | {"air"}
    if "disrupted" in labels and not (labels & {"kill", "injure"} or _killed(casualties)):
        return None
    for label, sub_type in EXPLOSIVES:
        if label in labels:
            return sub_type
    return None


def _civilian_violence(labels: set[str], actors: Sequence[ActorMention],
                       casualties: Sequence[CasualtyMention]) -> str | None:
    if "sexual" in labels:
        return "Sexual violence"
    if labels & {"kill", "shoot"} or ("attack" in labels and (labels & {"injure"} or _killed(casualties))):
        return "Attack"
    if "attack" in labels and _civilians_targeted(actors):
        return "Attack"
    if "abduct" in labels:
        return "Abduction/forced disappearance"
    if "injure" in labels and _has_armed(actors):
        return "Attack"
    return None


def _strategic(labels: set[str], actors: Sequence[ActorMention],
               casualties: Sequence[CasualtyMention]) -> str | None:
    if "agreement" in labels and "agreeverb" not in labels:
        labels = labels - {"agreement"}
    if "group_change" in labels and not any(a.entry.named or a.entry.name.startswith("Military Forces")
                                            for a in actors):
        labels = labels - {"group_change"}
    if "territory" in labels:
        return "Non-violent transfer of territory"
    for label, sub_type in STRATEGIC:
        if label in labels:
            return sub_type
    return None


def _killed(casualties: Sequence[CasualtyMention]) -> bool:
    return any(c.kind == "killed" and c.count.best > 0 and not c.cumulative for c in casualties)


def _civilians_targeted(actors: Sequence[ActorMention]) -> bool:
    """'militants ambushed people': civilians named, but not as the ones acting or speaking."""
    return any(a.entry.type == "Civilians" and not a.subject and not a.speaker for a in actors) and \
        any(a.entry.type in ARMED and not a.speaker for a in actors)


def _has_type(actors: Sequence[ActorMention], actor_type: str) -> bool:
    return any(a.entry.type == actor_type for a in actors)


def _has_armed(actors: Sequence[ActorMention]) -> bool:
    return any(a.entry.type in ARMED for a in actors)


def _civilian_victims(actors: Sequence[ActorMention], casualties: Sequence[CasualtyMention]) -> bool:
    """Some counted dead or hurt are not members of an armed group ('killed about 123 people', 'beheaded
    the district commissioner'): violence against civilians, not a battle."""
    armed = [a for a in actors if a.entry.type in ARMED]
    harmed = [c for c in casualties if c.kind in ("killed", "injured") and not c.cumulative]
    if any(c.armed_victims for c in harmed):
        harmed = [c for c in harmed if c.victim not in ("others", "other")]  # 'two soldiers ... six others'
    return any(not c.armed_victims and not any(a.start_char <= c.start_char < a.end_char for a in armed)
               for c in harmed)


def _two_armed_sides(actors: Sequence[ActorMention]) -> bool:
    """Two different organised armed actors take part (sources of the report do not count)."""
    parties = {a.entry.name for a in actors if a.entry.type in ARMED and not a.speaker}
    return len(parties) >= 2
