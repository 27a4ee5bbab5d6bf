"""How many findings a run shows: at most ``PER_FILE`` for one file and ``PER_RUN`` in all.

A file of a megabyte of unknown keys makes tens of thousands of findings, and four such files
made 134 MB of JSON (millions of annotations on GitHub), which no one reads and which a
stranger's pull request can ask of every CI run. What is left out is not lost: one finding
(``CT112``) stands for it, per file and once for the run, saying how many, with the severity
of the worst it stands for, so a run fails exactly as it would with everything shown.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

from chemsex_toolkit.findings import Finding, Place, Severity, problem
from chemsex_toolkit.validation.rules import word

PER_FILE = 100
PER_RUN = 1000

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _worst(severities: Iterable[Severity]) -> Severity:
    return max(severities, key=_RANK.__getitem__)


def _stand_in(file: str, count: int, worst: Severity, variant: str, limit: int) -> Finding:
    finding = word(problem("CT112", Place(file), variant, count=count, limit=limit))
    return dataclasses.replace(finding, severity=worst)


def capped(
    findings: Iterable[Finding], per_file: int = PER_FILE, per_run: int = PER_RUN
) -> tuple[Finding, ...]:
    """``findings`` sorted, each duplicate once, within the limits; what is left out counted
    by a ``CT112`` finding per file and one for the run."""
    ordered = sorted(set(findings))
    shown: Counter[str] = Counter()
    kept: list[Finding] = []
    left: dict[str, list[Severity]] = {}
    for finding in ordered:
        shown[finding.file] += 1
        if shown[finding.file] <= per_file:
            kept.append(finding)
        else:
            left.setdefault(finding.file, []).append(finding.severity)
    counts: dict[Finding, int] = {}
    for file, severities in left.items():
        stand_in = _stand_in(file, len(severities), _worst(severities), "", per_file)
        counts[stand_in] = len(severities)
        kept.append(stand_in)
    kept.sort()
    if len(kept) <= per_run:
        return tuple(kept)
    dropped: Sequence[Finding] = kept[per_run:]
    count = sum(counts.get(f, 1) for f in dropped)
    worst = _worst(f.severity for f in dropped)
    return (*kept[:per_run], _stand_in("", count, worst, "run", per_run))
