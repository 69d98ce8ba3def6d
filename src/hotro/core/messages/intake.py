"""Messages: The catalog, intake, and the structure checks of uploaded files."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # catalog and intake
    "policy_not_found": ("Không có chính sách mã {code}.", "No policy with code {code}."),
    "policy_not_open": (
        "Chính sách {name} (Quyết định số {decision}) hiện không nhận hồ sơ.",
        "The policy {name} (Decision {decision}) takes no dossiers at present.",
    ),
    "policy_closed": (
        "Chính sách {name} (Quyết định số {decision}) đã hết thời hạn nộp hồ sơ: hồ sơ được "
        "nhận từ ngày {opens} đến hết ngày {closes}, hôm nay là ngày {day}.",
        "The policy {name} (Decision {decision}) is closed: dossiers were taken from {opens} "
        "to {closes} included, and today is {day}.",
    ),
    "policy_not_yet_open": (
        "Chính sách {name} (Quyết định số {decision}) chưa nhận hồ sơ: thời hạn nộp bắt đầu "
        "từ ngày {opens}, hôm nay là ngày {day}.",
        "The policy {name} (Decision {decision}) does not take dossiers yet: filing opens on "
        "{opens}, and today is {day}.",
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
    "national_id_century": (
        "Chữ số thứ 4 của số CCCD ({digit}) là của người sinh từ năm {from_year} đến năm "
        "{to_year}, không khớp với ngày sinh {born}.",
        "The 4th digit of the CCCD ({digit}) is for someone born from {from_year} to {to_year}, "
        "which does not match the date of birth {born}.",
    ),
    "national_id_birth_year": (
        "Chữ số thứ 5 và 6 của số CCCD ({digits}) phải là hai số cuối của năm sinh ({year}).",
        "Digits 5 and 6 of the CCCD ({digits}) must be the last two digits of the year of "
        "birth ({year}).",
    ),
    "national_id_sex": (
        "Chữ số thứ 4 của số CCCD ({digit}) không khớp với giới tính đã ghi (số chẵn: nam, "
        "số lẻ: nữ).",
        "The 4th digit of the CCCD ({digit}) does not match the sex given (even: male, odd: "
        "female).",
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
        "Tệp {filename} là {kind_vi}; thành phần “{name}” chỉ nhận {allowed_vi}.",
        "The file {filename} is {kind_en}; “{name_en}” takes only {allowed_en}.",
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
    # documents
    "font_missing": (
        "Máy chủ thiếu phông chữ tiếng Việt để lập văn bản ({missing}); quản trị viên cần cài "
        "gói fonts-liberation2. Chưa có gì thay đổi.",
        "The server lacks the Vietnamese typeface documents are set in ({missing}); an "
        "administrator must install the package fonts-liberation2. Nothing was changed.",
    ),
}
