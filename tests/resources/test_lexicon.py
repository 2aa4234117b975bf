"""The cue lexicon's small pattern language, and a guard against its easiest mistake."""

from __future__ import annotations

from itertools import pairwise

import spacy

from kharita.resources.lexicon import expand, read_table, token_specs

PARTICLES = {"up", "down", "out", "over", "back", "in", "off"}


def test_expand_slots_and_patterns() -> None:
    assert list(expand("@blow himself|herself up, svbied")) == [
        ["@blow", "himself", "up"], ["@blow", "herself", "up"], ["svbied"]]
    assert list(expand("exchange of? fire")) == [["exchange", "of", "fire"], ["exchange", "fire"]]


def test_hyphenated_words_are_tokenised_like_text() -> None:
    nlp = spacy.blank("en")
    assert token_specs(["tear-gas"], nlp.tokenizer) == [{"LOWER": "tear"}, {"LOWER": "-"}, {"LOWER": "gas"}]
    assert token_specs(["@kill", "*"], nlp.tokenizer) == [{"LEMMA": "kill"}, {"OP": "{,3}"}]


def test_no_phrasal_verb_is_split_across_alternatives() -> None:
    """'@hand over|@turn in' would read as (@hand) then (over|@turn) then (in): write '@hand over, @turn in'."""
    for label, patterns in read_table("triggers.tsv"):
        for pattern in patterns.split(", "):
            slots = pattern.split()
            for first, second in pairwise(slots):
                options = second.split("|")
                bad = "|" in first and "@" in first and options[0] in PARTICLES and len(options) > 1
                assert not bad, (label, pattern)
