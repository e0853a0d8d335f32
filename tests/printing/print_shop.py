"""The print shop: Muster Haustechnik GmbH in Nürnberg, a heating wholesaler with its full
letterhead (VAT ID, tax number, bank, register, logo), selling to Baumeister Huber GmbH in
Munich (German documents, Leitweg-ID for e-invoices) and to Chauffage Dupont SARL in Lyon
(an EU customer without VAT: intra-Community supplies, documents in English). Articles at
19 % and 7 %, labour hours, and a serial-tracked heat pump with two pumps in stock. Every
helper makes one kind of document the way a clerk would, and returns its id.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.partial import create_final_invoice, create_partial_invoice
from kontor.core.documents.posting import post_document
from kontor.core.documents.returns import correct_invoice
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Package
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.basics.parameters import CompanyParameters, set_parameters
from kontor.core.masterdata.parties.models import Customer, CustomerContact, Supplier
from kontor.core.stock.ledger import default_warehouse
from kontor.core.stock.serial_models import SerialNumber
from kontor.core.stock.serials import assign_numbers
from kontor.core.stock.services import book_opening_stock

D = Decimal
DAY = date(2026, 3, 2)


def logo_data_url() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def letterhead(company, **extra) -> None:
    with company.write() as (session, ctx):
        set_parameters(session, ctx, CompanyParameters(
            company_name="Muster Haustechnik GmbH", street="Hauptstr. 1", postal_code="90402", city="Nürnberg",
            country_code="DE", vat_id="DE136695976", tax_number="241/114/50001", phone="0911 123456",
            email="rechnung@muster-haustechnik.de", website="www.muster-haustechnik.de",
            managing_directors="Eva Muster", commercial_register="AG Nürnberg HRB 12345",
            bank_name="Sparkasse Nürnberg", iban="DE89370400440532013000", bic="COBADEFFXXX",
            footer_text="Es gelten unsere Allgemeinen Geschäftsbedingungen.", logo=logo_data_url(), **extra))


def shop(company) -> dict[str, int]:
    """The world above; returns the ids by name."""
    letterhead(company)
    with company.write() as (session, ctx):
        codes = {t.code: t for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        term = PaymentTerm(tenant_id=ctx.tenant_id, code="14N", name="14 Tage netto", net_days=14,
                           text="Zahlbar innerhalb von 14 Tagen ohne Abzug.")
        session.add(term)
        session.flush()
        bau = Customer(tenant_id=ctx.tenant_id, number="20001", short_name="BAUMEISTER", name1="Baumeister Huber GmbH",
                       street="Lindenstraße 4", postal_code="80331", city="München", vat_id="DE811907980",
                       email="buchhaltung@baumeister-huber.de", buyer_reference="04011000-12345-67",
                       payment_term_id=term.id, credit_limit=D(1_000_000))
        dupont = Customer(tenant_id=ctx.tenant_id, number="20002", short_name="DUPONT", name1="Chauffage Dupont SARL",
                          street="12 rue de la République", postal_code="69002", city="Lyon", country_code="FR",
                          vat_id="FR40303265045", eu_tax_exempt=True, language_code="en",
                          email="compta@dupont.example", payment_term_id=term.id, credit_limit=D(1_000_000))
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="HEIZWERK", name1="Heizwerk Bayern AG",
                            street="Industriestr. 9", postal_code="93055", city="Regensburg", vat_id="DE123456788",
                            email="vertrieb@heizwerk.example")
        valve = Article(tenant_id=ctx.tenant_id, number="HV-12", description="Heizkörperventil DN 15", article_type="M",
                        sales_price_1=D("24.90"), purchase_price=D("12.50"), tax_code_id=codes["U19"].id)
        pipe = Article(tenant_id=ctx.tenant_id, number="CU-15", description="Kupferrohr 15 mm", article_type="M",
                       sales_price_1=D("7.90"), purchase_price=D("4.20"), tax_code_id=codes["U19"].id)
        manual = Article(tenant_id=ctx.tenant_id, number="BUCH-1", description="Fachbuch Heizungstechnik",
                         article_type="M", sales_price_1=D("39.80"), tax_code_id=codes["U7"].id)
        hours = Article(tenant_id=ctx.tenant_id, number="MONT", description="Montagestunde", article_type="L",
                        sales_price_1=D("58.00"), tax_code_id=codes["U19"].id)
        pump = Article(tenant_id=ctx.tenant_id, number="WP-9", description="Wärmepumpe 9 kW", article_type="M",
                       tracking="serial", sales_price_1=D("8900.00"), tax_code_id=codes["U19"].id)
        session.add_all([bau, dupont, supplier, valve, pipe, manual, hours, pump])
        session.flush()
        session.add(CustomerContact(tenant_id=ctx.tenant_id, customer_id=bau.id, last_name="Huber", first_name="Anna",
                                    email="anna.huber@baumeister-huber.de", document_kinds="invoice credit_note"))
        for article, quantity in ((valve, 500), (pipe, 2000), (manual, 50)):
            book_opening_stock(session, ctx, article.id, D(quantity), date(2026, 1, 1), unit_cost=article.purchase_price)
        warehouse = default_warehouse(session, ctx.tenant_id)
        session.add_all([SerialNumber(tenant_id=ctx.tenant_id, article_id=pump.id, number=number, kind="serial",
                                      state="in_stock", warehouse_id=warehouse.id, quantity=D(1))
                         for number in ("WP9-0001", "WP9-0002")])
        book_opening_stock(session, ctx, pump.id, D(2), date(2026, 1, 1), unit_cost=D("5000"))
        return {"bau": bau.id, "dupont": dupont.id, "supplier": supplier.id, "valve": valve.id, "pipe": pipe.id,
                "manual": manual.id, "hours": hours.id, "pump": pump.id, "term": term.id,
                "u19": codes["U19"].id, "u7": codes["U7"].id}


def document(company, kind: str, customer: int, lines: list[LineInput], **header) -> int:
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(kind=kind, customer_id=customer, doc_date=header.pop(
            "doc_date", DAY), lines=lines, **header)).id


def order(company, ids, **header) -> int:
    return document(company, "order", ids["bau"], [
        LineInput(article_id=ids["valve"], quantity=D(10)), LineInput(article_id=ids["pipe"], quantity=D("25.5")),
        LineInput(article_id=ids["manual"], quantity=D(2)), LineInput(article_id=ids["hours"], quantity=D(6))],
        customer_order_number="B-4711", customer_order_date=date(2026, 2, 27), **header)


def delivery_note(company, ids, order_id: int, on: date = date(2026, 3, 4)) -> int:
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=on)
        note.packages = [Package(count=2, kind="Karton", length_cm=D(60), width_cm=D(40), height_cm=D(40),
                                 weight_kg=D("18.5"), label="Baustelle Nord").model_dump(mode="json")]
        session.add(note)
        return note.id


def posted_invoice_from(company, note_id: int, on: date = date(2026, 3, 5)) -> int:
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[note_id], doc_date=on)
        return post_document(session, ctx, invoice.id).id


def simple_invoice(company, ids) -> int:
    """Order, delivery note, posted invoice: the plain case."""
    return posted_invoice_from(company, delivery_note(company, ids, order(company, ids)))


def two_rate_invoice(company, ids) -> int:
    return simple_invoice(company, ids)  # valves, pipes and hours at 19 %, the book at 7 %


def eu_invoice(company, ids) -> int:
    invoice_id = document(company, "invoice", ids["dupont"], [
        LineInput(article_id=ids["valve"], quantity=D(40)), LineInput(article_id=ids["pipe"], quantity=D(100))],
        customer_delivery_date=date(2026, 2, 27))
    with company.write() as (session, ctx):
        return post_document(session, ctx, invoice_id).id


def discount_and_freight_invoice(company, ids) -> int:
    invoice_id = document(company, "invoice", ids["bau"], [
        LineInput(article_id=ids["valve"], quantity=D(7), discount_percent=D("3")),
        LineInput(article_id=ids["pipe"], quantity=D("12.25")),
        LineInput(article_id=ids["manual"], quantity=D(3)),
        LineInput(article_id=ids["hours"], quantity=D("2.5"))],
        end_discount_percent=D("2.5"),
        charges=[ChargeInput(kind="freight", text="Fracht pauschal", amount=D("45.00")),
                 ChargeInput(kind="packaging", amount=D("7.50"))])
    with company.write() as (session, ctx):
        return post_document(session, ctx, invoice_id).id


def credit_note(company, ids) -> tuple[int, int]:
    """A correction of a posted invoice: (credit note, invoice)."""
    invoice_id = simple_invoice(company, ids)
    with company.write() as (session, ctx):
        first = lines_of(session, invoice_id)[0]
        from kontor.core.documents.schemas import Take

        return correct_invoice(session, ctx, invoice_id, [Take(source_line_id=first.id, quantity=D(2))],
                               on=date(2026, 3, 9)).id, invoice_id


def partial_and_final(company, ids) -> tuple[int, int, int]:
    """Two down payments on an order and its final invoice: (partial 1, partial 2, final)."""
    order_id = order(company, ids)
    with company.write() as (session, ctx):
        first = create_partial_invoice(session, ctx, order_id, percent=D(30), on=date(2026, 3, 3)).id
        second = create_partial_invoice(session, ctx, order_id, amount=D("100.00"), on=date(2026, 3, 10)).id
        final = create_final_invoice(session, ctx, order_id, on=date(2026, 3, 20)).id
        return first, second, final


def delivered_pump(company, ids) -> int:
    """A delivery note of the serial-tracked heat pump with both serial numbers."""
    note_id = document(company, "delivery_note", ids["bau"], [LineInput(article_id=ids["pump"], quantity=D(2))])
    with company.write() as (session, ctx):
        assign_numbers(session, ctx, lines_of(session, note_id)[0].id, serials=["WP9-0001", "WP9-0002"])
    return note_id


def acting(company, username: str | None = None):
    """The Context of a user (the system without one) for the calls that open their own units."""
    with company.read(username) as (_session, ctx):
        return ctx


def pdf_text(data: bytes) -> str:
    """Every page's text of a PDF, pages separated by form feeds."""
    assert data.startswith(b"%PDF-")
    return "\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
