"""Plain-text (Markdown) rendering of evaluation reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kharita.evaluation.case import CaseReport, CaseRow
from kharita.evaluation.geo import GeoReport
from kharita.evaluation.pitf import PitfReport

SNIPPET_CHARS = 80


def number(value: float | None, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if value is not None else "n/a"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table with padded columns."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def case_text(report: CaseReport, rows: Sequence[CaseRow] = ()) -> str:
    head = (f"CASE 2021 task 2: {report.rows} snippets ({report.political_rows} ACLED-labelled, "
            f"{report.non_political_rows} non-political), {report.failures} failed")
    summary = table(("measure", "value", "n"), [
        ("weighted F1 (25 ACLED labels)", number(report.weighted_f1), report.political_rows),
        ("macro F1 (labels with support)", number(report.macro_f1), report.political_rows),
        ("accuracy (all rows; non-political → none)", number(report.accuracy), report.rows),
        ("accuracy (ACLED-labelled rows)", number(report.accuracy_political), report.political_rows),
        ("non-political rejection rate", number(report.rejection), report.non_political_rows),
    ])
    labels = table(("label", "precision", "recall", "F1", "support"),
                   [(s.label, number(s.precision), number(s.recall), number(s.f1), s.support)
                    for s in report.labels])
    parts = [head, summary, "Per label:", labels]
    if report.confusions:
        parts += [f"Most frequent errors (gold → predicted), top {len(report.confusions)}:",
                  confusion_table(report, {row.id: row.text for row in rows})]
    return "\n\n".join(parts) + "\n"


def confusion_table(report: CaseReport, texts: Mapping[str, str]) -> str:
    return table(("gold", "predicted", "count", "example id", "example"),
                 [(c.gold, c.predicted, c.count, c.example_id, _snippet(texts.get(c.example_id, "")))
                  for c in report.confusions])


def _snippet(text: str) -> str:
    flat = " ".join(text.split()).replace("|", "/")
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def pitf_text(report: PitfReport) -> str:
    head = f"PITF incidents: {report.rows} rows, {report.failures} failed"
    summary = table(("measure", "value", "n"), [(m.label, number(m.value), m.n) for m in report.measures])
    parts = [head, summary]
    if report.deaths_errors:
        parts += [f"Largest deaths errors, top {len(report.deaths_errors)}:",
                  table(("id", "gold", "predicted", "events"),
                        [(e.id, e.gold, e.predicted, e.events) for e in report.deaths_errors])]
    return "\n\n".join(parts) + "\n"


def geo_text(report: GeoReport) -> str:
    head = f"{report.dataset}: {report.articles} articles, {report.seconds:.1f} s"
    rows = [(s.name, s.total, number(s.accuracy), number(s.median_km, 1), number(s.coverage))
            for s in (report.given, report.end_to_end)]
    tail = f"end to end: {report.predicted} place mentions predicted, {report.spurious} overlap no gold toponym"
    return head + "\n\n" + table(("measure", "toponyms", "acc@161km", "median km", "coverage"), rows) + \
        "\n\n" + tail + "\n"
