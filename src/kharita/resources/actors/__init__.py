"""The canonical actor registry: the YAML files in this folder (see README.md) plus the user's own."""

from kharita.resources.actors.loader import (
    ACTOR_TYPES,
    INTER_CODES,
    ActorEntry,
    Regime,
    Registry,
    build_registry,
    lookup_acronym,
    lookup_name,
    lookup_words,
    normalise,
    registry,
    reset_actors,
    slug,
    use_actors,
)

__all__ = [
    "ACTOR_TYPES",
    "INTER_CODES",
    "ActorEntry",
    "Regime",
    "Registry",
    "build_registry",
    "lookup_acronym",
    "lookup_name",
    "lookup_words",
    "normalise",
    "registry",
    "reset_actors",
    "slug",
    "use_actors",
]
