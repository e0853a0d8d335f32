"""Discount finding: price classes, the discount matrix and quantity breaks, additive or
alternative, as the core's default pricing hook finds them; lines to the cent."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.discounts import AppliedDiscount, applicable_discounts
from kontor.core.documents.pricing import PriceRequest, price_class_price, quote_price
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.articles.models import Article, ArticleQuantityBreak
from kontor.core.masterdata.basics.models import (
    ArticleDiscountGroup,
    CustomerDiscountGroup,
    DiscountRule,
    DiscountRuleFields,
    TaxCode,
)
from kontor.core.masterdata.basics.parameters import get_parameters, set_parameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import create_record

D = Decimal
DAY = date(2026, 3, 2)
RULES = BY_NAME["basics/discount-rules"]


def _prices(base: str) -> dict:
    """Sales prices of the five classes: base, then 10 less per class."""
    return {f"sales_price_{n}": D(base) - 10 * (n - 1) for n in range(1, 6)}


@pytest.fixture
def shop(company):
    """Customer groups TRADE and END, article groups A and B; the matrix gives TRADE 5 % on A
    and 95 % on B. The pump (group A) has breaks from 10 (3 %) and 50 (8 %)."""
    with company.write() as (session, ctx):
        t = ctx.tenant_id
        u19 = session.exec(select(TaxCode).where(TaxCode.tenant_id == t, TaxCode.code == "U19")).one().id
        trade, end = CustomerDiscountGroup(tenant_id=t, code="TRADE", name="Handel"), \
            CustomerDiscountGroup(tenant_id=t, code="END", name="Endkunde")
        group_a, group_b = ArticleDiscountGroup(tenant_id=t, code="A", name="Pumpen"), \
            ArticleDiscountGroup(tenant_id=t, code="B", name="Rest")
        session.add_all([trade, end, group_a, group_b])
        session.flush()
        for article_group, percent in ((group_a, "5"), (group_b, "95")):
            create_record(session, ctx, RULES, DiscountRuleFields(
                customer_discount_group_id=trade.id, article_discount_group_id=article_group.id,
                discount_percent=D(percent)))
        dealer = Customer(tenant_id=t, number="10001", short_name="HANDEL", name1="Handel GmbH", street="Hauptstr. 1",
                          postal_code="80331", city="München", price_class=2, discount_group_id=trade.id)
        walk_in = Customer(tenant_id=t, number="10002", short_name="PRIVAT", name1="Privat", street="Nebenstr. 2",
                           postal_code="80331", city="München", price_class=3)
        end_customer = Customer(tenant_id=t, number="10003", short_name="END", name1="End AG", street="Weg 3",
                                postal_code="80331", city="München", price_class=1, discount_group_id=end.id)
        pump = Article(tenant_id=t, number="P-1", description="Pumpe", tax_code_id=u19,
                       discount_group_id=group_a.id, **_prices("100.00"))
        cable = Article(tenant_id=t, number="K-1", description="Kabel", tax_code_id=u19,
                        discount_group_id=group_a.id, discountable=False, **_prices("50.00"))
        valve = Article(tenant_id=t, number="V-1", description="Ventil", tax_code_id=u19,
                        discount_group_id=group_b.id, **_prices("40.00"))
        special = Article(tenant_id=t, number="SP-1", description="Sonderpumpe", tax_code_id=u19,
                          discount_group_id=group_a.id, **_prices("100.00"))
        session.add_all([dealer, walk_in, end_customer, pump, cable, valve, special])
        session.flush()
        for article, min_quantity, percent in ((pump, "10", "3"), (pump, "50", "8"), (cable, "10", "3"),
                                               (valve, "10", "10"), (special, "10", "3")):
            session.add(ArticleQuantityBreak(tenant_id=t, article_id=article.id, min_quantity=D(min_quantity),
                                             discount_percent=D(percent)))
        session.flush()
        ids = {name: row.id for name, row in (("trade", trade), ("group_a", group_a), ("dealer", dealer),
                                               ("walk_in", walk_in), ("end", end_customer), ("pump", pump),
                                               ("cable", cable), ("valve", valve), ("special", special))}
    return ids


def _mode(company, mode: str) -> None:
    with company.write() as (session, ctx):
        set_parameters(session, ctx, get_parameters(session, ctx).model_copy(update={"quantity_breaks": mode}))


def _lines(company, customer_id: int, *lines: LineInput):
    with company.write() as (session, ctx):
        document = create_document(session, ctx, DocumentCreate(kind="quote", customer_id=customer_id, doc_date=DAY,
                                                                lines=list(lines)))
        return [(l.unit_price, l.discount_percent, l.net_amount, l.price_source) for l in lines_of(session, document.id)]


def _quote(company, article_id: int, customer_id: int | None, quantity: str):
    with company.read() as (session, ctx):
        quote = quote_price(session, ctx, article_id, customer_id, D(quantity), DAY)
        return quote.unit_price, quote.discount_percent, quote.source


def test_the_default_is_alternative(company):
    with company.read() as (session, ctx):
        assert get_parameters(session, ctx).quantity_breaks == "alternative"


def test_price_classes_without_discounts(company, shop):
    # No customer: class 1 and no group discount; below the first break.
    assert _quote(company, shop["pump"], None, "1") == (D("100.00"), D("0"), "price class 1")
    assert _quote(company, shop["pump"], shop["walk_in"], "2") == (D("80.00"), D("0"), "price class 3")
    # A discount group without a matrix entry gives nothing.
    assert _quote(company, shop["pump"], shop["end"], "1") == (D("100.00"), D("0"), "price class 1")
    assert _lines(company, shop["walk_in"], LineInput(article_id=shop["pump"], quantity=D("3"))) == [
        (D("80.00"), D("0"), D("240.00"), "price class 3")]


def test_quantity_breaks_without_a_customer_group(company, shop):
    assert _quote(company, shop["pump"], None, "9.9999") == (D("100.00"), D("0"), "price class 1")
    assert _quote(company, shop["pump"], None, "10") == (D("100.00"), D("3"), "price class 1; qty break 3 %")
    assert _quote(company, shop["pump"], None, "49") == (D("100.00"), D("3"), "price class 1; qty break 3 %")
    assert _quote(company, shop["pump"], shop["walk_in"], "50") == (D("80.00"), D("8"), "price class 3; qty break 8 %")


def test_group_matrix_and_breaks_alternative(company, shop):
    assert _lines(company, shop["dealer"],
                  LineInput(article_id=shop["pump"], quantity=D("5")),
                  LineInput(article_id=shop["pump"], quantity=D("9.5")),
                  LineInput(article_id=shop["pump"], quantity=D("10")),
                  LineInput(article_id=shop["pump"], quantity=D("50")),
                  LineInput(article_id=shop["valve"], quantity=D("10"))) == [
        # 5 x 90.00 - 5 % = 427.50
        (D("90.00"), D("5"), D("427.50"), "price class 2; group 5 %"),
        # 9.5 x 90.00 - 5 % = 812.25 (below the first break)
        (D("90.00"), D("5"), D("812.25"), "price class 2; group 5 %"),
        # at 10: the group's 5 % beats the break's 3 %: 855.00
        (D("90.00"), D("5"), D("855.00"), "price class 2; group 5 % (alternative)"),
        # at 50: the break's 8 % beats the group's 5 %: 4500 - 8 % = 4140.00
        (D("90.00"), D("8"), D("4140.00"), "price class 2; qty break 8 % (alternative)"),
        # valve: group 95 % beats 10 %: 10 x 30.00 x 5 % = 15.00
        (D("30.00"), D("95"), D("15.00"), "price class 2; group 95 % (alternative)"),
    ]


def test_group_matrix_and_breaks_additive(company, shop):
    _mode(company, "additive")
    assert _lines(company, shop["dealer"],
                  LineInput(article_id=shop["pump"], quantity=D("9")),
                  LineInput(article_id=shop["pump"], quantity=D("10")),
                  LineInput(article_id=shop["pump"], quantity=D("50")),
                  LineInput(article_id=shop["valve"], quantity=D("10"))) == [
        (D("90.00"), D("5"), D("769.50"), "price class 2; group 5 %"),
        # 5 % + 3 % = 8 %: 900 - 72 = 828.00
        (D("90.00"), D("8"), D("828.00"), "price class 2; group 5 %; qty break 3 % (additive)"),
        # 5 % + 8 % = 13 %: 4500 - 585 = 3915.00
        (D("90.00"), D("13"), D("3915.00"), "price class 2; group 5 %; qty break 8 % (additive)"),
        # 95 % + 10 % is capped at 100 %
        (D("30.00"), D("100"), D("0.00"), "price class 2; group 95 %; qty break 10 % (additive)"),
    ]
    _mode(company, "alternative")
    assert _quote(company, shop["pump"], shop["dealer"], "10")[1] == D("5")


def test_a_non_discountable_article_gets_no_discount(company, shop):
    for mode in ("alternative", "additive"):
        _mode(company, mode)
        assert _lines(company, shop["dealer"], LineInput(article_id=shop["cable"], quantity=D("20"))) == [
            (D("40.00"), D("0"), D("800.00"), "price class 2; not discountable")]


def test_a_manual_price_or_discount_on_the_line_wins(company, shop):
    _mode(company, "additive")
    assert _lines(company, shop["dealer"],
                  LineInput(article_id=shop["pump"], quantity=D("10"), unit_price=D("85.00")),
                  LineInput(article_id=shop["pump"], quantity=D("10"), discount_percent=D("2")),
                  LineInput(article_id=shop["pump"], quantity=D("10"), unit_price=D("85.00"),
                            discount_percent=D("10")),
                  LineInput(article_id=shop["pump"], quantity=D("10"), discount_percent=D("0"))) == [
        (D("85.00"), D("0"), D("850.00"), "manual"),
        (D("90.00"), D("2"), D("882.00"), "price class 2; group 5 %; qty break 3 % (additive)"),
        (D("85.00"), D("10"), D("765.00"), "manual"),
        (D("90.00"), D("0"), D("900.00"), "price class 2; group 5 %; qty break 3 % (additive)"),
    ]


def test_the_plugin_price_hook_still_wins_over_the_core(company, shop):
    _mode(company, "additive")
    assert _quote(company, shop["special"], shop["dealer"], "20")[1] == D("8")
    company.enable("test_prices")
    assert _lines(company, shop["dealer"], LineInput(article_id=shop["special"], quantity=D("20")),
                  LineInput(article_id=shop["pump"], quantity=D("20"))) == [
        # 20 x 9.99 - 5 % = 189.81
        (D("9.99"), D("5"), D("189.81"), "test special price"),
        # the plugin answers None for other articles: the core decides
        (D("90.00"), D("8"), D("1656.00"), "price class 2; group 5 %; qty break 3 % (additive)"),
    ]


def test_price_class_price_still_answers_without_discounts(company, shop):
    with company.read() as (session, _ctx):
        pump, dealer = session.get(Article, shop["pump"]), session.get(Customer, shop["dealer"])
        quote = price_class_price(PriceRequest(article=pump, customer=dealer, quantity=D("50"), on=DAY))
    assert (quote.unit_price, quote.discount_percent, quote.source) == (D("90.00"), D("0"), "price class 2")


def test_applicable_discounts_list_what_a_clerk_sees(company, shop):
    def listing(article: str, customer: str | None, quantity: str):
        with company.read() as (session, ctx):
            return applicable_discounts(session, ctx, session.get(Article, shop[article]),
                                        session.get(Customer, shop[customer]) if customer else None, D(quantity))

    assert listing("pump", "dealer", "10") == [
        AppliedDiscount("group", "group discount TRADE x A", D("5"), True),
        AppliedDiscount("quantity_break", "quantity break from 10", D("3"), False),
        AppliedDiscount("quantity_break", "quantity break from 50", D("8"), False),
        AppliedDiscount("mode", "quantity breaks alternative", D("5"), True),
    ]
    assert [(e.kind, e.applies) for e in listing("pump", "dealer", "50")] == [
        ("group", False), ("quantity_break", False), ("quantity_break", True), ("mode", True)]
    _mode(company, "additive")
    assert listing("pump", "dealer", "10") == [
        AppliedDiscount("group", "group discount TRADE x A", D("5"), True),
        AppliedDiscount("quantity_break", "quantity break from 10", D("3"), True),
        AppliedDiscount("quantity_break", "quantity break from 50", D("8"), False),
        AppliedDiscount("mode", "quantity breaks additive", D("8"), True),
    ]
    assert listing("pump", None, "5") == [
        AppliedDiscount("quantity_break", "quantity break from 10", D("3"), False),
        AppliedDiscount("quantity_break", "quantity break from 50", D("8"), False),
        AppliedDiscount("mode", "quantity breaks additive", D("0"), True),
    ]
    assert listing("cable", "dealer", "20") == [
        AppliedDiscount("group", "group discount TRADE x A", D("5"), False),
        AppliedDiscount("quantity_break", "quantity break from 10", D("3"), False),
        AppliedDiscount("mode", "quantity breaks additive; article not discountable", D("0"), True),
    ]


def test_the_discount_matrix_over_the_api_refuses_bad_rules(api, company, other_company, shop):
    groups = {}
    for name in ("customer-discount-groups", "article-discount-groups"):
        response = api.post(f"/api/basics/{name}", json={"code": "NEW", "name": "Neu"})
        assert response.status_code == 201, response.text
        groups[name] = response.json()["id"]
    cell = {"customer_discount_group_id": groups["customer-discount-groups"],
            "article_discount_group_id": groups["article-discount-groups"]}

    assert api.post("/api/basics/discount-rules", json={**cell, "discount_percent": "100.5"}).status_code == 422
    created = api.post("/api/basics/discount-rules", json={**cell, "discount_percent": "12.5"})
    assert created.status_code == 201, created.text
    assert D(created.json()["discount_percent"]) == D("12.5")
    assert api.post("/api/basics/discount-rules", json={**cell, "discount_percent": "3"}).status_code == 409
    rule_id = created.json()["id"]
    assert api.patch(f"/api/basics/discount-rules/{rule_id}", json={"discount_percent": "101"}).status_code == 422

    with other_company.write() as (session, ctx):
        foreign = CustomerDiscountGroup(tenant_id=ctx.tenant_id, code="X", name="Fremd")
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    response = api.post("/api/basics/discount-rules", json={**cell, "customer_discount_group_id": foreign_id,
                                                            "discount_percent": "3"})
    assert response.status_code == 422
    assert "customer_discount_group_id" in response.text

    listed = api.get("/api/basics/discount-rules").json()
    assert listed["total"] == 3  # the two of the fixture and the new one
    with company.read() as (session, ctx):
        assert len(session.exec(select(DiscountRule).where(DiscountRule.tenant_id == ctx.tenant_id)).all()) == 3


def test_the_discounts_of_a_line_over_http(api):
    """What a double click on the discount column shows: every quantity break, which one applies."""
    article = api.post("/api/articles", json={
        "description": "Rohrschelle", "sales_price_1": "2.00",
        "quantity_breaks": [{"min_quantity": "10", "discount_percent": "3"}, {"min_quantity": "50", "discount_percent": "6"}],
    }).json()
    entries = api.get(f"/api/articles/{article['id']}/discounts", params={"quantity": "20"}).json()
    breaks = [(e["percent"], e["applies"]) for e in entries if e["kind"] == "quantity_break"]
    assert breaks == [("3.0000", True), ("6.0000", False)]
    assert entries[-1]["kind"] == "mode" and entries[-1]["percent"] in ("3", "3.0000")
    assert api.get("/api/articles/999999/discounts").status_code == 404
    assert api.get("/api/basics/discount-rules", params={"q": "x"}).status_code == 422
