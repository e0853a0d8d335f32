"""Demo data of the credit-risk scenarios: Elektro Brandl with a limit of 1,000.00 EUR and a
service article at 100.00 net (119.00 gross), so five hours are 595.00, eight 952.00 (a
warning from 900.00 on) and nine 1,071.00 (over the limit)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer

D = Decimal


@dataclass(frozen=True)
class Shop:
    customer_id: int
    article_id: int


def make_shop(company, limit: str | None = "1000") -> Shop:
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        customer = Customer(tenant_id=ctx.tenant_id, number="30001", short_name="BRANDL", name1="Elektro Brandl KG",
                            credit_limit=D(limit) if limit is not None else None)
        hours = Article(tenant_id=ctx.tenant_id, number="MONTAGE", description="Montagestunde", article_type="L",
                        sales_price_1=D("100.00"), tax_code_id=tax.id)
        session.add_all([customer, hours])
        session.flush()
        return Shop(customer.id, hours.id)


def new_document(session, ctx, shop: Shop, kind: str, hours: str):
    return create_document(session, ctx, DocumentCreate(kind=kind, customer_id=shop.customer_id,
                                                        lines=[LineInput(article_id=shop.article_id,
                                                                         quantity=D(hours))]))
