"""Special prices decide a line's price for a tenant that enabled the plugin, and only there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.api import (
    Article, Customer, DocumentCreate, LineInput, TaxCode, create_document, create_record, lines_of, quote_price,
)
from kontor_special_prices import models as m
from kontor_special_prices.resources import DISCOUNTS, GROUP_MEMBERS, GROUPS, PRICES

D = Decimal
DAY = date(2026, 6, 15)


def make_shop(company) -> dict[str, int]:
    """Two customers (price class 2), a pump and a valve; the same for every tenant."""
    with company.write() as (session, ctx):
        u19 = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        bau = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH", price_class=2)
        holz = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="HOLZ", name1="Holz KG", price_class=2)
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Pumpe", sales_price_1=D("120.00"),
                       sales_price_2=D("99.99"), tax_code_id=u19.id)
        valve = Article(tenant_id=ctx.tenant_id, number="V-1", description="Ventil", sales_price_1=D("14.90"),
                        sales_price_2=D("13.45"), tax_code_id=u19.id)
        session.add_all([bau, holz, pump, valve])
        session.flush()
        return {"bau": bau.id, "holz": holz.id, "pump": pump.id, "valve": valve.id}


def add(company, res, fields):
    with company.write() as (session, ctx):
        return create_record(session, ctx, res, fields).id


def price(company, article_id, unit_price, **scope):
    return add(company, PRICES, m.SpecialPriceFields(article_id=article_id, unit_price=D(unit_price), **scope))


def quote(company, article_id, customer_id, quantity="1", on=DAY):
    with company.read() as (session, ctx):
        q = quote_price(session, ctx, article_id, customer_id, D(quantity), on)
    return q.unit_price, q.discount_percent, q.source


def group(company, code, parent_id=None):
    return add(company, GROUPS, m.PriceGroupFields(code=code, name=code, parent_id=parent_id))


def join(company, group_id, customer_id):
    return add(company, GROUP_MEMBERS, m.GroupMemberFields(group_id=group_id, customer_id=customer_id))


@pytest.fixture
def shop(company):
    ids = make_shop(company)
    company.enable("special_prices")
    return ids


def test_the_same_document_is_priced_by_special_prices_only_where_enabled(company, other_company):
    mine, theirs = make_shop(company), make_shop(other_company)
    company.enable("special_prices")
    price(company, mine["pump"], "87.50", customer_id=mine["bau"])
    add(company, DISCOUNTS, m.SpecialDiscountFields(article_id=mine["valve"], discount_percent=D("12.5"),
                                                    min_quantity=D("10")))

    def document(target, ids):
        with target.write() as (session, ctx):
            doc = create_document(session, ctx, DocumentCreate(
                kind="quote", customer_id=ids["bau"], doc_date=DAY,
                lines=[LineInput(article_id=ids["pump"], quantity=D("3")),
                       LineInput(article_id=ids["valve"], quantity=D("12"))]))
            lines = [(l.unit_price, l.discount_percent, l.net_amount, l.price_source) for l in lines_of(session, doc.id)]
            return lines, doc.lines_net, doc.net_total

    lines, lines_net, net_total = document(company, mine)
    # 3 x 87.50 = 262.50; 12 x 13.45 = 161.40 - 12.5 % = 141.225 -> 141.23 (or .22, rounding of the core)
    assert lines[0][:3] == (D("87.5000"), D("0"), D("262.50"))
    assert lines[0][3] == "special price customer"
    assert lines[1][:2] == (D("13.4500"), D("12.5"))
    assert lines[1][3] == "price class 2; special discount general 12.5 %"
    assert lines_net == D("262.50") + lines[1][2]
    assert lines[1][2] in (D("141.23"), D("141.22"))

    lines, lines_net, net_total = document(other_company, theirs)
    # 3 x 99.99 = 299.97; 12 x 13.45 = 161.40
    assert [l[:3] for l in lines] == [(D("99.9900"), D("0"), D("299.97")), (D("13.4500"), D("0"), D("161.40"))]
    assert [l[3] for l in lines] == ["price class 2", "price class 2"]
    assert (lines_net, net_total) == (D("461.37"), D("461.37"))


def test_without_a_rule_the_core_decides(shop, company):
    assert quote(company, shop["pump"], shop["bau"]) == (D("99.9900"), D("0"), "price class 2")


def test_validity_period_before_inside_after(shop, company):
    price(company, shop["pump"], "80", valid_from=date(2026, 6, 1), valid_until=date(2026, 6, 30))
    assert quote(company, shop["pump"], shop["bau"], on=date(2026, 5, 31))[0] == D("99.9900")
    assert quote(company, shop["pump"], shop["bau"], on=date(2026, 6, 1))[0] == D("80.0000")
    assert quote(company, shop["pump"], shop["bau"], on=date(2026, 6, 30))[0] == D("80.0000")
    assert quote(company, shop["pump"], shop["bau"], on=date(2026, 7, 1))[0] == D("99.9900")


def test_customer_beats_group_beats_general(shop, company):
    price(company, shop["pump"], "95")
    assert quote(company, shop["pump"], shop["bau"]) == (D("95.0000"), D("0"), "special price general")
    gold = group(company, "GOLD")
    join(company, gold, shop["bau"])
    price(company, shop["pump"], "90", group_id=gold)
    assert quote(company, shop["pump"], shop["bau"]) == (D("90.0000"), D("0"), "special price group GOLD")
    assert quote(company, shop["pump"], shop["holz"])[0] == D("95.0000")  # not in the group
    price(company, shop["pump"], "85", customer_id=shop["bau"])
    assert quote(company, shop["pump"], shop["bau"]) == (D("85.0000"), D("0"), "special price customer")
    assert quote(company, shop["pump"], None)[0] == D("95.0000")  # no customer: the general rule


def test_multi_level_groups_the_deepest_level_wins(shop, company):
    trade = group(company, "TRADE")
    installers = group(company, "INST", parent_id=trade)
    join(company, installers, shop["bau"])
    price(company, shop["pump"], "92", group_id=trade)
    price(company, shop["valve"], "12", group_id=trade)
    # no price of the child group: the parent's applies
    assert quote(company, shop["pump"], shop["bau"]) == (D("92.0000"), D("0"), "special price group TRADE")
    price(company, shop["pump"], "88", group_id=installers)
    assert quote(company, shop["pump"], shop["bau"]) == (D("88.0000"), D("0"), "special price group INST")
    assert quote(company, shop["valve"], shop["bau"])[0] == D("12.0000")


def test_minimum_quantity_the_highest_reached_wins_but_after_specificity(shop, company):
    price(company, shop["valve"], "13.00")
    price(company, shop["valve"], "12.00", min_quantity=D("10"))
    price(company, shop["valve"], "11.00", min_quantity=D("50"))
    assert quote(company, shop["valve"], shop["holz"], "9")[0] == D("13.0000")
    assert quote(company, shop["valve"], shop["holz"], "10")[0] == D("12.0000")
    assert quote(company, shop["valve"], shop["holz"], "50")[0] == D("11.0000")
    price(company, shop["valve"], "12.50", customer_id=shop["bau"], min_quantity=D("5"))
    assert quote(company, shop["valve"], shop["bau"], "4")[0] == D("13.0000")
    assert quote(company, shop["valve"], shop["bau"], "100")[0] == D("12.5000")


def test_a_special_discount_keeps_the_core_price_and_replaces_its_discount(shop, company):
    add(company, DISCOUNTS, m.SpecialDiscountFields(article_id=shop["pump"], customer_id=shop["bau"],
                                                    discount_percent=D("7")))
    assert quote(company, shop["pump"], shop["bau"]) == (D("99.9900"), D("7.0000"),
                                                         "price class 2; special discount customer 7 %")
    price(company, shop["pump"], "90")
    assert quote(company, shop["pump"], shop["bau"]) == (D("90.0000"), D("7.0000"),
                                                         "special price general; special discount customer 7 %")
