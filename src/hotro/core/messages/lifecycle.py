"""Messages: Accounts, the lifecycle actions and the rules they enforce, supervision."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # accounts
    "otp_invalid": (
        "Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng.",
        "The code is wrong or was used already. Enter the 6-digit code your app shows now.",
    ),
    "password_mismatch": ("Hai mật khẩu không giống nhau.", "The two passwords differ."),
    "username_taken": ("Tên đăng nhập này đã có người dùng.", "This username is taken."),
    "login_failed": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The username or the password is wrong.",
    ),
    "nothing_selected": ("Chưa chọn hồ sơ nào.", "No dossier selected."),
    # lifecycle
    "dossier_finished": ("Hồ sơ đã kết thúc, không thể thao tác thêm.", "The dossier is finished."),
    "action_not_allowed_in_status": (
        "Không thể thực hiện “{action}” khi hồ sơ đang ở trạng thái “{status}”.",
        "“{action}” is not allowed while the dossier is “{status}”.",
    ),
    "no_next_step": ("Hồ sơ đang ở bước cuối, không còn bước để chuyển.", "This is the last step."),
    "not_the_deciding_step": (
        "Chỉ cơ quan ở bước quyết định mới được phê duyệt.",
        "Only the deciding step may approve.",
    ),
    "not_your_step": (
        "Hồ sơ đang thuộc trách nhiệm của {agency}; cơ quan của bạn không được thao tác.",
        "The dossier is the responsibility of {agency}; your agency may not act on it.",
    ),
    "not_your_dossier": (
        "Chỉ người nộp hồ sơ mới được thực hiện thao tác này.",
        "Only the dossier's applicant may do this.",
    ),
    "reason_required": (
        "Phải chọn lý do trong danh mục và ghi rõ nội dung lý do.",
        "A reason from the catalog and a written explanation are required.",
    ),
    "nothing_overdue": (
        "Không có hồ sơ quá hạn trong phạm vi {scope}: không cần công văn đôn đốc.",
        "Nothing is overdue in {scope}: no reminder is needed.",
    ),
    "reminder_only_own": (
        "Các hồ sơ quá hạn trong phạm vi {scope} đều đang ở bước của chính {issuer}: không có "
        "cơ quan nào khác để đôn đốc.",
        "The overdue dossiers in {scope} are all at a step of {issuer} itself: there is no "
        "other agency to remind.",
    ),
    "dispatch_no_recipient": (
        "Công văn phải có ít nhất một nơi nhận.",
        "A dispatch needs at least one recipient.",
    ),
    "forward_to_required": (
        "Phải ghi rõ chuyển cho ai.",
        "Say to whom the dispatch is passed on.",
    ),
    "beneficiary_unknown": (
        "Không có người hưởng ở vị trí này trong số người đang đề nghị hỗ trợ.",
        "No proposed beneficiary at this position.",
    ),
    "approve_nobody": (
        "Không thể phê duyệt khi loại tất cả người đề nghị; hãy dùng thao tác không phê duyệt "
        "hồ sơ và nêu lý do.",
        "Approval cannot leave everyone out; reject the dossier with a reason instead.",
    ),
    "certificate_unreadable": (
        "Tệp không chứa chứng thư số đọc được (PEM hoặc DER).",
        "The file holds no readable certificate (PEM or DER).",
    ),
    "certificate_not_ca": (
        "Chứng thư số “{subject}” không phải của tổ chức cung cấp dịch vụ chứng thực.",
        "The certificate “{subject}” is not a CA certificate.",
    ),
    "crl_unreadable": (
        "Tệp không phải danh sách chứng thư số bị thu hồi (CRL) hợp lệ.",
        "The file is not a readable certificate revocation list (CRL).",
    ),
    "reason_unknown": (
        "Lý do {code} không có trong danh mục lý do “{kind}”.",
        "Reason {code} is not in the catalog of “{kind}” reasons.",
    ),
    "supplement_items_required": (
        "Yêu cầu bổ sung phải liệt kê cụ thể từng thành phần còn thiếu.",
        "A supplement request must list each missing item.",
    ),
    "supplement_once": (
        "Hồ sơ đã được yêu cầu bổ sung một lần; chỉ được yêu cầu bổ sung một lần "
        "(Nghị định 61/2018/NĐ-CP).",
        "A supplement was already requested; only one request is allowed (Decree 61/2018).",
    ),
    "paper_for_signed_component": (
        "Không được yêu cầu nộp bản giấy hoặc đóng dấu đối với thành phần “{component}” đã được "
        "ký số hợp lệ (khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg; Nghị định số 45/2020/NĐ-CP).",
        "Paper or sealed copies of “{component}”, validly signed digitally, may not be asked for "
        "(Decision 15/2020/QĐ-TTg Art. 19 §2; Decree 45/2020/NĐ-CP).",
    ),
    "apology_once": (
        "Hồ sơ đã có phiếu xin lỗi và hẹn lại một lần; ngày hẹn chỉ được điều chỉnh một lần.",
        "An apology was already issued; the date may be reset only once.",
    ),
    "new_date_required": (
        "Phải ghi ngày hẹn trả mới, là ngày làm việc sau ngày hẹn hiện tại ({due}).",
        "A new appointment date is needed: a working day after the current one ({due}).",
    ),
    "duplicate_beneficiary": (
        "Người có số định danh {national_id} đã được duyệt hỗ trợ theo chính sách này "
        "tại hồ sơ {other}.",
        "The person with ID {national_id} was already approved under this policy "
        "in dossier {other}.",
    ),
    "nothing_to_pay": (
        "Không còn người nào được duyệt mà chưa chi trả.",
        "No approved beneficiary is left unpaid.",
    ),
    "dossier_not_found": ("Không tìm thấy hồ sơ {code}.", "No dossier {code}."),
    "cursor_invalid": ("Con trỏ phân trang không hợp lệ.", "The pagination cursor is not valid."),
    "date_range": (
        "Ngày bắt đầu phải trước ngày kết thúc.",
        "The start date must precede the end date.",
    ),
    # supervision
    "stats_period_after_as_of": (
        "Kỳ thống kê phải kết thúc không muộn hơn ngày tính số liệu ({as_of}).",
        "The period must end on or before the as-of date ({as_of}).",
    ),
    "stats_as_of_future": (
        "Ngày tính số liệu không được sau hôm nay ({today}).",
        "The as-of date may not be after today ({today}).",
    ),
    "stats_held_live_only": (
        "Số liệu theo nơi đang giữ hồ sơ chỉ có cho hôm nay ({today}); số liệu của ngày "
        "đã qua hoặc một kỳ được tính theo nơi tiếp nhận (view=received).",
        "Figures by the agency holding the dossier exist for today only ({today}); a past "
        "day or a period is counted where received (view=received).",
    ),
    "scope_outside_yours": (
        "Phạm vi này nằm ngoài phạm vi giám sát của bạn.",
        "This scope is outside the one you supervise.",
    ),
    "province_not_found": ("Không có tỉnh, thành phố mã {code}.", "No province with code {code}."),
}
