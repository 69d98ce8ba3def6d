"""Where an error is, as the applicant sees it. The services name the fields by their paths
(`applicant.tax_code`, `beneficiaries.3.national_id`, `documents.0.upload_id`) and the API
keeps those in `errors[].field`; the pages name them by the labels of the policy's form and
the names of its document components (the catalog), and a row of the list by its number in
the spreadsheet. This module is the one place that turns the first into the second."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hotro.catalog.models import Policy, PolicyDocument
from hotro.catalog.schema import FormField
from hotro.core.errors import FieldError
from hotro.core.messages import render as render_message


def _fixed() -> dict[str, str]:
    return {
        "applicant": _("Thông tin người nộp"),
        "agency_code": _("Cơ quan tiếp nhận hồ sơ"),
        "policy_code": _("Chính sách"),
        "beneficiaries": _("Danh sách người được hỗ trợ"),
        "documents": _("Giấy tờ"),
        "file": _("Tệp"),
        "amount": _("Số tiền đề nghị"),
    }


@dataclass
class Where:
    """The labels of one policy's form, for one application: `rows` are the spreadsheet
    rows of its beneficiaries by index (their list position + 1 when it came as JSON), and
    `components` the component key of each document reference by index."""

    policy: Policy
    english: bool = False
    rows: Sequence[int] = ()
    components: Sequence[str] = ()
    _docs: dict[str, PolicyDocument] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._docs = {c.key: c for c in self.policy.documents.all()}

    def _field(self, defs: list[FormField], key: str) -> str:
        for f in defs:
            if f.key == key:
                return f.label_en if self.english and f.label_en else f.label
        return _fixed().get(key, "")

    def component(self, key: str) -> str:
        c = self._docs.get(key)
        if c is None:
            return ""
        return c.name_en if self.english and c.name_en else c.name

    def row(self, index: int) -> int:
        return self.rows[index] if 0 <= index < len(self.rows) else index + 1

    def row_label(self, index: int) -> str:
        return _("Dòng %(n)s") % {"n": self.row(index)}

    def label(self, path: str, *, with_row: bool = True) -> str:
        """The field's label, "" when the path names nothing the applicant sees (the message
        then stands alone; a machine path is never shown)."""
        parts = path.split(".") if path else []
        if not parts:
            return ""
        head, rest = parts[0], parts[1:]
        if head == "applicant" and rest:
            return self._field(self.policy.form_applicant_fields(), rest[0])
        if head == "beneficiaries" and rest and rest[0].isdigit():
            index = int(rest[0])
            column = self._field(self.policy.form_beneficiary_fields(), rest[1]) if rest[1:] else ""
            if not with_row:
                return column
            return ", ".join(p for p in (self.row_label(index), column) if p)
        if head == "documents" and rest:
            if rest[0].isdigit():
                index = int(rest[0])
                key = self.components[index] if index < len(self.components) else ""
                return self.component(key) or _("Giấy tờ thứ %(n)s") % {"n": index + 1}
            return self.component(rest[0]) or _fixed()["documents"]
        if head == "items" and rest:  # a supplement's items
            return _fixed()["documents"]
        return _fixed().get(head, "") if not rest else ""

    def message(self, err: FieldError) -> str:
        params = dict(err.params)
        if isinstance(params.get("first_index"), int):  # another row of the list
            params["first"] = self.row(params["first_index"])
        return render_message(err.code, "en" if self.english else "vi", params)

    def describe(self, err: FieldError, *, with_row: bool = True) -> str:
        """ "Label: message", or the message alone when there is no label to give."""
        label = self.label(err.field, with_row=with_row)
        text = self.message(err)
        return f"{label}: {text}" if label else text
