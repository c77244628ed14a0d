"""Community groups' pages, one module per stage: organisations, apply (up to sending), after_sending.

Every lookup is scoped to the signed-in person's organisations, so someone else's application,
organisation or document answers 404."""

from .after_sending import answer_info, application, dashboard, document_download, sent, withdraw
from .apply import (
    budget_line,
    budget_line_remove,
    check_answers,
    document_remove,
    eligibility,
    saved,
    section_budget,
    section_documents,
    section_group,
    section_outcomes,
    section_project,
    section_where,
    start,
)
from .councillors import comment_reply, councillors
from .offers import bank_details_change, offer, offer_accept, offer_decline, offer_pdf
from .organisations import (
    acting_organisation,
    membership_signatory,
    organisation_change,
    organisation_choose,
    organisation_create,
    organisation_detail,
    organisation_invite,
    organisation_join,
    organisations,
)

__all__ = [
    "acting_organisation",
    "bank_details_change",
    "membership_signatory",
    "offer",
    "offer_accept",
    "offer_decline",
    "offer_pdf",
    "answer_info",
    "application",
    "budget_line",
    "budget_line_remove",
    "check_answers",
    "comment_reply",
    "councillors",
    "dashboard",
    "document_download",
    "document_remove",
    "eligibility",
    "organisation_change",
    "organisation_choose",
    "organisation_create",
    "organisation_detail",
    "organisation_invite",
    "organisation_join",
    "organisations",
    "saved",
    "section_budget",
    "section_documents",
    "section_group",
    "section_outcomes",
    "section_project",
    "section_where",
    "sent",
    "start",
    "withdraw",
]
