"""Shared data and helpers for kharita.ingest tests: short texts about invented events only."""

from __future__ import annotations

from collections.abc import Iterable

from kharita.models import Article, Failure

STORY = (
    "Fighting broke out on Tuesday between the fictional Northern Guard and the Blue Hills militia "
    "near the town of Varnel, local officials said. At least four people were killed."
)

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Clashes reported near Varnel | The Daily Lantern</title>
<meta property="article:published_time" content="2023-04-12T08:30:00Z">
<script>var tracking = "SCRIPT-MARKER";</script>
<style>body { color: red; }</style>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li>NAV-MARKER Subscribe</li></ul></nav>
<article>
<h1>Clashes reported near Varnel</h1>
<p>Fighting broke out on Tuesday between the fictional Northern Guard and members of the Blue Hills
militia near the town of Varnel, local officials said.</p>
<p>At least four people were killed and eleven were injured during the clashes, which lasted several
hours, according to a spokesperson for the regional council.</p>
<p>Residents told reporters that the market was closed and that many families had left the area for
nearby villages before nightfall.</p>
</article>
<footer><p>FOOTER-MARKER Copyright The Daily Lantern. All rights reserved.</p></footer>
</body></html>
"""


def articles(results: Iterable[Article | Failure]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def failures(results: Iterable[Article | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]
