"""One quote that combines everything pricing knows, computed to the cent by hand:

price class 2, the discount matrix (customer group HW x article group SAN = 8 %), a quantity
break (from 10 pieces 5 %) added or taken as the alternative, a clerk's own discount on a
line, a group discount of 5 % on a subtotal, a labour article that is not discountable, an
end discount of 2 %, freight of 25.00, and VAT at 19 % and 7 %. Then the same quote for a
company with special_prices enabled (a special price for the tap) and one without.
"""

from datetime import date
from decimal import Decimal

from sqlmodel import select

from kontor.api import (
    Article, ArticleDiscountGroup, ArticleQuantityBreak, ChargeInput, CompanyParameters, Customer,
    CustomerDiscountGroup, DiscountRule, DocumentCreate, LineInput, TaxCode, create_document, get_parameters,
    set_parameters,
)
from kontor_special_prices.models import SpecialPrice

D = Decimal


def shop(company) -> dict:
    with company.write() as (session, ctx):
        tax = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        hw = CustomerDiscountGroup(tenant_id=ctx.tenant_id, code="HW", name="Handwerk")
        san = ArticleDiscountGroup(tenant_id=ctx.tenant_id, code="SAN", name="Sanitär")
        session.add_all([hw, san])
        session.flush()
        session.add(DiscountRule(tenant_id=ctx.tenant_id, customer_discount_group_id=hw.id,
                                 article_discount_group_id=san.id, discount_percent=D("8")))
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="INST", name1="Installateur Maier",
                            price_class=2, discount_group_id=hw.id)
        tap = Article(tenant_id=ctx.tenant_id, number="MB-1", description="Mischbatterie", sales_price_2=D("84.00"),
                      discount_group_id=san.id, tax_code_id=tax["U19"])
        book = Article(tenant_id=ctx.tenant_id, number="BU-1", description="Montagebuch", sales_price_2=D("15.00"),
                       tax_code_id=tax["U7"])
        valve = Article(tenant_id=ctx.tenant_id, number="VE-1", description="Ventil", sales_price_2=D("12.50"),
                        tax_code_id=tax["U19"])
        hour = Article(tenant_id=ctx.tenant_id, number="MONT", description="Monteurstunde", article_type="L",
                       sales_price_2=D("58.00"), discount_group_id=san.id, discountable=False, tax_code_id=tax["U19"])
        session.add_all([customer, tap, book, valve, hour])
        session.flush()
        session.add(ArticleQuantityBreak(tenant_id=ctx.tenant_id, article_id=tap.id, min_quantity=D("10"),
                                         discount_percent=D("5")))
        return {"customer": customer.id, "tap": tap.id, "book": book.id, "valve": valve.id, "hour": hour.id}


def quote(company, ids):
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=ids["customer"], doc_date=date(2026, 6, 1),
            lines=[LineInput(article_id=ids["valve"], quantity=D("4"), discount_percent=D("2")),
                   LineInput(article_id=ids["book"], quantity=D("3")),
                   LineInput(line_kind="subtotal", group_discount_percent=D("5")),
                   LineInput(article_id=ids["tap"], quantity=D("12")),
                   LineInput(article_id=ids["hour"], quantity=D("2.5"))],
            charges=[ChargeInput(kind="freight", text="Fracht", amount=D("25.00"))],
            end_discount_percent=D("2")))


def set_breaks(company, mode: str) -> None:
    with company.write() as (session, ctx):
        current = get_parameters(session, ctx).model_dump()
        set_parameters(session, ctx, CompanyParameters(**{**current, "quantity_breaks": mode}))


def totals(document):
    return (document.lines_net, document.end_discount_amount, document.charges_net,
            document.net_total, document.tax_total, document.gross_total)


def test_additive_and_alternative_quantity_breaks(company):
    ids = shop(company)
    # valve  4 x 12.50 less own 2 % less group 5 %    = 46.55 (19 %)
    # book   3 x 15.00 less group 5 %                 = 42.75  (7 %)
    # tap   12 x 84.00 = 1008.00, matrix 8 % + break 5 % = 13 % -> 876.96 (additive) or 8 % -> 927.36 (19 %)
    # hours 2.5 x 58.00, not discountable             = 145.00 (19 %)
    set_breaks(company, "additive")
    additive = quote(company, ids)
    # 19 %: 1068.51 - 2 % 21.37 + freight 25.00 = 1072.14, VAT 203.71; 7 %: 42.75 - 0.86 = 41.89, VAT 2.93
    assert totals(additive) == (D("1111.26"), D("22.23"), D("25.00"), D("1114.03"), D("206.64"), D("1320.67"))

    set_breaks(company, "alternative")
    alternative = quote(company, ids)
    # 19 %: 1118.91 - 22.38 + 25.00 = 1121.53, VAT 213.09; 7 % as above
    assert totals(alternative) == (D("1161.66"), D("23.24"), D("25.00"), D("1163.42"), D("216.02"), D("1379.44"))


def test_the_same_quote_with_special_prices_enabled_for_one_company_only(company, other_company):
    mine, theirs = shop(company), shop(other_company)
    for owner, ids in ((company, mine), (other_company, theirs)):
        with owner.write() as (session, ctx):
            session.add(SpecialPrice(tenant_id=ctx.tenant_id, article_id=ids["tap"], customer_id=ids["customer"],
                                     unit_price=D("70.00")))
    company.enable("special_prices")

    with_plugin = quote(company, mine)
    # tap at the customer's special (net) price: 12 x 70.00 = 840.00
    # 19 %: 46.55 + 840.00 + 145.00 = 1031.55 - 20.63 + 25.00 = 1035.92, VAT 196.82; 7 %: 41.89, VAT 2.93
    assert totals(with_plugin) == (D("1074.30"), D("21.49"), D("25.00"), D("1077.81"), D("199.75"), D("1277.56"))

    without_plugin = quote(other_company, theirs)  # the stored special price is not asked for
    assert totals(without_plugin) == (D("1161.66"), D("23.24"), D("25.00"), D("1163.42"), D("216.02"), D("1379.44"))
