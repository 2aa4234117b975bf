"""What a page under test did that it should not (collected by the `watch` fixture in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Watch:
    """Script errors and CSP violations (console errors other than aborted requests), dialogs (alert, ...),
    and the requests off loopback that were aborted."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
