"""kharita: news reports of political violence → ACLED-style event data, every field tied to its evidence."""

from kharita.models import Aggregate, Article, Event, Extraction, Failure

__all__ = ["Aggregate", "Article", "Event", "Extraction", "Failure", "__version__"]
__version__ = "0.1.0"
