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
        "Tệp XML chứa DTD, khai báo thực thể hoặc nội dung chạy được (HTML, SVG, XSLT, XInclude, "
        "chỉ thị xử lý), không được chấp nhận.",
        "The XML file has a DTD, entity declarations or active content (HTML, SVG, XSLT, "
        "XInclude, processing instructions), which is not accepted.",
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
    # uploads: structure checks
    "office_unreadable": (
        "Không đọc được tệp Office (.xlsx, .docx): tệp nén bị hỏng hoặc không đúng cấu trúc.",
        "The Office file (.xlsx, .docx) cannot be read: the archive is damaged or malformed.",
    ),
    "office_macros": (
        "Tệp Office chứa macro (VBA), không được chấp nhận; hãy lưu lại thành .xlsx/.docx thường.",
        "The Office file contains macros (VBA), which are not accepted; save it as a plain "
        ".xlsx/.docx.",
    ),
    "office_legacy_or_encrypted": (
        "Tệp Office dạng cũ (.doc, .xls) hoặc đã đặt mật khẩu không được chấp nhận; hãy lưu lại "
        "thành .docx/.xlsx không đặt mật khẩu.",
        "Legacy (.doc, .xls) or password-protected Office files are not accepted; save it as "
        ".docx/.xlsx without a password.",
    ),
    "file_encrypted": (
        "Tệp đã được mã hóa hoặc đặt mật khẩu nên không kiểm tra được; hãy gửi bản không đặt mật "
        "khẩu.",
        "The file is encrypted or password-protected and cannot be checked; send it without a "
        "password.",
    ),
    "pdf_too_complex": (
        "Tệp PDF quá phức tạp hoặc nén bất thường (quá nhiều đối tượng hay phiên bản, hoặc dữ liệu "
        "giải nén quá lớn).",
        "The PDF is too complex or abnormally compressed (too many objects or revisions, or "
        "streams that expand too far).",
    ),
    "image_malformed": (
        "Tệp ảnh bị hỏng hoặc không phải ảnh PNG/JPEG.",
        "The image is damaged or not a PNG/JPEG image.",
    ),
    "image_too_large": (
        "Ảnh quá lớn (tối đa {max} điểm ảnh).",
        "The image is too large (at most {max} pixels).",
    ),
    "upload_markup": (
        "Tệp chứa mã trang web (HTML, SVG, script), không được chấp nhận.",
        "The file contains web page markup (HTML, SVG, script), which is not accepted.",
    ),
    "xml_too_deep": (
        "Tệp XML lồng nhau quá sâu (tối đa {max} cấp).",
        "The XML file is nested too deeply (at most {max} levels).",
    ),
    "xml_too_many_elements": (
        "Tệp có quá nhiều phần tử XML để kiểm tra (tối đa {max}).",
        "The file has too many XML elements to check (at most {max}).",
    ),
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
    # signatures: wrapping and keys
    "signing_key_unusable": (
        "Không có khoá ký số dùng được cho cơ quan {agency}: tệp khoá không mở được bằng mật "
        "khẩu đã cấu hình (HOTRO_SIGNING_PASSPHRASE). Chưa có gì thay đổi; quản trị viên cần "
        "kiểm tra khoá.",
        "No usable signing key for agency {agency}: the key file does not open with the "
        "configured passphrase (HOTRO_SIGNING_PASSPHRASE). Nothing was changed; an "
        "administrator must check the key.",
    ),
    "signing_key_passphrase_empty": (
        "Không có khoá ký số dùng được cho cơ quan {agency}: khi vận hành thật, khoá phải có "
        "mật khẩu (HOTRO_SIGNING_PASSPHRASE đang để trống). Chưa có gì thay đổi.",
        "No usable signing key for agency {agency}: in production a key needs a passphrase "
        "(HOTRO_SIGNING_PASSPHRASE is empty). Nothing was changed.",
    ),
    "signing_key_passphrase_demo": (
        "Không có khoá ký số dùng được cho cơ quan {agency}: mật khẩu khoá là mật khẩu công "
        "khai của bản trình diễn, không dùng khi vận hành thật. Chưa có gì thay đổi.",
        "No usable signing key for agency {agency}: its passphrase is the demo's, which is "
        "published, and not for production. Nothing was changed.",
    ),
    "signing_key_unencrypted": (
        "Không có khoá ký số dùng được cho cơ quan {agency}: tệp khoá không được mã hoá (mở được "
        "không cần mật khẩu), không dùng khi vận hành thật. Chưa có gì thay đổi.",
        "No usable signing key for agency {agency}: the key file is not encrypted (it opens "
        "without a passphrase), which production does not allow. Nothing was changed.",
    ),
    # web security and tokens
    "environment_unknown": (
        "HOTRO_ENV phải là production hoặc demo (đang là “{value}”).",
        "HOTRO_ENV must be production or demo (it is “{value}”).",
    ),
    "secret_key_unsafe": (
        "Môi trường production (HOTRO_ENV, mặc định) không khởi động với khóa bí mật có sẵn "
        "hoặc quá ngắn: đặt HOTRO_SECRET_KEY là một chuỗi ngẫu nhiên riêng, ít nhất 50 ký tự "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); bản demo và máy "
        "phát triển đặt HOTRO_ENV=demo.",
        "Production (HOTRO_ENV, the default) does not start with the embedded or a short "
        "secret key: set HOTRO_SECRET_KEY to a random string of your own, at least 50 "
        "characters (python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); the demo "
        "and development machines set HOTRO_ENV=demo.",
    ),
    "debug_in_production": (
        "Môi trường production không khởi động với HOTRO_DEBUG bật (lộ thông tin lỗi).",
        "Production does not start with HOTRO_DEBUG on (it shows tracebacks).",
    ),
    "token_expired": (
        "Mã truy cập đã hết hạn; hãy tạo mã mới.",
        "The token has expired; make a new one.",
    ),
    "token_revoked": ("Mã truy cập đã bị thu hồi.", "The token has been revoked."),
    "token_read_only": (
        "Mã truy cập này chỉ được đọc (GET); thao tác này cần mã có quyền ghi (write).",
        "This token may only read (GET); this needs a token with the write scope.",
    ),
    "token_scope_role": (
        "Vai trò của bạn không được cấp mã truy cập có quyền “{scope}”.",
        "Your role may not have a token with the “{scope}” scope.",
    ),
    "token_days": (
        "Thời hạn của mã truy cập phải từ 1 đến {max} ngày.",
        "A token lasts from 1 to {max} days.",
    ),
    "token_needs_session": (
        "Mã truy cập mới chỉ được tạo từ phiên đăng nhập, không phải bằng một mã truy cập khác.",
        "A new token is made from a logged-in session, not with another token.",
    ),
    "token_needs_second_factor": (
        "Cán bộ chỉ được tạo mã truy cập sau khi đã xác thực hai lớp.",
        "Staff may make a token only after proving the second factor.",
    ),
    # abuse: limits and lookups
    "rate_limited_title": ("Quá nhiều yêu cầu", "Too many requests"),
    "rate_limited": (
        "Có quá nhiều yêu cầu loại này trong thời gian ngắn. Vui lòng thử lại sau {minutes} phút.",
        "Too many requests of this kind in a short time. Please try again in {minutes} minutes.",
    ),
    "back_home": ("Về trang chủ", "Back to the home page"),
    "body_too_large": (
        "Nội dung gửi lên quá lớn (tối đa {limit} byte).",
        "The request body is too large (at most {limit} bytes).",
    ),
    "pending_uploads_full": (
        "Bạn đang có {count} tệp đã tải lên nhưng chưa gắn vào hồ sơ nào ({megabytes} MB; tối đa "
        "{max_count} tệp hoặc {max_megabytes} MB). Hãy nộp hồ sơ với các tệp đó; tệp không dùng "
        "đến sẽ tự xóa sau {hours} giờ.",
        "You hold {count} uploads not yet attached to a dossier ({megabytes} MB; at most "
        "{max_count} files or {max_megabytes} MB). Submit a dossier with them; unused uploads "
        "are deleted after {hours} hours.",
    ),
    # binding
    "binding_applicants_only": (
        "Chỉ tài khoản người nộp hồ sơ mới liên kết với mã số thuế.",
        "Only applicant accounts are bound to a tax code.",
    ),
    "binding_challenges_open": (
        "Tài khoản đang có {max} mã xác minh chưa dùng; hãy dùng một mã hoặc chờ mã hết hạn.",
        "This account has {max} unused challenges; use one or wait until they expire.",
    ),
    "binding_challenge_unknown": (
        "Không tìm thấy mã xác minh này trong tài khoản của bạn.",
        "No such challenge for your account.",
    ),
    "binding_challenge_used": (
        "Mã xác minh này đã được dùng. Hãy lấy mã xác minh mới.",
        "This challenge has been used already. Ask for a new one.",
    ),
    "binding_challenge_expired": (
        "Mã xác minh đã hết hạn lúc {expired}. Hãy lấy mã xác minh mới.",
        "This challenge expired at {expired}. Ask for a new one.",
    ),
    "binding_file_unreadable": (
        "Tệp không phải văn bản PDF đã ký số hoặc chữ ký CMS/PKCS#7 (.p7s) đọc được.",
        "The file is neither a signed PDF nor a readable CMS/PKCS#7 signature (.p7s).",
    ),
    "binding_unsigned": (
        "Tệp chưa được ký số.",
        "The file carries no digital signature.",
    ),
    "binding_signature_tampered": (
        "Tệp đã bị thay đổi sau khi ký, hoặc chữ ký số không hợp lệ.",
        "The file was changed after signing, or its signature is not valid.",
    ),
    "binding_signature_untrusted": (
        "Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực chữ ký số được tin cậy cấp.",
        "The certificate was not issued by a trusted certification authority.",
    ),
    "binding_signature_expired": (
        "Chứng thư số đã hết hạn hoặc chưa có hiệu lực.",
        "The certificate has expired or is not valid yet.",
    ),
    "binding_signature_revoked": (
        "Chứng thư số đã bị thu hồi.",
        "The certificate has been revoked.",
    ),
    "binding_signature_invalid": (
        "Chữ ký số không hợp lệ ({indication}, {sub}).",
        "The signature is not valid ({indication}, {sub}).",
    ),
    "binding_signer_mismatch": (
        "Tệp không được ký bằng chứng thư số của doanh nghiệp có mã số thuế {tax_code} "
        "(mã số thuế trên chứng thư: {found}).",
        "The file is not signed with the certificate of the enterprise with tax code "
        "{tax_code} (tax code in the certificate: {found}).",
    ),
    "binding_nonce_missing": (
        "Nội dung đã ký không chứa mã xác minh {token} của yêu cầu này. Hãy ký đúng tệp đã tải về.",
        "What was signed does not carry this challenge's code {token}. Sign the file you "
        "downloaded.",
    ),
    "binding_method_unknown": (
        "Cách xác minh không được hỗ trợ.",
        "This way of binding is not supported.",
    ),
    "binding_sso_issuer": (
        "Kết quả đăng nhập không đến từ hệ thống định danh đã cấu hình.",
        "The sign-on result does not come from the configured identity issuer.",
    ),
    "binding_one_identifier": (
        "Cần đúng một trong hai: mã số thuế hoặc số định danh cá nhân.",
        "Exactly one of a tax code or a national ID number is needed.",
    ),
    "tax_code_not_bound": (
        "Tài khoản của bạn đã được xác minh cho mã số thuế {bound}, không được nộp hồ sơ cho "
        "mã số thuế {tax_code}. Hãy xác minh thêm mã số thuế này, hoặc dùng tài khoản của "
        "doanh nghiệp đó.",
        "Your account is bound to tax code {bound} and may not file for tax code {tax_code}. "
        "Bind this tax code too, or use that enterprise's account.",
    ),
}


def render(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    vi, en = MESSAGES.get(code, MESSAGES["bad_request"])
    template = en if lang == "en" else vi
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template
