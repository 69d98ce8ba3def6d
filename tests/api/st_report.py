"""The figures of the schemathesis runs (tests/api/test_schemathesis.py), gathered from the
engine's events and printed at the end of the pytest run, also from xdist workers (through
`workeroutput`). Its two hooks are imported by tests/conftest.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from schemathesis.engine import events

_KEY = "hotro_schemathesis"
_collected: list[dict[str, Any]] = []


@dataclass
class RoleRun:
    role: str
    operations: set[str] = field(default_factory=set)
    cases: Counter[str] = field(default_factory=Counter)  # by phase
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    phase_seconds: Counter[str] = field(default_factory=Counter)
    # 2xx answers by operation: what the run really did, not only what it was refused
    succeeded: Counter[str] = field(default_factory=Counter)
    _started: dict[str, float] = field(default_factory=dict)

    def record(self, event: events.EngineEvent) -> None:
        if isinstance(event, events.PhaseStarted):
            self._started[event.phase.name.value] = event.timestamp
        elif isinstance(event, events.PhaseFinished) and event.phase.name.value in self._started:
            name = event.phase.name.value
            self.phase_seconds[name] += event.timestamp - self._started.pop(name)
        elif isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            phase = event.phase.value
            self.cases[phase] += len(recorder.cases)
            if recorder.cases and phase != "stateful":
                self.operations.add(recorder.label)
            for case_id, interaction in recorder.interactions.items():
                response = interaction.response
                if response is not None and response.status_code < 300:
                    case = recorder.cases.get(case_id)
                    label = case.value.operation.label if case is not None else recorder.label
                    self.succeeded[f"{phase} {label}"] += 1
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        self.failures.append(self._describe(event, case_id, check))
        elif isinstance(event, events.NonFatalError):
            self.failures.append(
                f"{self.role} {event.label}: {event.info.title}: {event.info.message}"
            )
        elif isinstance(event, events.FatalError):
            self.failures.append(f"{self.role}: fatal {event.exception!r}")

    def _describe(self, event: events.ScenarioFinished, case_id: str, check: Any) -> str:
        failure = check.failure_info.failure
        interaction = event.recorder.interactions.get(failure.case_id or case_id)
        sent = ""
        if interaction is not None:
            request, response = interaction.request, interaction.response
            body = (request.body or b"")[:300]
            status = response.status_code if response is not None else "-"
            sent = f" -> {status} | {request.method} {request.uri} {body!r}"
        return (
            f"{self.role} {event.phase.value} {event.recorder.label} {check.name}: "
            f"{failure.title}{sent}"
        )

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_started")
        data["phase_seconds"] = {k: round(v) for k, v in self.phase_seconds.items() if v >= 1}
        data["operations"] = len(self.operations)
        data["cases"] = dict(self.cases)
        data["succeeded"] = dict(self.succeeded)
        data["failures"] = len(self.failures)
        return data


def publish(config: Any, group: str, runs: list[RoleRun], setup: float) -> None:
    rows = [{"group": group, "setup": setup, **run.summary()} for run in runs]
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller prints
        workeroutput.setdefault(_KEY, []).extend(rows)
    else:
        _collected.extend(rows)


def pytest_testnodedown(node: Any, error: Any) -> None:
    _collected.extend(getattr(node, "workeroutput", {}).get(_KEY, []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _collected:
        return
    tr = terminalreporter
    tr.section("schemathesis")
    total_cases = total_failures = 0
    seconds = 0.0
    for row in sorted(_collected, key=lambda r: r["role"]):
        cases = sum(row["cases"].values())
        total_cases += cases
        total_failures += row["failures"]
        seconds += row["seconds"]
        phases = ", ".join(
            f"{k} {v} in {row['phase_seconds'].get(k, 0)} s"
            for k, v in sorted(row["cases"].items())
        )
        ok = sum(row["succeeded"].values())
        stateful_ok = sum(v for k, v in row["succeeded"].items() if k.startswith("stateful "))
        tr.write_line(
            f"{row['role']:>16}: {row['operations']:2d} operations, {cases:5d} cases "
            f"({phases}), {ok} answered 2xx ({stateful_ok} in stateful), "
            f"{row['failures']} failures, {row['seconds']:.0f} s"
        )
        if tr.config.option.verbose > 0:
            for label, n in sorted(row["succeeded"].items()):
                tr.write_line(f"{'':>18}{n:4d} x 2xx {label}")
    setups = {row["group"]: row["setup"] for row in _collected}
    tr.write_line(
        f"{'all roles':>16}: {total_cases} cases, {total_failures} failures, {seconds:.0f} s "
        f"of requests, {sum(setups.values()):.0f} s of data setup ({len(setups)} groups)"
    )
