"""The commercial check of goods receipts: real prices, the moving average purchase price
over receipts at different prices (to the cent), and the supplier rating given at the same step.

Copper pipe starts with 100 m in stock at an average of 4.00. Three receipts from Huber are
checked at 4.30, 4.57 and 3.99 while stock is sold and goods go back, and the average follows:
4.1000, 4.1881 (4.19), 4.1798 (4.18). Huber's rating moves from A over B to C.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.models import Document
from kontor.core.documents.services import lines_of
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.purchasing.checking import check_receipt, moving_average
from kontor.core.purchasing.models import ReceiptCheckLine
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    CheckLine,
    CommercialCheck,
    GoodsReceiptCreate,
    PurchaseLineInput,
    PurchaseOrderCreate,
    ReceiptLineInput,
    ReleaseRequest,
    ReturnLineInput,
    SupplierReturnCreate,
)
from kontor.core.purchasing.supplier_returns import return_to_supplier
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.errors import Conflict, Invalid, PermissionDenied
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal
CENT = D("0.01")


@pytest.fixture
def world(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        post_moves(session, ctx, [MoveSpec(world["pipe"], D("100"), date(2026, 1, 1), "AB", unit_cost=D("4.00"))])
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("200"))]))
        world["order_line"] = lines_of(session, order.id)[0].id
    return world


def receive(company, world, quantity, on):
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(
            doc_date=on, lines=[ReceiptLineInput(source_line_id=world["order_line"], quantity=D(quantity))]))
        return receipt.id, lines_of(session, receipt.id)[0].id


def check(company, receipt_id, line_id, price, grades, on):
    with company.write() as (session, ctx):
        result = check_receipt(session, ctx, receipt_id, CommercialCheck(
            on=on, lines=[CheckLine(line_id=line_id, unit_price=D(price))], quality_grade=grades[0],
            delivery_date_grade=grades[1], quantity_grade=grades[2]))
        return result.grade


def average_and_rating(company, world):
    with company.read() as (session, ctx):
        return session.get(Article, world["pipe"]).average_cost, session.get(Supplier, world["huber"]).rating


def test_moving_average_over_receipts_at_different_prices(company, world):
    first, first_line = receive(company, world, "50", date(2026, 3, 9))
    with company.write() as (session, ctx):
        release_receipt(session, ctx, first, ReleaseRequest(on=date(2026, 3, 10)))
    assert check(company, first, first_line, "4.30", "AAB", date(2026, 3, 11)) == "A"
    # (100 x 4.00 + 50 x 4.30) / 150
    assert average_and_rating(company, world) == (D("4.1000"), "A")

    with company.write() as (session, ctx):  # 20 m sold before the next receipt
        post_moves(session, ctx, [MoveSpec(world["pipe"], D("-20"), date(2026, 3, 12), "LS")])
    second, second_line = receive(company, world, "30", date(2026, 3, 16))
    # checked before the technical release: the blocked 30 m are this receipt, not stock before
    assert check(company, second, second_line, "4.57", "CBC", date(2026, 3, 16)) == "C"
    average, rating = average_and_rating(company, world)
    # (130 x 4.1000 + 30 x 4.57) / 160 = 4.188125
    assert (average, average.quantize(CENT, ROUND_HALF_UP), rating) == (D("4.1881"), D("4.19"), "B")
    with company.read() as (session, ctx):
        line = lines_of(session, second)[0]
        assert (line.unit_price, line.net_amount, line.price_source) == (D("4.5700"), D("137.1000"), "checked")
        assert session.get(Document, second).net_total == D("137.1000")

    third, third_line = receive(company, world, "10", date(2026, 3, 20))
    with company.write() as (session, ctx):  # 3 m are dented: back from blocked stock
        return_to_supplier(session, ctx, SupplierReturnCreate(lines=[
            ReturnLineInput(receipt_line_id=third_line, quantity=D("3"), from_blocked=True)]))
    assert check(company, third, third_line, "3.99", "DDC", date(2026, 3, 21)) == "D"
    average, rating = average_and_rating(company, world)
    # (160 x 4.1881 + 7 x 3.99) / 167 = 4.17979...
    assert (average, average.quantize(CENT, ROUND_HALF_UP), rating) == (D("4.1798"), D("4.18"), "C")
    with company.read() as (session, ctx):
        trace = session.exec(select(ReceiptCheckLine).where(ReceiptCheckLine.document_line_id == third_line)).one()
        assert (trace.quantity, trace.stock_before, trace.average_before, trace.average_after,
                trace.ordered_price, trace.checked_price) == (
            D("7"), D("160"), D("4.1881"), D("4.1798"), D("4.2000"), D("3.9900"))
    assert_ledger_holds(company)


def test_the_formula_and_its_edges():
    assert moving_average(D("0"), D("9.99"), D("5"), D("2.50")) == D("2.5000")
    assert moving_average(D("-4"), D("9.99"), D("5"), D("2.50")) == D("2.5000")  # sold short: no old stock
    assert moving_average(D("1"), D("0.0001"), D("2"), D("0.0001")) == D("0.0001")
    assert moving_average(D("2"), D("1"), D("1"), D("0")) == D("0.6667")  # half up at the fourth place


def test_a_receipt_is_checked_once_and_bad_checks_change_nothing(company, world):
    receipt, line = receive(company, world, "10", date(2026, 3, 9))
    viewer = company.add_user("viewer")
    with pytest.raises(PermissionDenied):
        with company.write(viewer) as (session, ctx):
            check_receipt(session, ctx, receipt, CommercialCheck())
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            check_receipt(session, ctx, receipt, CommercialCheck(lines=[CheckLine(line_id=999999,
                                                                                  unit_price=D("1"))]))
    assert refused.value.problems[0].field == "lines.0.line_id"
    assert average_and_rating(company, world) == (D("4.0000"), "")
    assert check(company, receipt, line, "4.00", "AAA", date(2026, 3, 9)) == "A"
    with pytest.raises(Conflict, match="checked already"):
        check(company, receipt, line, "5.00", "AAA", date(2026, 3, 9))
    assert average_and_rating(company, world) == (D("4.0000"), "A")
