"""Shared demo data of the dunning scenarios: a building-supply dealer's posted invoices."""

from datetime import date
from decimal import Decimal

from sqlmodel import select

from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.finance.dunning_levels import LevelInput, set_levels
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.parties.models import Customer

D = Decimal

LEVELS = [
    LevelInput(level=1, name="Zahlungserinnerung", days_overdue=7, letter_text="Sehr geehrte Damen und Herren, "
               "bei {customer_name} sind {open_total} {currency} offen."),
    LevelInput(level=2, name="1. Mahnung", days_overdue=21, days_after_previous=14, fee=D("5.00"),
               interest_percent=D("9.12"), letter_text="Bitte zahlen Sie {total} {currency} bis {pay_by}."),
    LevelInput(level=3, name="Letzte Mahnung", days_overdue=35, days_after_previous=14, fee=D("10.00"),
               interest_percent=D("9.12"), pay_within_days=5),
]


def add_levels(company) -> None:
    with company.write() as (session, ctx):
        set_levels(session, ctx, LEVELS)


def customers_and_article(company) -> tuple[int, int, int]:
    """Two customers on 14 days net, and a labour article at 100.00 + 19 % VAT."""
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        term = PaymentTerm(tenant_id=ctx.tenant_id, code="14N", name="14 Tage netto", net_days=14)
        session.add(term)
        session.flush()
        bau = Customer(tenant_id=ctx.tenant_id, number="20001", short_name="BAUMEISTER", name1="Baumeister Huber GmbH",
                       street="Lindenstraße 4", postal_code="80331", city="München", payment_term_id=term.id)
        haus = Customer(tenant_id=ctx.tenant_id, number="20002", short_name="HAUSTECHNIK",
                        name1="Haustechnik Maier KG", street="Am Bach 2", postal_code="93047", city="Regensburg",
                        payment_term_id=term.id)
        work = Article(tenant_id=ctx.tenant_id, number="MONT", description="Montagestunde", article_type="L",
                       sales_price_1=D("100.00"), tax_code_id=tax.id)
        session.add_all([bau, haus, work])
        session.flush()
        return bau.id, haus.id, work.id


def posted_invoice(company, customer_id: int, article_id: int, hours: str, on: date) -> int:
    """A posted invoice of `hours` assembly hours, dated `on`, due 14 days later; its open item's id."""
    with company.write() as (session, ctx):
        invoice = create_document(session, ctx, DocumentCreate(
            kind="invoice", customer_id=customer_id, doc_date=on,
            lines=[LineInput(article_id=article_id, quantity=D(hours))]))
        post_document(session, ctx, invoice.id)
        return session.exec(select(OpenItem.id).where(OpenItem.document_id == invoice.id)).one()


def item(company, open_item_id: int) -> OpenItem:
    with company.read() as (session, ctx):
        found = session.get(OpenItem, open_item_id)
        session.expunge(found)
        return found
