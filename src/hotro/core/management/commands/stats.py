from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.supervision.reconcile import counters_reconcile


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Statistics counters: `hotro stats reconcile [--fix]` recomputes them from the "
        "dossiers' histories and reports (or rewrites) any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reconcile = sub.add_parser("reconcile", help="Compare the counters with the histories")
        reconcile.add_argument("--fix", action="store_true", help="Rewrite what differs")
        reconcile.add_argument("--show", type=int, default=20, help="Differences to print")

    def handle(self, *args: Any, **options: Any) -> None:
        diff = counters_reconcile(fix=options["fix"])
        if diff.zero:
            self.stdout.write(f"{diff.dossiers} dossiers: the counters agree with the histories")
            return
        for key, (kept, want) in sorted(diff.counters.items())[: options["show"]]:
            day, agency, policy, _, bucket, reason = key
            self.stdout.write(
                f"DIFF {day} agency={agency} policy={policy} {bucket}"
                f"{f' ({reason})' if reason else ''}: kept {kept}, expected {want}"
            )
        summary = (
            f"{len(diff.counters)} counter rows, {diff.totals} total rows and {diff.buckets} "
            "dossier buckets differ "
            f"({diff.dossiers} dossiers)"
        )
        if options["fix"]:
            self.stdout.write(f"{summary}: rewritten")
            return
        raise CommandError(f"{summary}; `hotro stats reconcile --fix` rewrites them")
