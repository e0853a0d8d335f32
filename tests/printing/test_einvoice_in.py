"""E-invoices in. Heizwerk Bayern AG (another kontor tenant, so its invoice is a real
ZUGFeRD/Factur-X file) bills Muster Haustechnik for 100 radiator valves it delivered, plus
freight. Muster reads the PDF into a supplier-invoice draft: supplier found by VAT ID, the
valves matched to the checked goods receipt through Heizwerk's article number, the freight
as a non-material line, sums checked to the cent, then booked. The same invoice again is a
duplicate, whatever its file name; a price that differs from the receipt is named."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.documents.posting import post_document
from kontor.core.einvoice.incoming import import_einvoice
from kontor.core.einvoice.models import EinvoiceImport
from kontor.core.einvoice.outgoing import einvoice_file
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.parameters import CompanyParameters, set_parameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.purchasing.checking import check_receipt
from kontor.core.purchasing.invoices import book_supplier_invoice
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    CommercialCheck, GoodsReceiptCreate, PurchaseLineInput, PurchaseOrderCreate, ReleaseRequest,
)
from kontor.errors import Conflict, Invalid
from tests.printing.print_shop import shop

D = Decimal


def heizwerk_invoice(supplier_company, syntax: str, price: str = "12.50", number_hint: int = 1) -> bytes:
    """Heizwerk's posted invoice to Muster, as the file it sends."""
    with supplier_company.write() as (session, ctx):
        set_parameters(session, ctx, CompanyParameters(
            company_name="Heizwerk Bayern AG", street="Industriestr. 9", postal_code="93055", city="Regensburg",
            vat_id="DE123456788", iban="DE02120300000000202051", email="rechnung@heizwerk.example"))
        muster = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                     Customer.number == "M-1")).first()
        if muster is None:
            muster = Customer(tenant_id=ctx.tenant_id, number="M-1", short_name="MUSTER", name1="Muster Haustechnik GmbH",
                              street="Hauptstr. 1", postal_code="90402", city="Nürnberg", vat_id="DE136695976")
            valve = Article(tenant_id=ctx.tenant_id, number="HW-4711", description="Heizkörperventil DN 15",
                            article_type="F", sales_price_1=D(price))
            session.add_all([muster, valve])
            session.flush()
        valve = session.exec(select(Article).where(Article.tenant_id == ctx.tenant_id,
                                                   Article.number == "HW-4711")).one()
        invoice = create_document(session, ctx, DocumentCreate(
            kind="invoice", customer_id=muster.id, doc_date=date(2026, 3, 20),
            lines=[LineInput(article_id=valve.id, quantity=D(100), unit_price=D(price))],
            charges=[ChargeInput(kind="freight", text="Fracht", amount=D("25.00"))]))
        post_document(session, ctx, invoice.id)
        return einvoice_file(session, ctx, invoice.id, syntax).content


def received_valves(company, ids) -> int:
    """100 valves ordered from Heizwerk at 12.50, received, released and checked."""
    with company.write() as (session, ctx):
        session.add(ArticleSupplier(tenant_id=ctx.tenant_id, article_id=ids["valve"], supplier_id=ids["supplier"],
                                    order_number="HW-4711", net_price=D("12.50")))
        session.flush()
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=ids["supplier"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=ids["valve"], quantity=D(100))]))
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 16),
                                                                 source_document_ids=[order.id]))
        release_receipt(session, ctx, receipt.id, ReleaseRequest())
        check_receipt(session, ctx, receipt.id, CommercialCheck())
        return receipt.id


@pytest.mark.parametrize("syntax", ["facturx", "cii", "ubl"])
def test_a_suppliers_e_invoice_becomes_a_checked_draft_and_is_booked(company, other_company, syntax):
    ids = shop(company)
    receipt = received_valves(company, ids)
    file = heizwerk_invoice(other_company, syntax)
    with company.write() as (session, ctx):
        result = import_einvoice(session, ctx, file, "Rechnung_RE000001.pdf")
        assert result.supplier_id == ids["supplier"] and result.supplier_invoice_number == "RE000001"
        assert result.receipt_ids == [receipt] and result.agrees, (result.check, result.line_differences)
        assert (result.check.net, result.check.tax, result.check.gross) == (D("1275.00"), D("242.25"), D("1517.25"))
        assert result.extras == ["Fracht: 25.00"]
        assert result.syntax == {"facturx": "facturx-cii", "cii": "cii", "ubl": "ubl"}[syntax]
        [line] = lines_of(session, result.document_id)
        assert (line.article_id, line.quantity) == (ids["valve"], D(100))
        booked = book_supplier_invoice(session, ctx, result.document_id)
        assert booked.state == "posted" and booked.gross_total == D("1517.25")
        kept = session.exec(select(EinvoiceImport).where(EinvoiceImport.document_id == result.document_id)).one()
        assert kept.content == file and kept.filename == "Rechnung_RE000001.pdf"


def test_the_same_invoice_again_is_a_duplicate_whatever_its_name(company, other_company):
    ids = shop(company)
    received_valves(company, ids)
    file = heizwerk_invoice(other_company, "facturx")
    with company.write() as (session, ctx):
        import_einvoice(session, ctx, file, "a.pdf")
    with company.write() as (session, ctx):
        with pytest.raises(Conflict, match="RE000001 of supplier 70001 .* is entered already"):
            import_einvoice(session, ctx, file, "ganz-anderer-name.pdf")


def test_a_price_that_differs_from_the_receipt_is_named_and_the_sums_disagree(company, other_company):
    ids = shop(company)
    received_valves(company, ids)
    file = heizwerk_invoice(other_company, "cii", price="12.60")
    with company.write() as (session, ctx):
        result = import_einvoice(session, ctx, file, "re.xml")
        assert not result.agrees
        assert result.line_differences == ["Heizkörperventil DN 15: billed at 12.6, checked at 12.5"]
        assert result.check.differences["net_amount"] == D("10.00")
        with pytest.raises(Invalid) as refused:
            book_supplier_invoice(session, ctx, result.document_id)
    assert {p.field for p in refused.value.problems} == {"net_amount", "tax_amount", "gross_amount"}


def test_unknown_suppliers_and_broken_files_are_refused(company, other_company):
    shop(company)
    file = heizwerk_invoice(other_company, "ubl")
    with company.write() as (session, ctx):
        with pytest.raises(Invalid, match="no supplier has the VAT ID DE811907980"):
            import_einvoice(session, ctx, file.replace(b"DE123456788", b"DE811907980"), "x.xml")
        with pytest.raises(Invalid, match="no well-formed XML"):
            import_einvoice(session, ctx, b"<Invoice", "x.xml")
        with pytest.raises(Invalid, match="carries no ZUGFeRD"):
            import_einvoice(session, ctx, b"%PDF-1.7\n%%EOF", "x.pdf")
