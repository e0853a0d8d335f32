"""Money and quantities are exact on every database (SQLite has no decimal type)."""

from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.articles.models import Article
from kontor.db.types import Exact


def _article(company, number: str, price: str) -> int:
    with company.write() as (session, ctx):
        article = Article(tenant_id=ctx.tenant_id, number=number, description=number, sales_price_1=Decimal(price))
        session.add(article)
        session.flush()
        return article.id


def test_ten_cents_plus_twenty_cents_is_thirty_cents_in_the_database(company):
    _article(company, "A-10", "0.10")
    _article(company, "A-20", "0.20")
    with company.read() as (session, ctx):
        total = session.exec(
            select(func.sum(Article.sales_price_1)).where(Article.tenant_id == ctx.tenant_id)
        ).one()
    assert total == Decimal("0.30")
    assert str(total) == "0.3000"


def test_large_amount_with_four_places_round_trips_exactly(company):
    article_id = _article(company, "BIG", "12345678.9999")
    with company.read() as (session, ctx):
        price = session.get(Article, article_id).sales_price_1
    assert price == Decimal("12345678.9999")
    assert isinstance(price, Decimal)


def test_negative_and_zero_amounts_round_trip(company):
    with company.write() as (session, ctx):
        term = PaymentTerm(tenant_id=ctx.tenant_id, code="NEG", name="x", discount1_percent=Decimal("-0.0001"))
        session.add(term)
        session.flush()
        term_id = term.id
    with company.read() as (session, ctx):
        assert session.get(PaymentTerm, term_id).discount1_percent == Decimal("-0.0001")
        assert str(session.get(PaymentTerm, term_id).discount2_percent) == "0.0000"


def test_comparison_in_sql_uses_exact_values(company):
    _article(company, "CHEAP", "0.0001")
    _article(company, "DEAR", "0.0002")
    with company.read() as (session, ctx):
        found = session.exec(
            select(Article.number).where(Article.tenant_id == ctx.tenant_id, Article.sales_price_1 > Decimal("0.0001"))
        ).all()
    assert found == ["DEAR"]


@pytest.mark.parametrize(
    "value, message",
    [
        (Decimal("1.00001"), "more than 4 decimal places"),
        (0.1, "float"),
        (Decimal("100000000000000"), "too large"),
        ("abc", "not a decimal"),
    ],
)
def test_the_column_type_refuses_what_it_would_have_to_round(value, message):
    with pytest.raises(ValueError, match=message):
        Exact(4).exact(value)


def test_trailing_zeros_beyond_the_scale_are_not_rounding():
    assert Exact(4).exact(Decimal("1.230000")) == Decimal("1.2300")
