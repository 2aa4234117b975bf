"""How the one-time gazetteer build reports its steps: a bar on a terminal, one line otherwise."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Protocol


class BuildProgress(Protocol):
    """Told the number of steps, then each step as it starts, then the end."""

    def start(self, total_steps: int) -> None: ...

    def step(self, label: str) -> None: ...

    def finish(self) -> None: ...


class LineProgress:
    """For logs and pipes: one line when the build starts and one when it ends, on stderr."""

    def __init__(self, target: str) -> None:
        self._target = target
        self._started = 0.0

    def start(self, total_steps: int) -> None:
        self._started = time.monotonic()
        print(f"kharita: building the gazetteer index once (15–40 s): {self._target}", file=sys.stderr, flush=True)

    def step(self, label: str) -> None:
        return None

    def finish(self) -> None:
        print(f"kharita: gazetteer index built in {time.monotonic() - self._started:.0f} s", file=sys.stderr)


class BarProgress:
    """For a terminal: a rich progress bar over the build's steps, removed when done."""

    def __init__(self, target: str) -> None:
        self._target = target
        self._bar: Any = None
        self._task: Any = None
        self._started_steps = 0

    def start(self, total_steps: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("gazetteer index: {task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("starting", total=total_steps)
        self._started_steps = 0

    def step(self, label: str) -> None:
        """Marks the previous step done and shows this one."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=label, advance=1 if self._started_steps else 0)
            self._started_steps += 1

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=self._bar.tasks[0].total)
            self._bar.stop()
        print(f"kharita: gazetteer index ready: {self._target}", file=sys.stderr)


def default_progress(target: str) -> BuildProgress:
    """A bar when stderr is a terminal (or $KHARITA_PROGRESS=1), else start and end lines."""
    if sys.stderr.isatty() or os.environ.get("KHARITA_PROGRESS") == "1":
        return BarProgress(target)
    return LineProgress(target)
