"""A posted invoice is corrected by posted credit notes, never beyond what it billed."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.returns import ReturnItem, correct_invoice, take_back
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.errors import Conflict, Invalid
from tests.scenarios.test_returns import count, shop  # noqa: F401  (fixture)

D = Decimal


@pytest.fixture
def billed(company, shop):  # noqa: F811
    """Order of 5 pumps and 2.5 hours with 15.00 freight, delivered and billed (RE000001)."""
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=shop["bau"], doc_date=date(2026, 3, 2),
            lines=[LineInput(article_id=shop["pump"], quantity=D("5")),
                   LineInput(article_id=shop["hours"], quantity=D("2.5"))],
            charges=[ChargeInput(kind="freight", text="Fracht", amount=D("15.00"))]))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=date(2026, 3, 2))
        invoice = post_document(session, ctx, convert(session, ctx, "invoice", source_document_ids=[note.id],
                                                      doc_date=date(2026, 3, 3)).id)
        assert (invoice.number, invoice.gross_total) == ("RE000001", D("786.83"))
        return {"invoice": invoice.id, "lines": [l.id for l in lines_of(session, invoice.id)],
                "delivered": [l.id for l in lines_of(session, note.id)], **shop}


def test_an_invoice_is_corrected_in_steps_and_never_beyond_what_it_billed(company, billed):
    with company.write() as (session, ctx):
        first = correct_invoice(session, ctx, billed["invoice"], [Take(source_line_id=billed["lines"][0],
                                                                       quantity=D("2"))], on=date(2026, 3, 10))
        assert (first.kind, first.number, first.state, first.variant) == ("credit_note", "GS000001", "posted", "correction")
        assert first.corrects_id == billed["invoice"]
        assert first.header_text.startswith("Invoice correction of invoice RE000001 of 03.03.2026")
        # 2 x 99.99 = 199.98, no freight on a partial correction; VAT 38.00
        assert (first.charges_net, first.net_total, first.tax_total, first.gross_total) == (
            D("0.00"), D("199.98"), D("38.00"), D("237.98"))
        assert [l.source_line_id for l in lines_of(session, first.id)] == [billed["lines"][0]]

    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            correct_invoice(session, ctx, billed["invoice"], [Take(source_line_id=billed["lines"][0], quantity=D("4"))])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("lines.0.quantity", "not_above_billed")]
    assert "billed 5, of which 3 are left to correct; 4 asked for" in str(refused.value)
    with pytest.raises(Invalid, match="is not a line of invoice RE000001"):
        with company.write() as (session, ctx):
            correct_invoice(session, ctx, billed["invoice"], [Take(source_line_id=billed["delivered"][0])])

    with company.write() as (session, ctx):
        rest = correct_invoice(session, ctx, billed["invoice"], on=date(2026, 3, 11))
        assert rest.number == "GS000002"
        assert [(l.source_line_id, l.quantity) for l in lines_of(session, rest.id)] == [
            (billed["lines"][0], D("3")), (billed["lines"][1], D("2.5"))]
        # 3 x 99.99 = 299.97 + 146.25 + freight 15.00 = 461.22; VAT 87.63
        assert (rest.charges_net, rest.net_total, rest.gross_total) == (D("15.00"), D("461.22"), D("548.85"))
        invoice = session.get(Document, billed["invoice"])
        assert first.gross_total + rest.gross_total == invoice.gross_total

    with pytest.raises(Conflict, match="invoice RE000001 is corrected in full already"):
        with company.write() as (session, ctx):
            correct_invoice(session, ctx, billed["invoice"])
    with company.read() as (session, ctx):
        assert count(session, ctx, "credit_note") == 2
        assert on_hand(session, ctx, billed["pump"]) == D("5")  # a correction moves no stock
        assert verify_ledger(session, ctx.tenant_id) == []


def test_a_credited_return_counts_against_what_is_left_to_correct(company, billed):
    with company.write() as (session, ctx):
        result = take_back(session, ctx, billed["bau"], [ReturnItem(article_id=billed["pump"], quantity=D("2"))],
                           on=date(2026, 3, 20))
        assert result.credit_note.corrects_id == billed["invoice"]
        rest = correct_invoice(session, ctx, billed["invoice"])
        assert [(l.source_line_id, l.quantity) for l in lines_of(session, rest.id)] == [
            (billed["lines"][0], D("3")), (billed["lines"][1], D("2.5"))]


def test_a_draft_invoice_or_a_delivery_note_is_not_corrected(company, billed):
    with company.write() as (session, ctx):
        draft = create_document(session, ctx, DocumentCreate(kind="invoice", customer_id=billed["bau"],
                                                             lines=[LineInput(article_id=billed["hours"], quantity=D("1"))]))
        note_id = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                         Document.kind == "delivery_note")).one()
        draft_id = draft.id
    with pytest.raises(Conflict, match=r"invoice \(draft \d+\) is a draft; change it instead of correcting it"):
        with company.write() as (session, ctx):
            correct_invoice(session, ctx, draft_id)
    with pytest.raises(Conflict, match="delivery note LS000001 is no invoice"):
        with company.write() as (session, ctx):
            correct_invoice(session, ctx, note_id)
    with company.read() as (session, ctx):
        assert count(session, ctx, "credit_note") == 0
