"""The action forms of the officer's dossier page. They show what the rules ask (a reason
from the catalog and a text, R1; no paper copies of signed components, R2; a new date for an
apology, R5); the service decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hotro.catalog.models import PolicyDocument
from hotro.catalog.selectors import reason_list
from hotro.dossiers.actions import ActionInput, SupplementItem
from hotro.dossiers.domain.lifecycle import TABLE, Action
from hotro.web.forms import PageForm

KIND_LABELS = {
    "electronic": _("Bản điện tử (tải lên lại)"),
    "information": _("Bổ sung thông tin"),
    "paper_copy": _("Bản giấy"),
    "seal": _("Bản có đóng dấu"),
}
PAPER = ("paper_copy", "seal")


class ActionForm(PageForm):
    """Reason (when the action needs one), note, new date (an apology)."""

    def __init__(self, *args: Any, action: Action, english: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.action = action
        kind = TABLE[action].reason_kind
        if kind:
            reasons = [
                (r.code, f"{r.code} — {r.text_en if english else r.text}")
                for r in reason_list(kind=kind)
            ]
            self.fields["reason_code"] = forms.ChoiceField(
                label=_("Lý do (theo danh mục)"), choices=[("", "—"), *reasons], required=False
            )
            self.fields["reason_text"] = forms.CharField(
                label=_("Nội dung lý do, ghi cụ thể"),
                help_text=_("Người nộp hồ sơ sẽ đọc được nội dung này (ít nhất 10 ký tự)."),
                widget=forms.Textarea({"rows": 3}),
                required=False,
                max_length=4000,
            )
        if action == Action.APOLOGIZE:
            self.fields["new_due_date"] = forms.DateField(
                label=_("Ngày hẹn trả kết quả mới"),
                widget=forms.DateInput({"type": "date"}),
                required=False,
            )
        if action != Action.REQUEST_SUPPLEMENT:
            self.fields["note"] = forms.CharField(
                label=_("Ghi chú (không bắt buộc)"), required=False, max_length=4000
            )

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            reason_code=data.get("reason_code", ""),
            reason_text=data.get("reason_text", ""),
            new_due_date=data.get("new_due_date"),
            note=data.get("note", ""),
        )


class SupplementForm(ActionForm):
    """One line per document component: ask for it or not, in which form, and why. A
    component whose document is validly signed offers no paper form (R2)."""

    def __init__(
        self,
        *args: Any,
        components: list[PolicyDocument],
        signed: set[str],
        english: bool,
        **kw: Any,
    ) -> None:
        super().__init__(*args, action=Action.REQUEST_SUPPLEMENT, english=english, **kw)
        self.components = components
        self.signed = signed
        self.rows: list[dict[str, Any]] = []
        for c in components:
            kinds = [k for k in KIND_LABELS if not (c.key in signed and k in PAPER)]
            name = c.name_en if english else c.name
            self.fields[f"ask_{c.key}"] = forms.BooleanField(
                label=_("Yêu cầu bổ sung thành phần này"), required=False
            )
            self.fields[f"kind_{c.key}"] = forms.ChoiceField(
                label=_("Hình thức bổ sung"),
                choices=[(k, KIND_LABELS[k]) for k in kinds],
                required=False,
            )
            self.fields[f"desc_{c.key}"] = forms.CharField(
                label=_("Cần bổ sung gì, vì sao"), required=False, max_length=1000
            )
            self.rows.append(
                {
                    "component": c,
                    "name": name,
                    "signed": c.key in signed,
                    "ask": self[f"ask_{c.key}"],
                    "kind": self[f"kind_{c.key}"],
                    "desc": self[f"desc_{c.key}"],
                }
            )
        self.fields["other"] = forms.CharField(
            label=_("Thông tin khác cần bổ sung (không gắn với thành phần nào)"),
            required=False,
            max_length=1000,
        )

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        items = [
            SupplementItem(
                description=data.get(f"desc_{c.key}", "") or "",
                component=c.key,
                kind=data.get(f"kind_{c.key}") or "electronic",
            )
            for c in self.components
            if data.get(f"ask_{c.key}")
        ]
        if data.get("other"):
            items.append(SupplementItem(description=data["other"], kind="information"))
        return ActionInput(
            reason_code=data.get("reason_code", ""),
            reason_text=data.get("reason_text", ""),
            items=items,
        )

    def field_of(self, path: str) -> str | None:
        """`items.2.kind` -> the field of the component asked for third."""
        parts = path.split(".")
        if parts[0] != "items" or len(parts) < 2 or not parts[1].isdigit():
            return None
        asked = [c.key for c in self.components if self.cleaned_data.get(f"ask_{c.key}")]
        index = int(parts[1])
        if index >= len(asked):
            return "other"
        field = parts[2] if len(parts) > 2 else "description"
        return f"{'desc' if field == 'description' else 'kind'}_{asked[index]}"


BULK_ACTIONS = (Action.RECEIVE, Action.FORWARD, Action.APPROVE)
