"""Messages: Generic answers and the checks of single fields."""

from __future__ import annotations

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
        "Tệp gửi lên {detected_vi}, không được nhận. Chỉ nhận: {allowed_vi}.",
        "The file sent {detected_en}, which is not accepted. Accepted: {allowed_en}.",
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
    "date": (
        "Ngày không có thật hoặc không viết đúng dạng ngày/tháng/năm, ví dụ 15/07/2021.",
        "Not a real date, or not written day/month/year (e.g. 15/07/2021) or YYYY-MM-DD.",
    ),
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
}
