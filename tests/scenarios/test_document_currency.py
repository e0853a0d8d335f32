"""Documents, open items and payments in a currency other than the home currency, through the
core's hooks `kontor_document_currency`, `kontor_exchange_rate` and `kontor_allocations_booked`
(answered here by the test plugin tests.plugins.currency_plugin).

Home currency EUR. A Swiss customer is billed in CHF: 1 CHF = 1.05 EUR from 1 March 2026,
1.06 from 10 March, 1.08 from 1 April. A pump costs 100.00 EUR (price class 1, 19 % VAT).
Without a plugin that keeps rates every document is in EUR, whatever the customer's currency.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.services import create_document, lines_of, update_document
from kontor.core.finance.ageing import ageing
from kontor.core.finance.datev import posting_cells
from kontor.core.finance.datev_settings import read_datev_settings
from kontor.core.finance.models import OpenItem
from kontor.core.finance.open_items import open_balance
from kontor.core.finance.payment_schemas import AllocationIn, PaymentIn
from kontor.core.finance.payments import enter_payment
from kontor.core.finance.postings import period_postings
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import RevenueCode, TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.purchasing.checking import check_receipt
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.schemas import CommercialCheck, GoodsReceiptCreate, PurchaseLineInput, PurchaseOrderCreate
from kontor.errors import Invalid
from tests.plugins.currency_plugin import BOOKED, RATES

D = Decimal


def world(company) -> dict[str, int]:
    RATES[(company.code, "CHF")] = {date(2026, 3, 1): D("1.05"), date(2026, 3, 10): D("1.06"),
                                    date(2026, 4, 1): D("1.08")}
    RATES[(company.code, "USD")] = {date(2026, 3, 1): D("0.92")}
    with company.write() as (session, ctx):
        u19 = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        revenue = RevenueCode(tenant_id=ctx.tenant_id, code="E19", name="Erlöse 19 %", account="8400",
                              tax_code_id=u19.id)
        zurich = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="ZUERICH", name1="Zürich AG",
                          country_code="CH", currency_code="CHF")
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Pumpe", sales_price_1=D("100.00"),
                       purchase_price=D("60.00"), tax_code_id=u19.id)
        boston = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="BOSTON", name1="Boston Pumps Inc.",
                          country_code="US", currency_code="USD")
        session.add_all([revenue, zurich, pump, boston])
        session.flush()
        session.add(ArticleSupplier(tenant_id=ctx.tenant_id, article_id=pump.id, supplier_id=boston.id,
                                    net_price=D("50.00"), currency_code="USD", is_main=True))
        return {"zurich": zurich.id, "pump": pump.id, "boston": boston.id}


def quote(company, ids, on=date(2026, 3, 2), kind="quote", **header):
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(
            kind=kind, customer_id=ids["zurich"], doc_date=on,
            lines=[LineInput(article_id=ids["pump"], quantity=D("3"))], **header)).id


def read(company, document_id) -> Document:
    with company.read() as (session, ctx):
        return session.get(Document, document_id)


def test_without_a_plugin_that_keeps_rates_every_document_is_in_home_currency(company):
    ids = world(company)
    document = read(company, quote(company, ids))
    assert (document.currency_code, document.exchange_rate) == ("EUR", D(1))
    assert (document.net_total, document.gross_total) == (D("300.00"), D("357.00"))
    assert (document.home_net_total, document.home_tax_total, document.home_gross_total) == (
        D("300.00"), D("57.00"), D("357.00"))
    with pytest.raises(Invalid) as refused:
        quote(company, ids, currency_code="CHF")
    problem = refused.value.problems[0]
    assert (problem.field, problem.rule) == ("currency_code", "exchange_rate")
    assert "CHF" in problem.message and "02.03.2026" in problem.message


def test_a_document_in_the_customers_currency_converts_prices_and_keeps_home_totals(company):
    ids = world(company)
    company.enable("test_currency")
    quote_id = quote(company, ids)
    document = read(company, quote_id)
    assert (document.currency_code, document.exchange_rate, document.exchange_rate_manual) == ("CHF", D("1.05"), False)
    with company.read() as (session, ctx):
        line = lines_of(session, quote_id)[0]
    assert line.unit_price == D("95.2381")  # 100.00 EUR / 1.05
    assert line.cost_price == D("57.1429")  # 60.00 EUR / 1.05: cost and revenue in one currency
    # CHF: net 285.71, VAT 54.28, gross 339.99; EUR per VAT rate: 300.00 (299.9955) + 56.99 (56.994)
    assert (document.net_total, document.tax_total, document.gross_total) == (D("285.71"), D("54.28"), D("339.99"))
    assert (document.home_net_total, document.home_tax_total, document.home_gross_total) == (
        D("300.00"), D("56.99"), D("356.99"))

    # the rate follows the document date, a rate set by hand stays until it is cleared
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(doc_date=date(2026, 3, 12)))
    assert read(company, quote_id).exchange_rate == D("1.06")
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(exchange_rate=D("1.07")))
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(doc_date=date(2026, 3, 2)))
    manual = read(company, quote_id)
    assert (manual.exchange_rate, manual.exchange_rate_manual, manual.home_gross_total) == (
        D("1.07"), True, D("363.79"))  # 305.71 (305.7097) + 58.08 (58.0796)
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(exchange_rate=None))
    assert (read(company, quote_id).exchange_rate, read(company, quote_id).exchange_rate_manual) == (D("1.05"), False)

    # no rate on the day: refused, naming currency and date
    with pytest.raises(Invalid) as refused:
        quote(company, ids, on=date(2026, 2, 27))
    assert "CHF" in refused.value.problems[0].message and "27.02.2026" in refused.value.problems[0].message


@pytest.mark.hook("kontor_document_currency", "kontor_exchange_rate", "kontor_allocations_booked")
def test_an_invoice_in_chf_is_paid_at_another_rate_and_settled_in_both_currencies(company):
    ids = world(company)
    company.enable("test_currency")
    quote_id = quote(company, ids, kind="order")
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[quote_id], doc_date=date(2026, 3, 12))
        assert (invoice.currency_code, invoice.exchange_rate) == ("CHF", D("1.06"))  # the invoice date's rate
        post_document(session, ctx, invoice.id)
        invoice_id = invoice.id
    with company.read() as (session, ctx):
        item = session.exec(select(OpenItem).where(OpenItem.document_id == invoice_id)).one()
        # CHF 339.99; EUR 302.85 (302.8526) + 57.54 (57.5368)
        assert (item.currency_code, item.amount, item.exchange_rate, item.home_amount, item.home_open_amount) == (
            "CHF", D("339.99"), D("1.06"), D("360.39"), D("360.39"))
        assert open_balance(session, ctx.tenant_id, ids["zurich"]) == D("360.39")
        assert ageing(session, ctx, date(2026, 3, 31)).total.balance == D("360.39")
        item_id = item.id

    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):  # EUR cannot settle a CHF item
        enter_payment(session, ctx, PaymentIn(customer_id=ids["zurich"], paid_on=date(2026, 4, 2),
                                              amount=D("100.00"), currency_code="EUR",
                                              allocations=[AllocationIn(open_item_id=item_id)]))
    assert refused.value.problems[0].rule == "same_currency"

    BOOKED.pop(company.code, None)
    for amount in ("113.33", "113.33", "113.33"):  # in CHF on 2 April: 1 CHF = 1.08 EUR
        with company.write() as (session, ctx):
            payment = enter_payment(session, ctx, PaymentIn(customer_id=ids["zurich"], paid_on=date(2026, 4, 2),
                                                            amount=D(amount),
                                                            allocations=[AllocationIn(open_item_id=item_id)]))
            assert (payment.currency_code, payment.exchange_rate, payment.home_amount) == ("CHF", D("1.08"),
                                                                                           D("122.40"))
    with company.read() as (session, ctx):
        item = session.get(OpenItem, item_id)
        assert (item.state, item.open_amount, item.home_open_amount) == ("paid", D("0"), D("0"))
        assert open_balance(session, ctx.tenant_id, ids["zurich"]) == D("0")
        assert ageing(session, ctx, date(2026, 4, 30)).total.balance == D("0")
        assert ageing(session, ctx, date(2026, 3, 31)).total.balance == D("360.39")  # exact for past key dates
    # book values 120.13 + 120.13 + the rest 120.13 = 360.39; paid 122.40 each (122.3964)
    assert BOOKED[company.code] == [("payment", D("113.33"), D("120.13"), D("122.40"))] * 3


def test_datev_posts_a_foreign_invoice_with_its_rate_and_home_amount(company):
    ids = world(company)
    company.enable("test_currency")
    quote_id = quote(company, ids, kind="order")
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[quote_id], doc_date=date(2026, 3, 12))
        post_document(session, ctx, invoice.id)
    with company.read() as (session, ctx):
        postings = list(period_postings(session, ctx.tenant_id, read_datev_settings(session, ctx.tenant_id),
                                        date(2026, 3, 1), date(2026, 3, 31)))
    assert len(postings) == 1
    cells = posting_cells(postings[0])
    # Umsatz 339,99 CHF, Kurs 1 / 1.06 = 0.943396 CHF per EUR, Basis-Umsatz 360,39 EUR
    assert cells[:6] == ["339,99", "S", "CHF", "0,943396", "360,39", "EUR"]


def test_a_purchase_in_the_suppliers_currency_enters_the_average_at_the_receipts_rate(company):
    ids = world(company)
    company.enable("test_currency")
    RATES[(company.code, "USD")][date(2026, 3, 5)] = D("0.93")
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=ids["boston"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=ids["pump"], quantity=D("10"))]))
        assert (order.currency_code, order.exchange_rate) == ("USD", D("0.92"))
        assert lines_of(session, order.id)[0].unit_price == D("50.00")  # the supplier's USD price as it stands
        assert (order.net_total, order.home_net_total) == (D("500.00"), D("460.00"))
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 6),
                                                                 source_document_ids=[order.id]))
        assert (receipt.currency_code, receipt.exchange_rate) == ("USD", D("0.93"))
        check_receipt(session, ctx, receipt.id, CommercialCheck(on=date(2026, 3, 6)))
        assert session.get(Article, ids["pump"]).average_cost == D("46.5000")  # 50.00 USD x 0.93
