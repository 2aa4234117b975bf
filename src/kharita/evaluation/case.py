"""CASE 2021 task 2 (event-type snippets, TSV `id<TAB>EventSnippet<TAB>SubType`) scored against kharita.

Each snippet is one article with no publication date. Its prediction is the sub-event type of its main event,
or "none" when nothing was extracted. Weighted F1 runs over the 25 labels that are ACLED sub-event types; the
5 others are not political violence and should yield no event (rejection rate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kharita.errors import InputError
from kharita.evaluation.metrics import (
    NONE_LABEL,
    LabelScore,
    confusions,
    label_scores,
    macro_f1,
    rate,
    weighted_f1,
)
from kharita.evaluation.runner import Outcome, Tracker, events_of, extract_all, main_event, make_article
from kharita.models import Article, Failure

if TYPE_CHECKING:
    from spacy.language import Language

CASE_TO_ACLED: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
NON_POLITICAL: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
ACLED_LABELS: tuple[str, ...] = tuple(CASE_TO_ACLED.values())


@dataclass(frozen=True)
class CaseRow:
    id: str
    text: str
    label: str  # the CASE label as given

    @property
    def gold(self) -> str:
        """The ACLED sub-event type, or "none" for the non-political labels."""
        return CASE_TO_ACLED.get(self.label, NONE_LABEL)

    @property
    def political(self) -> bool:
        return self.label in CASE_TO_ACLED


@dataclass(frozen=True)
class Confusion:
    gold: str
    predicted: str
    count: int
    example_id: str


@dataclass
class CaseReport:
    rows: int
    weighted_f1: float | None
    macro_f1: float | None
    accuracy: float | None
    accuracy_political: float | None
    rejection: float | None
    political_rows: int
    non_political_rows: int
    failures: int
    labels: list[LabelScore] = field(default_factory=list)
    confusions: list[Confusion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": "case2021-task2", "rows": self.rows, "political_rows": self.political_rows,
            "non_political_rows": self.non_political_rows, "failures": self.failures,
            "weighted_f1": self.weighted_f1, "macro_f1": self.macro_f1, "accuracy": self.accuracy,
            "accuracy_political": self.accuracy_political, "rejection_rate": self.rejection,
            "labels": [vars(s) for s in self.labels],
            "confusions": [vars(c) for c in self.confusions],
        }


def read_case(path: Path, limit: int | None = None) -> list[CaseRow]:
    """Rows of a CASE task 2 TSV (a header line `id ...` is skipped); unknown labels raise InputError."""
    rows: list[CaseRow] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or (number == 1 and line.lower().startswith("id\t")):
            continue
        rows.append(_case_row(line, path, number))
    return rows[:limit]


def _case_row(line: str, path: Path, number: int) -> CaseRow:
    parts = line.split("\t")
    if len(parts) < 3:
        raise InputError(f"{path}:{number}: expected id<TAB>EventSnippet<TAB>SubType, got {len(parts)} field(s)")
    item_id, label = parts[0].strip(), parts[-1].strip()
    if label not in CASE_TO_ACLED and label not in NON_POLITICAL:
        raise InputError(f"{path}:{number}: unknown CASE label {label!r}")
    return CaseRow(item_id, "\t".join(parts[1:-1]).strip(), label)


def predict_label(outcome: Outcome | None) -> str:
    """The main event's sub-event type, or "none"."""
    event = main_event(events_of(outcome))
    return event.sub_event_type if event is not None else NONE_LABEL


def score_case(rows: Sequence[CaseRow], predicted: Sequence[str], *, top_errors: int = 0,
               failures: int = 0) -> CaseReport:
    """All CASE metrics from gold rows and their predicted labels (same order)."""
    gold = [row.gold for row in rows]
    scores = label_scores(gold, predicted, ACLED_LABELS)
    political = [(row, p) for row, p in zip(rows, predicted) if row.political]
    rejected = [p == NONE_LABEL for row, p in zip(rows, predicted) if not row.political]
    correct = sum(1 for g, p in zip(gold, predicted) if g == p)
    return CaseReport(
        rows=len(rows), weighted_f1=weighted_f1(scores), macro_f1=macro_f1(scores),
        accuracy=rate(correct, len(rows)),
        accuracy_political=rate(sum(1 for row, p in political if row.gold == p), len(political)),
        rejection=rate(sum(rejected), len(rejected)), political_rows=len(political),
        non_political_rows=len(rejected), failures=failures, labels=scores,
        confusions=case_confusions(rows, predicted, top_errors),
    )


def case_confusions(rows: Sequence[CaseRow], predicted: Sequence[str], top: int) -> list[Confusion]:
    """Most frequent errors; a non-political gold shows its CASE label (e.g. ORG_CRIME → Attack)."""
    wrong = [(row, p) for row, p in zip(rows, predicted) if row.gold != p]
    pairs = confusions([_shown(row) for row, _ in wrong], [p for _, p in wrong], [row.id for row, _ in wrong], top)
    return [Confusion(g, p, n, example) for g, p, n, example in pairs]


def _shown(row: CaseRow) -> str:
    return row.gold if row.political else row.label


def case_articles(rows: Sequence[CaseRow]) -> list[Article | Failure]:
    return [make_article(row.id, row.text) for row in rows]


def evaluate_case(path: Path, *, model: str | None = None, nlp: Language | None = None, limit: int | None = None,
                  top_errors: int = 0, track: Tracker | None = None) -> tuple[CaseReport, list[CaseRow]]:
    """Read, extract and score a CASE TSV; returns the report and the rows (for showing examples)."""
    rows = read_case(path, limit)
    outcomes = extract_all(case_articles(rows), model=model, nlp=nlp, track=track)
    predicted = [predict_label(outcome) for outcome in outcomes]
    failed = sum(1 for outcome in outcomes if isinstance(outcome, Failure))
    return score_case(rows, predicted, top_errors=top_errors, failures=failed), rows
