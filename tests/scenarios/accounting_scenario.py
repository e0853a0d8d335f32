"""January 2026 at Haustechnik Muster GmbH, the month the accountant asks for: a heating
invoice with installation, a book and freight, a credit note for an hour of installation, a
tax-free delivery to Italy, a cash sale, a supplier invoice booked by purchasing, and a
few documents that must stay out (a draft, a February invoice). Shared by the accounting
transfer and DATEV tests."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document
from kontor.core.finance.datev import write_zip
from kontor.core.finance.datev_settings import DatevSettings, put_datev_settings
from kontor.core.finance.transfers import export_period
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm, RevenueCode, TaxCode
from kontor.core.masterdata.parties.models import (
    Customer,
    CustomerBankAccount,
    Supplier,
)

D = Decimal
JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


@dataclass
class January:
    invoice: int
    credit_note: int
    italy: int
    cash: int
    supplier_invoice: int
    draft: int
    february: int


def tax(session, ctx, code: str) -> TaxCode:
    return session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == code)).one()


def number_of(company, document_id: int) -> str:
    with company.read() as (session, _):
        return session.get(Document, document_id).number


def build_january(company) -> January:
    with company.write() as (session, ctx):
        put_datev_settings(session, ctx, DatevSettings(consultant_number=29098, client_number=55003,
                                                       dictation_code="MK"))
        u19, u7, ig = tax(session, ctx, "U19"), tax(session, ctx, "U7"), tax(session, ctx, "IG")
        session.add_all([
            RevenueCode(tenant_id=ctx.tenant_id, code="8400", name="Erlöse 19 %", account="8400", tax_code_id=u19.id),
            RevenueCode(tenant_id=ctx.tenant_id, code="8401", name="Erlöse Montage", account="8401",
                        tax_code_id=u19.id),
            RevenueCode(tenant_id=ctx.tenant_id, code="8300", name="Erlöse 7 %", account="8300", tax_code_id=u7.id),
            RevenueCode(tenant_id=ctx.tenant_id, code="8125", name="ig. Lieferungen", account="8125",
                        tax_code_id=ig.id),
        ])
        term = session.exec(select(PaymentTerm).where(PaymentTerm.tenant_id == ctx.tenant_id,
                                                      PaymentTerm.code == "S10")).one()  # 10 days 2 %, 30 net
        session.flush()
        codes = {c.code: c.id for c in session.exec(select(RevenueCode).where(RevenueCode.tenant_id == ctx.tenant_id))}
        kruger = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="KRÜGER", name1="Bäckerei Krüger",
                          name2="Inh. Jörg Krüger", street="Hauptstraße 5", postal_code="20095", city="Hamburg",
                          phone="040 123456", email="info@baeckerei-krueger.de", payment_term_id=term.id,
                          credit_limit=D("15000"), tax_number="22/815/08154")
        rossi = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="ROSSI", name1="Rossi Impianti S.r.l.",
                         street="Via Roma 1", postal_code="20121", city="Milano", country_code="IT",
                         vat_id="IT00743110157", eu_tax_exempt=True, language_code="it")
        walk_in = Customer(tenant_id=ctx.tenant_id, number="BAR", short_name="BAR", name1="Barverkauf")
        nord = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="NORD", name1="Heizungsgroßhandel Nord",
                        street="Am Hafen 3", postal_code="28195", city="Bremen", payment_term_id=term.id)
        session.add_all([kruger, rossi, walk_in, nord])
        session.flush()
        session.add(CustomerBankAccount(tenant_id=ctx.tenant_id, customer_id=kruger.id, iban="DE89370400440532013000",
                                        bic="COBADEFFXXX", bank_name="Commerzbank", account_holder="Jörg Krüger",
                                        sepa_mandate_reference="KRUEGER-01"))
        boiler = Article(tenant_id=ctx.tenant_id, number="KESSEL", description="Gas-Brennwertkessel",
                         sales_price_1=D("2000.00"), tax_code_id=u19.id, revenue_code_id=codes["8400"])
        fitting = Article(tenant_id=ctx.tenant_id, number="MONTAGE", description="Montagestunde", article_type="L",
                          sales_price_1=D("65.00"), tax_code_id=u19.id, revenue_code_id=codes["8401"])
        book = Article(tenant_id=ctx.tenant_id, number="BUCH", description="Fachbuch Heizungstechnik",
                       article_type="F", sales_price_1=D("30.00"), tax_code_id=u7.id, revenue_code_id=codes["8300"])
        session.add_all([boiler, fitting, book])
        session.flush()

        def invoice(customer, day, lines, charges=(), cash=False):
            return create_document(session, ctx, DocumentCreate(
                kind="invoice", customer_id=customer.id, doc_date=day, cash=cash,
                lines=[LineInput(article_id=a.id, quantity=D(q)) for a, q in lines],
                charges=[ChargeInput(kind="freight", text="Fracht", amount=D(c), tax_code_id=u19.id)
                         for c in charges])).id

        ids = {
            "invoice": invoice(kruger, date(2026, 1, 15), [(boiler, "1"), (fitting, "4"), (book, "1")], ["25.00"]),
            "italy": invoice(rossi, date(2026, 1, 22), [(boiler, "1")]),
            "cash": invoice(walk_in, date(2026, 1, 23), [(book, "2")], cash=True),
            "draft": invoice(kruger, date(2026, 1, 28), [(book, "1")]),
            "february": invoice(kruger, date(2026, 2, 2), [(book, "3")]),
        }
        supplier_invoice = Document(tenant_id=ctx.tenant_id, kind="supplier_invoice", supplier_id=nord.id,
                                    number="ER000001", doc_date=date(2026, 1, 12), state="posted",
                                    posted_at=datetime(2026, 1, 14, tzinfo=UTC), bill_name1=nord.name1,
                                    lines_net=D("1000"), net_total=D("1000"), tax_total=D("190"),
                                    gross_total=D("1190"), home_net_total=D("1000"), home_tax_total=D("190"),
                                    home_gross_total=D("1190"))
        session.add(supplier_invoice)
        session.flush()
        session.add(DocumentLine(tenant_id=ctx.tenant_id, document_id=supplier_invoice.id, position=1,
                                 description="Gas-Brennwertkessel", quantity=D("1"), unit_price=D("1000"),
                                 net_amount=D("1000"), tax_code_id=u19.id, tax_rate=D("19")))
        ids["supplier_invoice"] = supplier_invoice.id
    for key in ("invoice", "italy", "cash", "february"):
        with company.write() as (session, ctx):
            post_document(session, ctx, ids[key])
    with company.write() as (session, ctx):
        montage = session.exec(select(DocumentLine).where(DocumentLine.document_id == ids["invoice"],
                                                          DocumentLine.article_number == "MONTAGE")).one()
        ids["credit_note"] = convert(session, ctx, "credit_note", [Take(source_line_id=montage.id, quantity=D("1"))],
                                     doc_date=date(2026, 1, 20)).id
    with company.write() as (session, ctx):
        post_document(session, ctx, ids["credit_note"])
    return January(**ids)


def export_files(company, period=JANUARY, username: str | None = None) -> dict[str, bytes]:
    """The zip of a DATEV export (without transfer), unpacked: file name -> bytes."""
    buffer = io.BytesIO()
    with company.read(username) as (session, ctx):
        export_period(session, ctx, *period, lambda export: write_zip(export, buffer))
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))
