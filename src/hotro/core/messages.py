"""Error message catalog: code -> (Vietnamese, English). Placeholders use str.format names.

Kept as data beside the code that raises it so that an error and its wording are reviewed
together; the web pages use Django's i18n for their own texts."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # generic
    "bad_request": ("Yêu cầu không hợp lệ.", "The request is not valid."),
    "validation_failed": ("Dữ liệu gửi lên chưa hợp lệ.", "The data sent is not valid."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "forbidden": ("Bạn không có quyền thực hiện thao tác này.", "You may not do this."),
    "unauthenticated": (
        "Cần đăng nhập hoặc mã truy cập hợp lệ.",
        "Login or a valid token is needed.",
    ),
    "conflict": ("Xung đột với trạng thái hiện tại.", "Conflicts with the current state."),
    "too_large": (
        "Tệp quá lớn (tối đa {limit} byte).",
        "The file is too large (at most {limit} bytes).",
    ),
    "unsupported_media_type": (
        "Loại tệp không được chấp nhận: {detected}. Chấp nhận: {allowed}.",
        "File type not accepted: {detected}. Accepted: {allowed}.",
    ),
    "server_error": (
        "Lỗi hệ thống, vui lòng thử lại sau.",
        "Server error, please try again later.",
    ),
    "invalid_value": ("Giá trị không hợp lệ.", "Invalid value: {msg}"),
    "malformed_body": (
        "Nội dung yêu cầu không phải JSON hợp lệ.",
        "The request body is not valid JSON.",
    ),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    # field checks
    "required": ("Trường này là bắt buộc.", "This field is required."),
    "unknown_field": (
        "Trường không có trong biểu mẫu của chính sách.",
        "Not a field of this policy's form.",
    ),
    "national_id": (
        "Số định danh phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND).",
        "A national ID has 12 digits (CCCD) or 9 digits (CMND).",
    ),
    "national_id_province": (
        "Mã tỉnh trong số CCCD không tồn tại ({prefix}).",
        "The province part of the CCCD does not exist ({prefix}).",
    ),
    "tax_code": (
        "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số dạng 10 số và 3 số chi nhánh.",
        "A tax code has 10 digits, or 13 digits (10 plus a 3-digit branch suffix).",
    ),
    "tax_code_checksum": (
        "Mã số thuế sai chữ số kiểm tra.",
        "The tax code's check digit is wrong.",
    ),
    "social_insurance_no": (
        "Mã số BHXH phải gồm 10 chữ số.",
        "A social insurance number has 10 digits.",
    ),
    "phone": ("Số điện thoại không hợp lệ.", "Not a valid phone number."),
    "email": ("Địa chỉ thư điện tử không hợp lệ.", "Not a valid e-mail address."),
    "date": ("Ngày phải có dạng YYYY-MM-DD.", "A date is written YYYY-MM-DD."),
    "date_outside_period": (
        "Ngày phải nằm trong thời gian áp dụng chính sách ({start} đến {end}).",
        "The date must fall within the policy's period ({start} to {end}).",
    ),
    "integer": ("Phải là số nguyên.", "Must be a whole number."),
    "min_value": ("Giá trị nhỏ nhất là {min}.", "The smallest value allowed is {min}."),
    "max_value": ("Giá trị lớn nhất là {max}.", "The largest value allowed is {max}."),
    "boolean": ("Phải là có hoặc không (true/false).", "Must be true or false."),
    "choice": ("Giá trị phải là một trong: {choices}.", "Must be one of: {choices}."),
    "text": (
        "Phải là chuỗi ký tự (tối đa {max} ký tự).",
        "Must be text (at most {max} characters).",
    ),
    "money": (
        "Số tiền phải là số nguyên đồng, không âm.",
        "An amount is a whole, non-negative number of đồng.",
    ),
    "amount_mismatch": (
        "Số tiền đề nghị {given} đ khác mức hỗ trợ theo chính sách {expected} đ.",
        "The amount asked, {given} đ, differs from the policy's {expected} đ.",
    ),
    "amount_over_cap": (
        "Số tiền đề nghị {given} đ vượt mức tối đa {cap} đ.",
        "The amount asked, {given} đ, exceeds the cap of {cap} đ.",
    ),
    "not_eligible_tier": (
        "Không thuộc mức hỗ trợ nào của chính sách (giá trị {value}).",
        "Falls in none of the policy's support tiers (value {value}).",
    ),
    "duplicate_in_list": (
        "Số định danh {national_id} xuất hiện nhiều lần trong danh sách (dòng {first}).",
        "National ID {national_id} appears more than once in the list (row {first}).",
    ),
    "beneficiaries_required": (
        "Chính sách này cần danh sách người được hỗ trợ.",
        "This policy needs a list of beneficiaries.",
    ),
    "beneficiaries_not_allowed": (
        "Chính sách này không nhận danh sách người được hỗ trợ.",
        "This policy takes no list of beneficiaries.",
    ),
    "too_many_beneficiaries": (
        "Danh sách có quá nhiều người (tối đa {max}).",
        "The list is too long (at most {max}).",
    ),
    # catalog and intake
    "policy_not_found": ("Không có chính sách mã {code}.", "No policy with code {code}."),
    "policy_not_open": (
        "Chính sách {code} không nhận hồ sơ vào ngày {day} (hạn nộp {deadline}).",
        "Policy {code} takes no dossiers on {day} (filing deadline {deadline}).",
    ),
    "agency_not_found": ("Không có cơ quan mã {code}.", "No agency with code {code}."),
    "agency_wrong_kind": (
        "Cơ quan {code} không tiếp nhận hồ sơ của chính sách này (cần: {expected}).",
        "Agency {code} does not receive this policy's dossiers (expected: {expected}).",
    ),
    "agency_not_valid": (
        "Cơ quan {code} không còn hoạt động vào ngày {day}.",
        "Agency {code} is not in operation on {day}.",
    ),
    "document_required": (
        "Thiếu thành phần hồ sơ bắt buộc: {name}.",
        "A required document is missing: {name}.",
    ),
    "document_unknown_component": (
        "Thành phần hồ sơ {component} không có trong chính sách.",
        "Component {component} is not part of this policy.",
    ),
    "document_wrong_type": (
        "Thành phần {component} chỉ nhận tệp: {allowed} (tệp gửi lên: {detected}).",
        "Component {component} takes only: {allowed} (file sent: {detected}).",
    ),
    "upload_not_found": ("Không tìm thấy tệp đã tải lên {id}.", "No uploaded file {id}."),
    "upload_used": (
        "Tệp {id} đã được dùng cho hồ sơ khác.",
        "File {id} belongs to another dossier already.",
    ),
    "upload_empty": ("Tệp rỗng.", "The file is empty."),
    "xml_unsafe": (
        "Tệp XML chứa khai báo thực thể hoặc DTD, không được chấp nhận.",
        "The XML file declares entities or a DTD, which is not accepted.",
    ),
    "xml_malformed": ("Tệp XML không đúng cú pháp.", "The XML file is not well-formed."),
    "archive_bomb": (
        "Tệp nén giải nén quá lớn hoặc tỷ lệ nén bất thường.",
        "The archive expands too much or has an abnormal compression ratio.",
    ),
    "pdf_malformed": ("Tệp PDF không hợp lệ.", "The PDF file is not valid."),
    "worker_list_unreadable": (
        "Không đọc được tệp danh sách (cần tệp Excel .xlsx theo mẫu).",
        "The list cannot be read (an .xlsx file in the template is needed).",
    ),
    "worker_list_header": (
        "Dòng tiêu đề không đúng mẫu: thiếu cột {missing}.",
        "The header row does not match the template: missing column {missing}.",
    ),
    "worker_list_extent": (
        "Bảng tính vượt quá kích thước cho phép (tối đa {rows} dòng, {cols} cột).",
        "The spreadsheet is larger than allowed (at most {rows} rows, {cols} columns).",
    ),
    "worker_list_empty": ("Danh sách không có dòng dữ liệu nào.", "The list has no data rows."),
    "idempotency_key_reused": (
        "Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.",
        "This Idempotency-Key was used for a different request.",
    ),
    "idempotency_key_format": (
        "Khóa Idempotency-Key phải gồm 1 đến 100 ký tự in được.",
        "An Idempotency-Key has 1 to 100 printable characters.",
    ),
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
        "Không thể thực hiện «{action}» khi hồ sơ đang ở trạng thái «{status}».",
        "«{action}» is not allowed while the dossier is «{status}».",
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
        "Chứng thư số «{subject}» không phải của tổ chức cung cấp dịch vụ chứng thực.",
        "The certificate «{subject}» is not a CA certificate.",
    ),
    "crl_unreadable": (
        "Tệp không phải danh sách chứng thư số bị thu hồi (CRL) hợp lệ.",
        "The file is not a readable certificate revocation list (CRL).",
    ),
    "reason_unknown": (
        "Lý do {code} không có trong danh mục lý do «{kind}».",
        "Reason {code} is not in the catalog of «{kind}» reasons.",
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
        "Không được yêu cầu nộp bản giấy hoặc đóng dấu đối với thành phần «{component}» đã được "
        "ký số hợp lệ (khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg; Nghị định số 45/2020/NĐ-CP).",
        "Paper or sealed copies of «{component}», validly signed digitally, may not be asked for "
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
    "scope_outside_yours": (
        "Phạm vi này nằm ngoài phạm vi giám sát của bạn.",
        "This scope is outside the one you supervise.",
    ),
    "province_not_found": ("Không có tỉnh, thành phố mã {code}.", "No province with code {code}."),
    # bad input
    "control_character": (
        "Có ký tự không dùng được ({char}): ký tự điều khiển hoặc không phải ký tự văn bản.",
        "Holds a character that is not allowed ({char}): a control or non-text character.",
    ),
    "control_character_field": (
        "Ô «{label}» có ký tự không dùng được ({char}). Hãy xoá ký tự đó rồi gửi lại.",
        "The field «{label}» holds a character that is not allowed ({char}). Remove it and "
        "send again.",
    ),
    "control_character_query": (
        "Địa chỉ trang có ký tự không dùng được ({char}) ở tham số «{field}».",
        "The page address holds a character that is not allowed ({char}) in «{field}».",
    ),
    "control_character_header": (
        "Tiêu đề yêu cầu «{field}» có ký tự không dùng được ({char}).",
        "The request header «{field}» holds a character that is not allowed ({char}).",
    ),
    "control_character_path": (
        "Địa chỉ trang có ký tự không dùng được ({char}).",
        "The page address holds a character that is not allowed ({char}).",
    ),
    "control_character_body": (
        "Ô «{field}» có ký tự không dùng được ({char}).",
        "The field «{field}» holds a character that is not allowed ({char}).",
    ),
    "too_deep": (
        "Dữ liệu lồng nhau quá sâu (tối đa {max} cấp).",
        "Nested too deep (at most {max} levels).",
    ),
    "malformed_multipart": (
        "Không đọc được nội dung multipart/form-data (thiếu hoặc sai boundary, hoặc quá nhiều "
        "trường, tệp).",
        "The multipart/form-data body cannot be read (a missing or broken boundary, or too "
        "many fields or files).",
    ),
    "too_many_fields": (
        "Yêu cầu có quá nhiều trường (tối đa {max}).",
        "The request has too many fields (at most {max}).",
    ),
    "csrf_failed": (
        "Phiên đăng nhập cần mã CSRF; hệ thống khác hãy dùng mã truy cập (Authorization: Bearer).",
        "A session needs its CSRF token; other systems use a token (Authorization: Bearer).",
    ),
    "out_of_calendar": (
        "Ngày nằm ngoài lịch làm việc của hệ thống ({first}–{last}).",
        "The date is outside the system's working calendar ({first}-{last}).",
    ),
    "unreadable_file": ("Không đọc được tệp ({why}).", "The file cannot be read ({why})."),
    "signing_key_missing": (
        "Cơ quan chưa có khoá ký số; quản trị viên cần cài đặt trước khi thực hiện.",
        "The agency has no signing key yet; an administrator must install it first.",
    ),
    "request_refused": ("Yêu cầu không thực hiện được", "The request could not be carried out"),
    "request_refused_back": ("Về trang chủ", "Back to the home page"),
}


def render(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    vi, en = MESSAGES.get(code, MESSAGES["bad_request"])
    template = en if lang == "en" else vi
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template
