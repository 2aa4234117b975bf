"""The Dask worker plugin that loads kharita's pipeline, gazetteer and actors once per worker, when it starts.

Kept apart from ``kharita.distributed`` because it imports dask (optional) at import time; workers import it by
name to unpickle the plugin, so it must live in an importable module (not a script's ``__main__``).
"""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from kharita.distributed import WorkerSetup, prepare_worker


class KharitaWorkerPlugin(WorkerPlugin):
    """Prepares each worker (those that join later too) for one run's ``WorkerSetup``."""

    idempotent = False

    def __init__(self, setup: WorkerSetup) -> None:
        self.setup_for = setup

    def setup(self, worker: Any) -> None:
        prepare_worker(self.setup_for)
