"""Messages: Web security and tokens, rate limits and lookups, bad input refused at the edge."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
    "token_unknown": (
        "Mã truy cập không đúng hoặc của một tài khoản đã bị khoá.",
        "The token is wrong, or belongs to an account that is disabled.",
    ),
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
