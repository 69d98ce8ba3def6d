"""The memory a piece of work costs, measured on the process itself: the peak resident set
(VmHWM) is reset to the current one (Linux's /proc/self/clear_refs, "5"), the work runs, and
the peak's rise over the resident set before it is the cost. Without /proc, the rise of
ru_maxrss (which cannot be reset, so it under-reports work below an earlier peak).

With HOTRO_RSS_REPORT=path, every measurement is appended there as a JSON line, for
`python -m tests.hostile.memory path` to summarise per family (the figures of the report)."""

from __future__ import annotations

import json
import os
import re
import resource
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR = Path("/proc/self/clear_refs")


def _status(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    assert match is not None, field
    return int(match.group(1)) * 1024


def can_reset() -> bool:
    try:
        _CLEAR.write_text("5")
    except OSError:
        return False
    return _STATUS.exists()


@dataclass
class Peak:
    bytes: int = 0

    @property
    def mb(self) -> float:
        return self.bytes / (1024 * 1024)


@contextmanager
def peak_rise(label: str = "", family: str = "") -> Iterator[Peak]:
    """How far the resident set rose above where it was, while the block ran."""
    peak = Peak()
    if can_reset():
        before = _status("VmRSS")
        yield peak
        peak.bytes = max(0, _status("VmHWM") - before)
    else:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        yield peak
        peak.bytes = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before)
    report = os.environ.get("HOTRO_RSS_REPORT")
    if report and label:
        with open(report, "a", encoding="utf-8") as out:
            out.write(
                json.dumps({"label": label, "family": family, "mb": round(peak.mb, 1)}) + "\n"
            )


def summarise(path: str) -> str:
    rows: dict[str, list[tuple[float, str]]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        rows.setdefault(item["family"] or "?", []).append((item["mb"], item["label"]))
    lines = [f"{'family':12} {'requests':>8} {'median MB':>10} {'max MB':>8}  worst"]
    for family, values in sorted(rows.items()):
        values.sort()
        median = values[len(values) // 2][0]
        worst, label = values[-1]
        lines.append(f"{family:12} {len(values):>8} {median:>10.1f} {worst:>8.1f}  {label}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(sys.argv[1]))
