from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.accounts.officer_file import MAX_BYTES
from hotro.accounts.officers import officers_import
from hotro.core.errors import AppError
from hotro.core.messages import render


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Officers and supervisors in bulk: `hotro officers import FILE [--dry-run]` reads an "
        "xlsx or CSV file (Họ và tên, Mã cơ quan, Vai trò, Thư điện tử, Thủ trưởng; optional "
        "Tên đăng nhập), checks every row and writes all of them or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("import", help="Import officers from an xlsx or CSV file")
        add.add_argument("file", type=Path)
        add.add_argument("--dry-run", action="store_true", help="Check the file, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as stream:
                content = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            report = officers_import(content=content, dry_run=options["dry_run"])
        except AppError as exc:
            for error in exc.errors:
                self.stderr.write(render(error.code, "vi", error.params))
            raise CommandError(render(exc.code, "vi", exc.params)) from exc
        verb = "sẽ tạo" if options["dry_run"] else "đã tạo"
        self.stdout.write(
            f"{report.rows} dòng: {verb} {report.created}, cập nhật {report.updated}, "
            f"không đổi {report.unchanged} tài khoản cán bộ."
        )
