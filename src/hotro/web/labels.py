"""English names of statuses and actions for the pages (the Vietnamese ones are the domain's)."""

from __future__ import annotations

from hotro.dossiers.domain.status import Status

STATUS_EN: dict[Status, str] = {
    Status.SUBMITTED: "Submitted, awaiting receipt",
    Status.IN_PROCESSING: "In processing",
    Status.AWAITING_SUPPLEMENT: "Awaiting supplement",
    Status.REFUSED: "Not received (refused)",
    Status.APPROVED: "Approved",
    Status.REJECTED: "Not approved",
    Status.PAID: "Paid",
    Status.DONE: "Result returned",
    Status.WITHDRAWN: "Withdrawn",
}

ACTION_EN: dict[str, str] = {
    "submit": "Submission",
    "receive": "Receipt",
    "refuse": "Refusal at receipt",
    "request_supplement": "Supplement request",
    "supplement": "Supplement",
    "forward": "Forwarding to the next step",
    "approve": "Approval",
    "reject": "Rejection",
    "pay": "Payment",
    "return_result": "Return of the result",
    "withdraw": "Withdrawal",
    "apologize": "Apology and new appointment date",
    "became_overdue": "Became overdue",
}

BENEFICIARY_EN: dict[str, str] = {
    "proposed": "Proposed",
    "approved": "Approved",
    "rejected": "Not approved",
    "paid": "Paid",
}
