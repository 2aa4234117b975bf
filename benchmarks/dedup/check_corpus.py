"""Validate the deduplication benchmark corpus and print its make-up.

    python benchmarks/dedup/check_corpus.py [--corpus PATH] [--incidents PATH] [--quiet]

Checks corpus.jsonl (one article per line: id, incident, title, source, published_at, text) against
incidents.jsonl (one line of metadata per incident: country, event date, ACLED event type, role, the
incidents it is deliberately confusable with). Exits 1 and lists the problems if any check fails;
otherwise prints tables of counts per country and per event type. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIRED = ("id", "incident", "title", "source", "published_at", "text")
META_REQUIRED = ("incident", "country", "location", "event_date", "event_type", "sub_event_type", "role")
ID_RE = re.compile(r"^(d\d{3})-([a-z])$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}
MIN_WORDS, MAX_WORDS = 30, 300
MAX_PUBLISH_LAG_DAYS = 3
# Targets from the brief: primaries have 2-6 reports, look-alikes 1-3.
MIN_PRIMARY, MIN_LOOKALIKE, MIN_ARTICLES = 45, 15, 160
REPORTS = {"primary": (2, 6), "lookalike": (1, 3)}


def read_jsonl(path: Path, errors: list[str]) -> list[dict]:
    rows: list[dict] = []
    if not path.is_file():
        errors.append(f"{path}: no such file")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name}:{n}: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{n}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            errors.append(f"{path.name}:{n}: not a JSON object")
            continue
        rows.append(row)
    return rows


def parse_date(value: object) -> date | None:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check(articles: list[dict], incidents: list[dict], errors: list[str], warnings: list[str]) -> None:
    # --- articles ---
    seen: set[str] = set()
    for a in articles:
        aid = a.get("id", "?")
        for field in REQUIRED:
            if not isinstance(a.get(field), str) or not a[field].strip():
                errors.append(f"{aid}: missing or empty field {field!r}")
        extra = set(a) - set(REQUIRED)
        if extra:
            errors.append(f"{aid}: unexpected fields {sorted(extra)}")
        if aid in seen:
            errors.append(f"{aid}: duplicate id")
        seen.add(aid)
        id_match = ID_RE.match(str(aid))
        if not id_match:
            errors.append(f"{aid}: id does not match dNNN-x")
        elif id_match.group(1) != a.get("incident"):
            errors.append(f"{aid}: id prefix does not match incident {a.get('incident')!r}")
        if parse_date(a.get("published_at")) is None:
            errors.append(f"{aid}: published_at {a.get('published_at')!r} is not a valid YYYY-MM-DD date")
        words = len(str(a.get("text", "")).split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{aid}: text has {words} words (want {MIN_WORDS}-{MAX_WORDS})")

    # --- incident metadata ---
    meta: dict[str, dict] = {}
    for i in incidents:
        iid = i.get("incident", "?")
        for field in META_REQUIRED:
            if not isinstance(i.get(field), str) or not i[field].strip():
                errors.append(f"incidents/{iid}: missing or empty field {field!r}")
        if iid in meta:
            errors.append(f"incidents/{iid}: duplicate incident")
        meta[iid] = i
        d = parse_date(i.get("event_date"))
        if d is None or not date(2019, 1, 1) <= d <= date(2024, 12, 31):
            errors.append(f"incidents/{iid}: event_date {i.get('event_date')!r} invalid or outside 2019-2024")
        if i.get("event_type") not in EVENT_TYPES:
            errors.append(f"incidents/{iid}: unknown ACLED event type {i.get('event_type')!r}")
        if i.get("role") not in REPORTS:
            errors.append(f"incidents/{iid}: role must be one of {sorted(REPORTS)}")

    by_incident: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        by_incident[a.get("incident", "?")].append(a)
    for iid in sorted(set(by_incident) - set(meta)):
        errors.append(f"{iid}: has articles but no line in incidents.jsonl")
    for iid in sorted(set(meta) - set(by_incident)):
        errors.append(f"{iid}: in incidents.jsonl but has no articles")

    for iid, arts in sorted(by_incident.items()):
        info = meta.get(iid)
        if info is None:
            continue
        lo, hi = REPORTS.get(info.get("role", ""), (1, 6))
        if not lo <= len(arts) <= hi:
            errors.append(f"{iid}: {len(arts)} articles for a {info.get('role')} incident (want {lo}-{hi})")
        event = parse_date(info.get("event_date"))
        for a in arts:
            pub = parse_date(a.get("published_at"))
            if event and pub and not 0 <= (pub - event).days <= MAX_PUBLISH_LAG_DAYS:
                errors.append(f"{a['id']}: published {pub}, {(pub - event).days} days after event {event}")
        sources = Counter(a.get("source") for a in arts)
        repeated = [s for s, c in sources.items() if c > 1]
        if repeated:
            warnings.append(f"{iid}: several articles from {', '.join(map(str, repeated))} (follow-ups)")
        titles = Counter(a.get("title") for a in arts)
        if any(c > 1 for c in titles.values()):
            errors.append(f"{iid}: two articles share a title")

    # --- look-alike links ---
    for iid, info in meta.items():
        links = info.get("confusable_with", [])
        if not isinstance(links, list):
            errors.append(f"incidents/{iid}: confusable_with must be a list")
            continue
        for other in links:
            if other not in meta:
                errors.append(f"incidents/{iid}: confusable_with names unknown incident {other!r}")
            elif iid not in meta[other].get("confusable_with", []):
                errors.append(f"incidents/{iid}: link to {other} is not symmetric")
        if info.get("role") == "lookalike" and not links:
            errors.append(f"incidents/{iid}: look-alike without a confusable_with partner")

    # --- totals ---
    roles = Counter(m.get("role") for m in meta.values())
    if roles["primary"] < MIN_PRIMARY:
        errors.append(f"only {roles['primary']} primary incidents (want >= {MIN_PRIMARY})")
    if roles["lookalike"] < MIN_LOOKALIKE:
        errors.append(f"only {roles['lookalike']} look-alike incidents (want >= {MIN_LOOKALIKE})")
    primary_articles = sum(len(v) for k, v in by_incident.items() if meta.get(k, {}).get("role") == "primary")
    if primary_articles < MIN_ARTICLES:
        errors.append(f"only {primary_articles} articles on primary incidents (want >= {MIN_ARTICLES})")


def table(title: str, rows: list[tuple[str, int, int]]) -> str:
    width = max([len(title)] + [len(r[0]) for r in rows])
    lines = [f"{title:<{width}}  incidents  articles", f"{'-' * width}  ---------  --------"]
    lines += [f"{name:<{width}}  {inc:>9}  {arts:>8}" for name, inc, arts in rows]
    total_i, total_a = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines.append(f"{'TOTAL':<{width}}  {total_i:>9}  {total_a:>8}")
    return "\n".join(lines)


def summary(articles: list[dict], incidents: list[dict]) -> str:
    per_incident = Counter(a["incident"] for a in articles)
    meta = {i["incident"]: i for i in incidents}

    def grouped(key: str) -> list[tuple[str, int, int]]:
        inc: Counter[str] = Counter()
        arts: Counter[str] = Counter()
        for iid, m in meta.items():
            inc[m[key]] += 1
            arts[m[key]] += per_incident.get(iid, 0)
        return [(k, inc[k], arts[k]) for k in sorted(inc, key=lambda k: (-arts[k], k))]

    out = [table("country", grouped("country")), "", table("event type", grouped("event_type")), ""]
    out.append(table("sub-event type", grouped("sub_event_type")))
    out.append("")
    out.append(table("role", grouped("role")))
    out.append("")
    for role in ("primary", "lookalike"):
        dist = Counter(per_incident[i] for i, m in meta.items() if m["role"] == role)
        shown = ", ".join(f"{n} reports: {dist[n]}" for n in sorted(dist))
        out.append(f"reports per {role} incident -> {shown}")
    pairs = sorted({tuple(sorted((i, o))) for i, m in meta.items() for o in m.get("confusable_with", [])})
    out.append(f"look-alike pairs: {len(pairs)}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus.jsonl")
    parser.add_argument("--incidents", type=Path, default=HERE / "incidents.jsonl")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)

    errors: list[str] = []
    warnings: list[str] = []
    articles = read_jsonl(args.corpus, errors)
    incidents = read_jsonl(args.incidents, errors)
    if not errors:
        check(articles, incidents, errors, warnings)
    if warnings and not args.quiet:
        print(f"{len(warnings)} note(s):")
        print("\n".join(f"  note: {w}" for w in warnings))
        print()
    if errors:
        print(f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
        print("\n".join(f"  {e}" for e in errors), file=sys.stderr)
        return 1
    if not args.quiet:
        print(summary(articles, incidents))
        print()
    print(f"OK: {len(articles)} articles, {len({a['incident'] for a in articles})} incidents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
