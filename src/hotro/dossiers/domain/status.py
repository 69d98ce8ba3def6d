"""Dossier statuses and their codes on the National Public Service Portal (TrangThaiHoSo)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    IN_PROCESSING = "in_processing"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    REFUSED = "refused"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    DONE = "done"
    WITHDRAWN = "withdrawn"


# 1 Mới đăng ký · 2 Được tiếp nhận · 3 Không được tiếp nhận · 4 Đang xử lý · 5 Yêu cầu bổ sung
# · 7 Rút hồ sơ · 9 Đã xử lý xong · 10 Đã trả kết quả (reference.md). A rejection after
# appraisal is a processed dossier with a negative result.
PORTAL_CODE: dict[Status, int] = {
    Status.SUBMITTED: 1,
    Status.IN_PROCESSING: 4,
    Status.AWAITING_SUPPLEMENT: 5,
    Status.REFUSED: 3,
    Status.APPROVED: 9,
    Status.REJECTED: 9,
    Status.PAID: 9,
    Status.DONE: 10,
    Status.WITHDRAWN: 7,
}

LABEL_VI: dict[Status, str] = {
    Status.SUBMITTED: "Mới nộp, chờ tiếp nhận",
    Status.IN_PROCESSING: "Đang xử lý",
    Status.AWAITING_SUPPLEMENT: "Chờ bổ sung hồ sơ",
    Status.REFUSED: "Không được tiếp nhận",
    Status.APPROVED: "Đã phê duyệt",
    Status.REJECTED: "Không được phê duyệt",
    Status.PAID: "Đã chi trả",
    Status.DONE: "Đã trả kết quả",
    Status.WITHDRAWN: "Đã rút hồ sơ",
}

FINISHED = frozenset({Status.REFUSED, Status.REJECTED, Status.DONE, Status.WITHDRAWN})
# While the agency holds the dossier its clock runs; it stops for a supplement (R3) and once a
# decision is made (the end of processing by the national indicators).
CLOCK_RUNNING = frozenset({Status.SUBMITTED, Status.IN_PROCESSING})
OPEN = frozenset(set(Status) - FINISHED)
