"""How far the package gazetteer lets any geocoder get: an oracle ceiling for the places targets.

    python benchmarks/geo_ceiling.py [--eval ../shared/eval]

An oracle that always picks the right reading still has to find the place in the gazetteer. This script gives
the oracle every reading the gazetteer holds and scores its best one, so no resolution rule of kharita's can
do better with the same data:

- PITF: every capitalised run of one to four words in the text (a leading 'the' dropped) is looked up, and
  every reading counts (lakes, seas and continents too), in any country, at each of its points (a town's own point; a region's middle
  and the town standing for it; a country's middle, centroid, capital and the largest town in each ninth of
  it, which stands for 'northern X'). A row is reachable when one of
  them lies within 161 km (25 km) of the gold point. Gold points whose latitude or longitude has the wrong
  sign (the reading lies within 161 km of the mirrored point) are counted apart, as are (0, 0) points.
- `--kharita` (runs the extraction, about a minute) joins the oracle's rows with those kharita itself places
  within reach, and bounds PITF country: rows kharita already gets right plus every other row whose text
  holds a reading or a demonym of the gold country, the most any rule choosing among the text's countries
  could add.
- LGL and GeoVirus, given the gold span: every reading of the gold phrase, anywhere in the world.

kharita's own scores come from `benchmarks/accuracy.py`; they are the numerators this ceiling bounds.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kharita.evaluation.geo import read_articles
from kharita.evaluation.metrics import haversine_km
from kharita.evaluation.pitf import CLOSE_KM, NEAR_KM, PitfRow, read_pitf
from kharita.resources import geo_names
from kharita.resources.gazetteer import Candidate, Gazetteer, get_gazetteer, normalize_name

WORD = r"(?:[A-Z]|(?:al|el|ad|an|ar|as|ash|at|az)-)[\w'’.-]*"  # 'Kandahar', 'al-Bayda'
CAPITALISED_RUN = re.compile(rf"{WORD}(?:[ -]{WORD}){{0,3}}")
POSSESSIVE = re.compile(r"['’]s?$")
MIRRORS = ((1, -1), (-1, 1), (-1, -1))
COMPASS = tuple((north, east) for north in (-1, 0, 1) for east in (-1, 0, 1))


def phrases(text: str) -> set[str]:
    """Every capitalised run of up to four words and each of its contiguous parts."""
    found: set[str] = set()
    for run in CAPITALISED_RUN.findall(text):
        words = [POSSESSIVE.sub("", w) for w in run.split()]  # "Yemen's capital", "Mogadishu's Hodan district"
        found.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return {p.removeprefix("The ").strip(".") for p in found} - {""}


def readings(gazetteer: Gazetteer, phrase: str) -> list[Candidate]:
    """The gazetteer's entries for a phrase, its country, and the lake, sea or continent kharita knows by it."""
    found = gazetteer.lookup(phrase) + features(phrase)
    country = gazetteer.country(phrase)
    if country is not None:
        found.append(gazetteer.country_candidate(country))
    return found


def features(phrase: str) -> list[Candidate]:
    key = normalize_name(phrase)
    named = geo_names.WATERS_AND_DESERTS.get(key) or geo_names.WORLD_REGIONS.get(key)
    if named is None:
        return []
    return [Candidate(geonameid=None, name=named[0], latitude=named[1], longitude=named[2], country_code="",
                      admin1_code=None, admin2_code=None, population=0, feature_code="RGN", kind="region",
                      primary=True)]


def points(gazetteer: Gazetteer, candidate: Candidate) -> Iterator[tuple[float, float]]:
    yield candidate.latitude, candidate.longitude
    yield gazetteer.point(candidate)
    info = gazetteer.country_by_code(candidate.country_code) if candidate.kind == "country" else None
    if info is not None and info.capital_latitude is not None and info.capital_longitude is not None:
        yield info.capital_latitude, info.capital_longitude
    for north, east in COMPASS if info is not None else ():  # 'northern Cameroon' is coded at a town there
        town = gazetteer.largest_town_toward(candidate.country_code, north, east)
        if town is not None:
            yield town.latitude, town.longitude


def nearest_km(gazetteer: Gazetteer, candidates: Iterable[Candidate], lat: float, lon: float) -> float | None:
    distances = [haversine_km(lat, lon, a, b) for c in candidates for a, b in points(gazetteer, c)]
    return min(distances, default=None)


def pitf_outcome(gazetteer: Gazetteer, row: PitfRow) -> str:
    """'reach25', 'reach161', 'unreachable', 'mirrored gold' or 'zero gold' for one row with gold coordinates."""
    assert row.latitude is not None and row.longitude is not None
    if row.latitude == 0 and row.longitude == 0:
        return "zero gold"
    candidates = [c for p in phrases(row.text) for c in readings(gazetteer, p)]
    best = nearest_km(gazetteer, candidates, row.latitude, row.longitude)
    if best is not None and best <= CLOSE_KM:
        return "reach25"
    if best is not None and best <= NEAR_KM:
        return "reach161"
    mirrored = [nearest_km(gazetteer, candidates, a * row.latitude, b * row.longitude) for a, b in MIRRORS]
    if any(km is not None and km <= NEAR_KM for km in mirrored):
        return "mirrored gold"
    return "unreachable"


