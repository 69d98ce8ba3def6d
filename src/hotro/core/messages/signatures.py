"""Messages: Signatures (wrapping, agency keys) and the binding of accounts to who they act for."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # signatures: wrapping and keys
    "dispatch_compose_failed": (
        "Hệ thống gặp lỗi khi soạn, ký hoặc lưu công văn nên chưa ban hành; chưa có gì được gửi "
        "đi. Đề nghị thử lại sau hoặc báo quản trị hệ thống.",
        "The system failed while composing, signing or storing the dispatch, so it was not "
        "issued and nothing was sent. Try again later or tell the administrator.",
    ),
    "dispatch_signing_key_missing": (
        "Chưa cấu hình khoá ký số cho {name} ({agency}): công văn của cơ quan phải được ký số "
        "nên chưa thể ban hành. Chưa có gì thay đổi; đề nghị quản trị hệ thống cài đặt khoá ký "
        "số của cơ quan.",
        "No signing key is configured for {name} ({agency}): an agency's dispatch must be "
        "signed, so it cannot be issued. Nothing was changed; ask the administrator to install "
        "the agency's signing key.",
    ),
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
    "signature_uncovered": (
        "Chữ ký số không bao trùm toàn bộ văn bản: {why}.",
        "The digital signature does not cover the whole document: {why}.",
    ),
}
