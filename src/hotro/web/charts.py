"""The dashboard's chart: received and done per day, drawn server-side as SVG coordinates.
The figures come from the statistics service (`flows_daily`: one query for all the days)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotro.accounts.models import User
from hotro.supervision.selectors import flows_daily

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 600, 200, 40, 24, 10


@dataclass(frozen=True)
class Day:
    day: dt.date
    received: int
    done: int


@dataclass(frozen=True)
class Chart:
    days: list[Day]
    peak: int
    received_points: str
    done_points: str
    ticks: list[tuple[str, str]]  # x (as written, never localized), dd/mm
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom_y: int = HEIGHT - BOTTOM


def daily(
    *,
    user: User,
    as_of: dt.date,
    province: int | None,
    agency: str | None,
    policy_code: str | None = None,
    days: int = 30,
) -> list[Day]:
    flows = flows_daily(
        user=user,
        province=province,
        agency=agency,
        policy_code=policy_code,
        date_from=as_of - dt.timedelta(days=days - 1),
        date_to=as_of,
    )
    return [Day(f.day, f.figures.received, f.figures.done) for f in flows]


def chart(days: list[Day]) -> Chart:
    peak = max([1, *(d.received for d in days), *(d.done for d in days)])
    span = max(len(days) - 1, 1)
    plot_w, plot_h = WIDTH - LEFT - 24, HEIGHT - BOTTOM - TOP

    def x(i: int) -> float:
        return round(LEFT + plot_w * i / span, 1)

    def y(v: int) -> float:
        return round(TOP + plot_h * (1 - v / peak), 1)

    def points(values: list[int]) -> str:
        return " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))

    ticks = [(f"{x(i)}", f"{d.day:%d/%m}") for i, d in enumerate(days) if (span - i) % 7 == 0]
    return Chart(
        days=days,
        peak=peak,
        received_points=points([d.received for d in days]),
        done_points=points([d.done for d in days]),
        ticks=ticks,
    )