def text_countries(gazetteer: Gazetteer, text: str) -> set[str]:
    """ISO2 codes of every reading of the text's capitalised phrases and of every word naming a country."""
    found = {c.country_code for p in phrases(text) for c in readings(gazetteer, p)}
    words = {w.strip(".,;:\"'()[]") for w in text.split()}
    return found | {info.iso2 for w in words if (info := gazetteer.country(w)) is not None}


def kharita_lines(gazetteer: Gazetteer, path: Path, outcomes: dict[str, str]) -> list[str]:
    """The oracle's rows joined with kharita's own hits (a rule may reach a point no phrase reads, such as a
    town standing for 'the country's north' that the oracle's ninths miss), and the country ceiling."""
    from kharita.evaluation.pitf import evaluate_pitf, location_error_km, to_iso3

    _, rows, preds = evaluate_pitf(path)
    errors = {r.id: location_error_km(r, p) for r, p in zip(rows, preds) if r.id in outcomes}
    near = sum(1 for i, o in outcomes.items() if o.startswith("reach") or (errors[i] or NEAR_KM + 1) <= NEAR_KM)
    close = sum(1 for i, o in outcomes.items() if o == "reach25" or (errors[i] or CLOSE_KM + 1) <= CLOSE_KM)
    scored = [(r, r.country.upper(), to_iso3(p.country)) for r, p in zip(rows, preds) if r.country]
    right = sum(1 for _, gold, got in scored if gold == got)
    named = sum(1 for r, gold, got in scored if gold != got
                and gold in {to_iso3(c) for c in text_countries(gazetteer, r.text)})
    return [
        f"| location within 161 km, oracle or kharita | {near / len(outcomes):.3f} ({near}) | 0.93 |",
        f"| location within 25 km, oracle or kharita | {close / len(outcomes):.3f} ({close}) | 0.75 |",
        f"| country: kharita's right rows + the others naming the gold one | {(right + named) / len(scored):.3f} | 0.97 |",
    ]


def pitf_table(gazetteer: Gazetteer, path: Path, *, with_kharita: bool = False) -> list[str]:
    rows = [r for r in read_pitf(path) if r.latitude is not None and r.longitude is not None]
    outcomes = {r.id: pitf_outcome(gazetteer, r) for r in rows}
    counts = Counter(outcomes.values())
    total = len(rows)
    near, close = counts["reach25"] + counts["reach161"], counts["reach25"]
    return [
        f"PITF dev ({total} rows with gold coordinates): the best gazetteer reading of any capitalised phrase",
        "| measure | oracle ceiling | target |",
        "|---|---|---|",
        f"| location within 161 km | {near / total:.3f} ({near}) | 0.93 |",
        f"| location within 25 km | {close / total:.3f} ({close}) | 0.75 |",
        f"| ... counting mirrored gold points as reached | {(near + counts['mirrored gold']) / total:.3f} | |",
        *(kharita_lines(gazetteer, path, outcomes) if with_kharita else []),
        f"rows: {dict(sorted(counts.items()))}",
    ]


def given_span_ceiling(gazetteer: Gazetteer, path: Path) -> tuple[float, Counter[str]]:
    counts: Counter[str] = Counter()
    for article in read_articles(path):
        for gold in article.toponyms:
            best = nearest_km(gazetteer, readings(gazetteer, gold.phrase), gold.lat, gold.lon)
            counts["no reading" if best is None else "within 161 km" if best <= NEAR_KM else "farther"] += 1
    return counts["within 161 km"] / max(1, sum(counts.values())), counts


def geo_table(gazetteer: Gazetteer, paths: Sequence[Path]) -> list[str]:
    lines = ["| corpus | given-span oracle ceiling @161 km | toponyms: within / farther / no reading | target |",
             "|---|---|---|---|"]
    for path in paths:
        ceiling, counts = given_span_ceiling(gazetteer, path)
        split = f"{counts['within 161 km']} / {counts['farther']} / {counts['no reading']}"
        lines.append(f"| {path.name} | {ceiling:.3f} | {split} | 0.90 |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    parser.add_argument("--kharita", action="store_true", help="also bound PITF country accuracy (runs kharita)")
    args = parser.parse_args(argv)
    gazetteer = get_gazetteer()
    print("\n".join(pitf_table(gazetteer, args.eval / "pitf_dev.jsonl", with_kharita=args.kharita)))
    print()
    print("\n".join(geo_table(gazetteer, [args.eval / "lgl.xml", args.eval / "geovirus.xml"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
