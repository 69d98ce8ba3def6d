"""Words for the codes the system stores, in one place: code -> (Vietnamese, English). Pages
read them through the `label` template filter, documents in Vietnamese through `vi`. A code
without a label is shown by the `fallback` of its kind, never as itself: nothing a person
reads carries a machine word such as `TOTAL_PASSED` or `(applicant)`."""

from __future__ import annotations

from typing import Literal

Kind = Literal["indication", "sub_indication", "role"]

# ETSI EN 319 102-1 verdicts of a signature.
INDICATION: dict[str, tuple[str, str]] = {
    "TOTAL_PASSED": ("Hợp lệ", "Valid"),
    "TOTAL_FAILED": ("Không hợp lệ", "Not valid"),
    "INDETERMINATE": ("Chưa xác định", "Indeterminate"),
}

# Their sub-indications (and ILLEGAL_MODIFICATION, ours), in the words of the reader.
SUB_INDICATION: dict[str, tuple[str, str]] = {
    "FORMAT_FAILURE": ("chữ ký không đúng định dạng", "the signature is malformed"),
    "HASH_FAILURE": (
        "nội dung tệp đã bị thay đổi sau khi ký",
        "the file was changed after it was signed",
    ),
    "SIG_CRYPTO_FAILURE": ("giá trị chữ ký không khớp", "the signature value does not match"),
    "ILLEGAL_MODIFICATION": (
        "tệp bị sửa đổi sau khi ký theo cách chữ ký không cho phép",
        "the file was modified after signing in a way the signature does not allow",
    ),
    "REVOKED": ("chứng thư số đã bị thu hồi", "the certificate was revoked"),
    "REVOKED_NO_POE": (
        "chứng thư số đã bị thu hồi trước thời điểm có thể chứng minh",
        "the certificate was revoked before any proof of existence",
    ),
    "REVOKED_CA_NO_POE": (
        "chứng thư số của tổ chức cung cấp dịch vụ đã bị thu hồi",
        "the provider's certificate was revoked",
    ),
    "EXPIRED": ("chứng thư số đã hết hạn", "the certificate has expired"),
    "NOT_YET_VALID": ("chứng thư số chưa có hiệu lực", "the certificate is not yet valid"),
    "OUT_OF_BOUNDS_NO_POE": (
        "chữ ký nằm ngoài thời hạn hiệu lực của chứng thư số",
        "signed outside the certificate's validity",
    ),
    "OUT_OF_BOUNDS_NOT_REVOKED": (
        "chữ ký nằm ngoài thời hạn hiệu lực của chứng thư số",
        "signed outside the certificate's validity",
    ),
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "chứng thư số không do tổ chức được tin cậy cấp",
        "the certificate was not issued by a trusted provider",
    ),
    "NO_SIGNING_CERTIFICATE_FOUND": (
        "không tìm thấy chứng thư số của người ký",
        "the signer's certificate was not found",
    ),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": (
        "không kiểm tra được chuỗi chứng thư số",
        "the certificate chain could not be checked",
    ),
    "CHAIN_CONSTRAINTS_FAILURE": (
        "chuỗi chứng thư số không đáp ứng yêu cầu",
        "the certificate chain does not meet the requirements",
    ),
    "SIG_CONSTRAINTS_FAILURE": (
        "chứng thư số không dùng để ký được",
        "the certificate may not be used for signing",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE": (
        "thuật toán ký không còn an toàn",
        "the signing algorithm is no longer safe",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": (
        "thuật toán ký không còn an toàn",
        "the signing algorithm is no longer safe",
    ),
    "TRY_LATER": (
        "chưa có thông tin thu hồi chứng thư số, sẽ kiểm tra lại",
        "no revocation information yet; to be checked again",
    ),
    "NO_POE": ("không chứng minh được thời điểm ký", "no proof of the signing time"),
    "SIGNED_DATA_NOT_FOUND": ("không tìm thấy nội dung được ký", "the signed data was not found"),
    "TIMESTAMP_ORDER_FAILURE": ("dấu thời gian không hợp lệ", "the time-stamps are out of order"),
    "GENERIC": ("lỗi khác", "another problem"),
}

# Who acted on a dossier, as the events' labels name the role.
ROLE: dict[str, tuple[str, str]] = {
    "applicant": ("người nộp hồ sơ", "applicant"),
    "officer": ("cán bộ xử lý", "officer"),
    "supervisor": ("cán bộ giám sát", "supervisor"),
    "admin": ("quản trị hệ thống", "administrator"),
    "system": ("hệ thống", "the system"),
    "generator": ("hệ thống", "the system"),
}

_TABLES: dict[Kind, dict[str, tuple[str, str]]] = {
    "indication": INDICATION,
    "sub_indication": SUB_INDICATION,
    "role": ROLE,
}
# What an unknown code of each kind reads as ("" leaves it out).
_FALLBACK: dict[Kind, tuple[str, str]] = {
    "indication": ("Chưa xác định", "Indeterminate"),
    "sub_indication": ("", ""),
    "role": ("", ""),
}


def label(kind: Kind, code: object, lang: str = "vi") -> str:
    """The words for `code` of `kind` in `lang` ("vi" or "en")."""
    if code in (None, ""):
        return ""
    vi, en = _TABLES[kind].get(str(code), _FALLBACK[kind])
    return en if lang == "en" else vi


def vi(kind: Kind, code: object) -> str:
    return label(kind, code, "vi")


def actor_vi(actor_label: str, *, with_role: bool = True) -> str:
    """An event's stored actor label ("Trần Thị Mai (officer)", "system") as a document prints
    it: "Trần Thị Mai (cán bộ xử lý)", "Hệ thống". The stored label is part of the hash chain
    of the history and is never rewritten; only its reading changes."""
    name, _, rest = actor_label.rpartition(" (")
    if name and rest.endswith(")"):
        role = vi("role", rest[:-1])
        return f"{name} ({role})" if role and with_role else name
    role = vi("role", actor_label)
    return role[:1].upper() + role[1:] if role else actor_label
