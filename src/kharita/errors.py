"""One exception hierarchy for kharita; every message says what to do next."""

from __future__ import annotations


class KharitaError(Exception):
    """Base class for every error kharita raises on purpose."""


class InputError(KharitaError):
    """An input (file, line, article) cannot be read or is not usable text."""


class ModelNotFoundError(KharitaError):
    """The requested spaCy pipeline is not installed."""


class StageError(KharitaError):
    """A pipeline stage failed on one article."""

    def __init__(self, stage: str, article_id: str, cause: BaseException) -> None:
        self.stage = stage
        self.article_id = article_id
        self.cause = cause
        super().__init__(f"stage {stage!r} failed on article {article_id!r}: {type(cause).__name__}: {cause}")


class StoreError(KharitaError):
    """The database cannot be opened, migrated or written."""


class FetchError(InputError):
    """A URL or feed could not be fetched or is not a usable page. ``retryable`` is True when trying again
    later may work (a timeout, a server error, a dropped connection), False when it will not (404, not HTML,
    disallowed by robots.txt, too big)."""

    def __init__(self, url: str, message: str, *, retryable: bool = False) -> None:
        self.url = url
        self.retryable = retryable
        super().__init__(message)


class ClusterError(KharitaError):
    """A Dask cluster cannot be used: dask is not installed, the scheduler is unreachable, no worker joined,
    or a batch was lost for good (its workers kept dying)."""
