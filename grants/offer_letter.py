"""The grant offer letter as a PDF (fpdf2: pure Python, no system libraries). The same letter the group
downloads before signing; once accepted, the copy with the signature block filled in is kept with the
grant as the signed record."""

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from .models import Offer
from .money import pounds
from .services.offer_rules import DECLARATIONS, terms_sections

PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"})


def _text(value) -> str:
    # The PDF's built-in Helvetica has Latin-1 only: curly quotes become straight, anything else a "?".
    return str(value).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Letter(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("helvetica", size=8)
        self.cell(0, 10, _text(f"Knowsley Council, social sector fund. Page {self.page_no()}"), align="C")


def _heading(pdf: FPDF, text: str, size: int = 13):
    pdf.ln(3)
    pdf.set_font("helvetica", "B", size)
    pdf.multi_cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)


def _para(pdf: FPDF, text: str):
    pdf.multi_cell(0, 6, _text(text), new_x="LMARGIN", new_y="NEXT")


def offer_letter_pdf(offer: Offer) -> bytes:
    """The offer letter for this version of the offer, signed if it has been accepted."""
    application = offer.application
    pdf = _Letter(format="A4")
    pdf.set_title(_text(f"Grant offer {application.reference}"))
    pdf.set_author("Knowsley Council")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    _heading(pdf, "Knowsley Better Together: grant offer", 16)
    _para(pdf, f"Reference: {application.reference} (offer version {offer.version})")
    _para(pdf, f"To: {application.organisation.name}")
    _para(pdf, f"Project: {application.title}")
    if offer.expires_on:
        _para(pdf, f"Accept by: {offer.expires_on:%-d %B %Y}")
    _heading(pdf, "What we are offering")
    _para(pdf, f"A grant of {pounds(offer.amount)} from the {application.strand.name} strand.")
    if application.summary:
        _para(pdf, application.summary)
    _heading(pdf, "When the money is paid")
    _para(pdf, offer.payment_summary)
    _heading(pdf, "When reports are due")
    _para(pdf, offer.reporting_summary)
    if offer.special_conditions_list:
        _heading(pdf, "Special conditions")
        for line in offer.special_conditions_list:
            _para(pdf, f"- {line}")
    _heading(pdf, f"Terms and conditions (version {offer.terms.version})")
    for heading, lines in terms_sections(offer.terms.text):
        pdf.set_font("helvetica", "B", 11)
        _para(pdf, heading)
        pdf.set_font("helvetica", size=11)
        for line in lines:
            _para(pdf, f"- {line}")
    _heading(pdf, "Declarations")
    for _, text in DECLARATIONS:
        _para(pdf, f"[{'x' if offer.accepted_at else ' '}] {text}")
    _heading(pdf, "Signed for the organisation")
    if offer.accepted_at:
        accepted = timezone.localtime(offer.accepted_at)
        _para(pdf, f"Name: {offer.signed_name}")
        _para(pdf, f"Position: {offer.signed_position}")
        _para(pdf, f"Accepted online on {accepted:%-d %B %Y at %H:%M} by the account {offer.accepted_by.email}.")
    else:
        _para(pdf, "Not yet accepted. A signatory of your organisation accepts this offer online.")
    _heading(pdf, "Questions")
    _para(pdf, f"Email {settings.FUND_TEAM_EMAIL} or phone {settings.FUND_TEAM_PHONE}.")
    return bytes(pdf.output())
