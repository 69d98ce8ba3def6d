"""The API's input and output shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


def dossier_links(*statuses: int) -> dict[str, Any]:
    """OpenAPI links from an answer that is a dossier (DossierOut) to what can be done with
    it next: read it, act on it, its history, its first document, its slip, its public
    status. Clients (and the stateful fuzzer) follow them."""
    code = "$response.body#/code"
    links = {
        "GetDossier": {
            "operationId": "hotro_api_dossiers_dossier_detail",
            "parameters": {"code": code},
        },
        "ActOnDossier": {"operationId": "hotro_api_actions_act", "parameters": {"code": code}},
        "DossierEvents": {"operationId": "hotro_api_actions_events", "parameters": {"code": code}},
        "DossierDocument": {
            "operationId": "hotro_api_actions_document_file",
            "parameters": {"code": code, "doc_id": "$response.body#/documents/0/id"},
        },
        "ProcessControlSlip": {
            "operationId": "hotro_api_actions_process_control",
            "parameters": {"code": code},
        },
        "PublicStatus": {
            "operationId": "hotro_api_dossiers_public_dossier",
            "parameters": {"code": code},
        },
    }
    return {"responses": {status: {"links": links} for status in statuses}}


class Problem(Schema):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    instance: str
    rule: str | None = None
    errors: list[dict[str, Any]] | None = None


class StepOut(Schema):
    key: str
    name: str
    name_en: str
    agency_kind: str
    working_days: int
    confidence: str


class ComponentOut(Schema):
    key: str
    name: str
    name_en: str
    required: bool
    signer: str
    form: str
    media_types: list[str]


class PolicySummary(Schema):
    code: str
    name: str
    name_en: str
    decision: str
    decision_number: str = Field(description="As cited, e.g. 23/2021/QĐ-TTg")
    title: str = Field(description="The name with its decision's number, as lists show it")
    applicant_kind: str
    receiving_agency_kind: str
    code_prefix: str
    period_start: dt.date
    period_end: dt.date
    filing_opens: dt.date = Field(description="The filing window's first day")
    filing_deadline: dt.date | None = Field(description="Its last day (null: none in the catalog)")
    open: bool = Field(description="Whether the window is open today")
    total_working_days: int
    confidence: str


class PolicyOut(PolicySummary):
    summary: str
    summary_en: str
    legal_basis: str = Field(description="As it stands today: amending acts from their day")
    procedure_code: str
    has_beneficiaries: bool
    max_beneficiaries: int
    applicant_fields: list[dict[str, Any]]
    beneficiary_fields: list[dict[str, Any]]
    amount_rule: dict[str, Any]
    documents: list[ComponentOut]
    steps: list[StepOut]
    confidence_note: str


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    province_code: int | None
    district_code: int | None
    ward_code: int | None
    valid_from: dt.date
    valid_to: dt.date | None


class AgencyPage(Schema):
    items: list[AgencyOut]
    next_cursor: str | None


class ReasonOut(Schema):
    code: str
    kind: str
    text: str
    text_en: str


class SignerOut(Schema):
    common_name: str
    organisation: str
    tax_code: str = Field(description="MST from the certificate subject's UID")
    id_number: str = Field(description="CMND/CCCD number, when the certificate carries one")
    issuer: str
    serial: str
    not_before: str
    not_after: str


class SignatureOut(Schema):
    indication: str = Field(description="TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED")
    sub_indication: str = Field(description="ETSI EN 319 102-1 sub-indication, when not passed")
    message: str
    kind: str = Field(description="PAdES, PDF, XMLDSig or XAdES")
    field_name: str
    signer: SignerOut
    signing_time: str | None
    timestamp: str | None = Field(description="Time of an RFC 3161 timestamp, if any")
    coverage: str = Field(description="ENTIRE_FILE, ENTIRE_REVISION (later updates) or PARTIAL")
    modification: str
    chain: list[str] = Field(description="Certificate path, trust anchor first")
    revocation: str


class SignatureReportOut(Schema):
    indication: str | None = Field(description="The worst of the signatures; null: unsigned")
    validated_at: str
    proof_of_existence: str = Field(description="When the system received the file")
    error: str = Field(description="malformed, encrypted, doctype: the file could not be read")
    signatures: list[SignatureOut]


class DocumentOut(Schema):
    id: str
    component: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    signature_verdict: str | None
    signature_status: str = Field(description="pending, unsigned or validated")
    signer_party: str = Field(
        description="right: a valid signature of the party the policy names; wrong: valid, "
        "but of another party; unproven: of the applicant the form names, but the account "
        "that filed is not bound to it (R2 does not apply); empty: not known"
    )
    signature_report: SignatureReportOut | None


class DocumentRefIn(Schema):
    component: str = Field(max_length=60)
    upload_id: str = Field(max_length=64)


class DossierIn(Schema):
    policy_code: str = Field(max_length=40, pattern=r"^[A-Za-z0-9._-]+$")
    agency_code: str = Field(max_length=32, pattern=r"^[A-Za-z0-9._-]+$")
    applicant: dict[str, Any]
    beneficiaries: list[dict[str, Any]] = Field(default_factory=list, max_length=10_000)
    documents: list[DocumentRefIn] = Field(default_factory=list, max_length=50)
    channel: Literal["online", "in_person", "postal"] = "online"


class BeneficiaryOut(Schema):
    position: int
    national_id: str
    full_name: str
    date_of_birth: dt.date | None
    social_insurance_no: str
    amount: int | None
    status: str
    data: dict[str, Any]


class HolderOut(Schema):
    code: str = Field(description="Identifier code of the agency (Decision 20/2020/QĐ-TTg)")
    name: str


class DossierSummary(Schema):
    code: str
    policy_code: str
    agency_code: str = Field(description="The receiving agency")
    agency_name: str
    applicant_name: str
    status: str
    status_label: str
    portal_status: int
    current_step: str = Field(
        description="Key of the policy's step the dossier is at (GET /catalog/policies/{code} "
        "lists the steps): before receipt, the first step, which the receiving agency's desk "
        "must receive the dossier into"
    )
    current_step_name: str = Field(description="The step's name")
    holder: HolderOut | None = Field(
        description="The agency holding the dossier now, whose officers act on it: the "
        "receiving agency until receipt, then the agency of the current step. Null once "
        "the dossier is finished (refused, rejected, withdrawn, or its result returned)"
    )
    channel: str
    submitted_at: dt.datetime
    received_on: dt.date
    due_date: dt.date
    finished_at: dt.datetime | None
    beneficiary_count: int
    total_amount: int | None
    overdue: bool
    working_days_left: int | None
    applicant_verified: bool = Field(
        description="Whether the filer was proven, at submission, to act for the applicant's "
        "tax code (or national ID): false is a warning to the officer"
    )
    applicant_verified_by: str = Field(
        description="certificate (a signed challenge), sso (the national sign-on), desk "
        "(filed by an officer); empty: not proven"
    )


class DossierOut(DossierSummary):
    applicant: dict[str, Any]
    beneficiaries: list[BeneficiaryOut]
    documents: list[DocumentOut]


class DossierPage(Schema):
    items: list[DossierSummary]
    next_cursor: str | None


class PublicDossierOut(Schema):
    """What anyone holding the code may see: no personal data, and of a refusal, rejection
    or withdrawal only the catalog's reason, never the text its author wrote (the applicant
    reads that on GET /dossiers/{code}/events)."""

    code: str
    policy_code: str
    policy_name: str
    policy_decision_number: str
    agency_code: str
    agency_name: str
    status: str
    status_label: str
    portal_status: int
    submitted_on: dt.date = Field(description="The day it was submitted (Vietnam time)")
    received_on: dt.date | None = Field(
        description="The day of receipt: null until an officer received the dossier (and for "
        "one refused at receipt)"
    )
    due_date: dt.date | None = Field(
        description="The appointment for the result, given at receipt: null before"
    )
    finished_at: dt.datetime | None
    reason_code: str | None = None
    reason_label: str | None = Field(
        None, description="The catalog's wording of the reason (GET /catalog/reasons)"
    )
    reason_label_en: str | None = None


class ParsedListOut(Schema):
    beneficiaries: list[dict[str, Any]]
    rows: list[int]
    errors: list[dict[str, Any]]


class DueDateOut(Schema):
    start: dt.date
    days: int
    due_date: dt.date
