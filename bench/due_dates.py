"""Bulk due dates: the working-day calendar (Vietnamese holidays, swap days) against numpy's
own business-day offset (weekends only, no holidays), on the same random dossiers."""

from __future__ import annotations

import time

import numpy as np

from bench.machine import write
from hotro.dossiers.domain.deadlines import WorkingCalendar

SIZES = (100_000, 1_000_000)


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> None:
    calendar = WorkingCalendar()
    rng = np.random.default_rng(2021)
    rows: list[tuple[str, ...]] = [
        ("dossiers", "calendar (s)", "due dates/s", "numpy busday_offset (s)", "ratio")
    ]
    result: dict[str, object] = {"benchmark": "bulk due dates", "sizes": {}}
    for n in SIZES:
        starts = np.datetime64("2020-01-01") + rng.integers(0, 365 * 6, n).astype("timedelta64[D]")
        days = rng.integers(1, 15, n)
        ours = best_of(3, lambda s=starts, d=days: calendar.add_working_days_bulk(s, d))
        base = best_of(3, lambda s=starts, d=days: np.busday_offset(s, d, roll="forward"))
        result["sizes"][n] = {"calendar_s": ours, "numpy_busday_s": base}  # type: ignore[index]
        rows.append(
            (f"{n:,}", f"{ours:.3f}", f"{n / ours:,.0f}", f"{base:.3f}", f"{ours / base:.2f}")
        )
    write("due_dates", result, rows)


if __name__ == "__main__":
    run()
