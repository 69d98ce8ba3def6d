"""Messages: the import of officers from a spreadsheet (accounts.officers). Each names the row
and the column as the file's author sees them in Excel (the row number, the column letter and
the heading they wrote)."""

from __future__ import annotations

_AT = "Dòng {row}, cột {column}: "
_AT_EN = "Row {row}, column {column}: "

MESSAGES: dict[str, tuple[str, str]] = {
    "officers_file_type": (
        "Tệp cán bộ phải là tệp Excel (.xlsx) hoặc CSV (UTF-8).",
        "The officers' file must be an Excel (.xlsx) or CSV (UTF-8) file.",
    ),
    "officers_unreadable": (
        "Không đọc được tệp cán bộ: tệp Excel bị hỏng hoặc không đúng cấu trúc.",
        "The officers' file cannot be read: the Excel file is damaged or malformed.",
    ),
    "officers_csv_encoding": (
        "Tệp CSV không mã hóa UTF-8: trong Excel hãy lưu lại với kiểu “CSV UTF-8”.",
        "The CSV file is not UTF-8: in Excel save it again as “CSV UTF-8”.",
    ),
    "officers_extent": (
        "Tệp cán bộ quá lớn: tối đa {rows} dòng và {cols} cột; hãy chia thành nhiều tệp.",
        "The officers' file is too large: at most {rows} rows and {cols} columns; split it.",
    ),
    "officers_header": (
        "Dòng tiêu đề (dòng {row}) thiếu cột: {missing}. Tệp cần các cột Họ và tên, Mã cơ "
        "quan, Vai trò, Thư điện tử, Thủ trưởng.",
        "The header row (row {row}) lacks the columns: {missing}. The file needs the columns "
        "Họ và tên, Mã cơ quan, Vai trò, Thư điện tử, Thủ trưởng.",
    ),
    "officers_header_missing": (
        "Không thấy dòng tiêu đề trong 5 dòng đầu. Tệp cần các cột Họ và tên, Mã cơ quan, "
        "Vai trò, Thư điện tử, Thủ trưởng.",
        "No header row in the first 5 rows. The file needs the columns Họ và tên, Mã cơ "
        "quan, Vai trò, Thư điện tử, Thủ trưởng.",
    ),
    "officers_empty": (
        "Tệp không có dòng cán bộ nào dưới dòng tiêu đề.",
        "The file has no officer below its header row.",
    ),
    "officers_required": (_AT + "chưa điền.", _AT_EN + "empty."),
    "officers_too_long": (
        _AT + "dài quá {max} ký tự.",
        _AT_EN + "longer than {max} characters.",
    ),
    "officers_agency_unknown": (
        _AT + "không có cơ quan nào mang mã {value}.",
        _AT_EN + "no agency has the code {value}.",
    ),
    "officers_role_unknown": (
        _AT + "“{value}” không phải vai trò; điền Cán bộ xử lý hoặc Cán bộ giám sát.",
        _AT_EN + "“{value}” is no role; write Cán bộ xử lý (officer) or Cán bộ giám sát "
        "(supervisor).",
    ),
    "officers_email_invalid": (
        _AT + "“{value}” không phải địa chỉ thư điện tử.",
        _AT_EN + "“{value}” is not an e-mail address.",
    ),
    "officers_head_invalid": (
        _AT + "điền Có hoặc để trống (không hiểu “{value}”).",
        _AT_EN + "write Có (yes) or leave it empty (“{value}” is not understood).",
    ),
    "officers_head_not_officer": (
        _AT + "chỉ cán bộ xử lý mới được đánh dấu là thủ trưởng.",
        _AT_EN + "only an officer (cán bộ xử lý) may be marked as the head.",
    ),
    "officers_username_invalid": (
        _AT + "tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự @ . + - _.",
        _AT_EN + "a user name has only unaccented letters, digits and @ . + - _.",
    ),
    "officers_duplicate": (
        _AT + "“{value}” đã có ở dòng {first}.",
        _AT_EN + "“{value}” is already on row {first}.",
    ),
    "officers_account_taken": (
        _AT + "tài khoản “{value}” đã có và không phải tài khoản cán bộ.",
        _AT_EN + "the account “{value}” exists and is not an officer's.",
    ),
    "officers_more_errors": (
        "… và {count} lỗi khác (sửa các lỗi trên rồi nhập lại để xem tiếp).",
        "… and {count} more errors (fix the ones above and import again to see them).",
    ),
    "officers_imported": (
        "Đã nhập {rows} dòng: tạo mới {created}, cập nhật {updated}, không đổi {unchanged} "
        "tài khoản.",
        "Imported {rows} rows: {created} accounts created, {updated} updated, {unchanged} "
        "unchanged.",
    ),
    "officers_checked": (
        "Tệp hợp lệ ({rows} dòng): khi nhập sẽ tạo mới {created}, cập nhật {updated}, không "
        "đổi {unchanged} tài khoản. Chưa ghi gì.",
        "The file is valid ({rows} rows): importing it will create {created} accounts, update "
        "{updated} and leave {unchanged} unchanged. Nothing was written.",
    ),
    "officers_refused": (
        "Chưa nhập cán bộ nào: tệp có {count} lỗi.",
        "No officer was imported: the file has {count} errors.",
    ),
}
