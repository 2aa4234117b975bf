"""Acronyms an article defines itself: 'the Awami National Party (ANP)' links ANP to the party for the rest of
the article, whether or not the registry knows the acronym."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kharita.resources.actors import ActorEntry, lookup_name, normalise
from kharita.stages._ext import text_of
from kharita.stages.groups import unknown_group_named

DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]*(?:-[A-Za-z0-9]+)?)\s*\)")
SKIPPED = frozenset({"of", "the", "for", "and", "in", "e", "i", "ul", "al", "wal", "el", "de", "des", "la", "du"})
WORD = re.compile(r"[\w'’]+")
MAX_WORDS = 10


def defined(doc: Doc) -> dict[str, ActorEntry]:
    """Acronym → actor for every 'Long Name (ACRONYM)' in the article whose long name is an armed group, party
    or force (known to the registry, or named like one)."""
    cached = doc.user_data.get("kharita_acronyms")
    if cached is None:
        cached = doc.user_data["kharita_acronyms"] = dict(_definitions(text_of(doc)))
    return cached


def named_in_text(doc: Doc, name: str) -> ActorEntry | None:
    """The actor an article's own definition gave this long name ('Awami National party' after '(ANP)')."""
    wanted = normalise(name)
    return next((e for e in defined(doc).values() if wanted in {normalise(a) for a in e.aliases}), None)


def _definitions(text: str) -> list[tuple[str, ActorEntry]]:
    found = []
    for match in DEFINITION.finditer(text):
        acronym = match.group(1)
        long_form = expansion(text[:match.start()], acronym)
        entry = _entry_for(long_form, acronym) if long_form else None
        if entry is not None:
            found.append((acronym, entry))
    return found


def expansion(before: str, acronym: str) -> str | None:
    """The words right before '(ACRONYM)' whose initials spell it: 'Tehrik-i-Taliban Pakistan' for TTP."""
    letters = [c for c in acronym if c.isupper() or c.isdigit()]
    words = list(WORD.finditer(before))[-MAX_WORDS:]
    start = None
    for word in reversed(words):
        if not letters:
            break
        initial = word.group(0)[0].upper()
        if initial == letters[-1]:
            letters.pop()
            start = word.start()
        elif word.group(0).lower() not in SKIPPED:
            return None
    if letters or start is None:
        return None
    return before[start:].strip(" ,;:-–—")


def _entry_for(long_form: str, acronym: str) -> ActorEntry | None:
    known = lookup_name(long_form)
    if known is not None and known.named:
        return known
    return unknown_group_named(long_form, acronym)
