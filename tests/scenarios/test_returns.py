"""A customer brings goods back: checks of purchase, quantity and warranty, the return
delivery note with stock back in, and the posted credit note at the price paid."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.posting import post_document
from kontor.core.documents.returns import ReturnItem, take_back
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.services import create_document, lines_of, update_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.core.users.permissions import CORE_PARTS, Level
from kontor.core.users.services import grant_role, set_role_grants
from kontor.errors import Conflict, Invalid, PermissionDenied

D = Decimal


@pytest.fixture
def shop(company):
    """Two customers; a pump (12 months warranty, 10 in stock), a book at 7 % (no warranty
    period set, 5 in stock) and fitting hours (labour)."""
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        bau = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH", price_class=2)
        other = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="HAUS", name1="Haus KG")
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Umwälzpumpe", article_type="M",
                       sales_price_1=D("120.00"), sales_price_2=D("99.99"), purchase_price=D("60"),
                       tax_code_id=codes["U19"], warranty_months=12)
        book = Article(tenant_id=ctx.tenant_id, number="B-1", description="Handbuch", article_type="M",
                       sales_price_1=D("19.90"), sales_price_2=D("19.90"), tax_code_id=codes["U7"])
        hours = Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L",
                        sales_price_1=D("58.50"), sales_price_2=D("58.50"), tax_code_id=codes["U19"])
        session.add_all([bau, other, pump, book, hours])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pump.id, quantity=D("10"), moved_on=date(2026, 1, 1), symbol="AB"),
                                  MoveSpec(article_id=book.id, quantity=D("5"), moved_on=date(2026, 1, 1), symbol="AB")])
        return {"bau": bau.id, "other": other.id, "pump": pump.id, "book": book.id, "hours": hours.id}


def deliver(session, ctx, customer_id, lines, on, *, invoice=False):
    """Order, deliver everything (and bill it); returns the delivery note's lines."""
    order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer_id, doc_date=on, lines=lines))
    note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=on)
    if invoice:
        post_document(session, ctx, convert(session, ctx, "invoice", source_document_ids=[note.id], doc_date=on).id)
    return lines_of(session, note.id)


def count(session, ctx, kind):
    return session.exec(select(func.count()).select_from(Document).where(
        Document.tenant_id == ctx.tenant_id, Document.kind == kind)).one()


def test_goods_come_back_at_the_price_paid_with_a_posted_credit_note_naming_the_invoice(company, shop):
    with company.write() as (session, ctx):
        delivered = deliver(session, ctx, shop["bau"], [
            LineInput(article_id=shop["pump"], quantity=D("5"), discount_percent=D("10")),
            LineInput(article_id=shop["book"], quantity=D("1"))], date(2026, 3, 2), invoice=True)
        invoice_id = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                            Document.kind == "invoice")).one()
        pump = session.get(Article, shop["pump"])
        pump.sales_price_2 = D("150.00")  # today's price must not matter
        session.add(pump)
        assert on_hand(session, ctx, shop["pump"]) == D("5") and on_hand(session, ctx, shop["book"]) == D("4")

    with company.write() as (session, ctx):
        result = take_back(session, ctx, shop["bau"], [
            ReturnItem(article_id=shop["pump"], quantity=D("2")),
            ReturnItem(article_id=shop["book"], quantity=D("1"), restock=False)], on=date(2026, 4, 10))
        note, credit = result.return_delivery_note, result.credit_note
        assert (note.kind, note.number, note.variant) == ("return_delivery_note", "RL000001", "return")
        assert (credit.kind, credit.number, credit.state) == ("credit_note", "GS000001", "posted")
        assert (credit.variant, credit.cash, credit.corrects_id) == ("return", False, invoice_id)
        returned = lines_of(session, note.id)
        assert [(l.returned_line_id, l.quantity, l.unit_price, l.discount_percent, l.net_amount, l.restock)
                for l in returned] == [(delivered[0].id, D("2"), D("99.99"), D("10"), D("179.98"), True),
                                       (delivered[1].id, D("1"), D("19.90"), D("0"), D("19.90"), False)]
        credited = lines_of(session, credit.id)
        assert [l.source_line_id for l in credited] == [l.id for l in returned]
        assert [l.tax_rate for l in credited] == [D("19"), D("7")]
        # 19 %: 179.98 -> VAT 34.20; 7 %: 19.90 -> VAT 1.39
        assert (credit.net_total, credit.tax_total, credit.gross_total) == (D("199.88"), D("35.59"), D("235.47"))
        assert on_hand(session, ctx, shop["pump"]) == D("7")
        assert on_hand(session, ctx, shop["book"]) == D("4")  # not put back into stock
        moves = session.exec(select(StockMove.symbol, StockMove.quantity, StockMove.document_number)
                             .where(StockMove.document_id == note.id)).all()
        assert moves == [("RL", D("2"), "RL000001")]
        assert verify_ledger(session, ctx.tenant_id) == []
        note_id = note.id

    with pytest.raises(Conflict, match="return delivery note RL000001 is locked"):
        with company.write() as (session, ctx):
            update_document(session, ctx, note_id, DocumentUpdate(footer_text="anders"))


def test_refusals_name_the_field_and_rule_and_write_nothing(company, shop):
    with company.write() as (session, ctx):
        delivered = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("5"))],
                            date(2026, 3, 2))
        other = deliver(session, ctx, shop["other"], [LineInput(article_id=shop["pump"], quantity=D("1"))],
                        date(2026, 3, 2))
        take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("2"))], on=date(2026, 3, 9))

    cases = [
        ([ReturnItem(article_id=shop["hours"], quantity=D("1"))], date(2026, 4, 1),
         "items.0.article_id", "bought_by_customer"),
        ([ReturnItem(article_id=shop["pump"], quantity=D("1"), returned_line_id=other[0].id)], date(2026, 4, 1),
         "items.0.returned_line_id", "bought_by_customer"),
        ([ReturnItem(article_id=shop["pump"], quantity=D("4"))], date(2026, 4, 1),
         "items.0.quantity", "not_above_delivered"),
        ([ReturnItem(article_id=shop["pump"], quantity=D("2")),
          ReturnItem(article_id=shop["pump"], quantity=D("2"), returned_line_id=delivered[0].id)], date(2026, 4, 1),
         "items.1.quantity", "not_above_delivered"),
        ([ReturnItem(article_id=shop["pump"], quantity=D("1"))], date(2027, 3, 3),
         "items.0.article_id", "within_warranty"),
        ([ReturnItem(article_id=shop["pump"], quantity=D("1"))], date(2026, 3, 1),
         "items.0.article_id", "bought_by_customer"),  # before the delivery
    ]
    for items, on, field, rule in cases:
        with pytest.raises(Invalid) as refused:
            with company.write() as (session, ctx):
                take_back(session, ctx, shop["bau"], items, on=on)
        assert [(p.field, p.rule) for p in refused.value.problems] == [(field, rule)]
        if rule == "bought_by_customer" and field.endswith("article_id"):
            assert "was delivered to customer 10001 (BAU) up to" in str(refused.value)
    assert "5 of article P-1 were delivered (LS000001) and 2 came back already; at most 3 can be taken back, " \
           "4 asked for" in str(_refusal(company, shop, D("4")))
    assert "warranty of 12 months, which ended on 02.03.2027" in str(_refusal(company, shop, D("1"), date(2027, 3, 3)))
    with company.read() as (session, ctx):
        assert (count(session, ctx, "return_delivery_note"), count(session, ctx, "credit_note")) == (1, 1)
        assert on_hand(session, ctx, shop["pump"]) == D("6")
        assert session.exec(select(func.count()).select_from(DocumentLine).where(
            DocumentLine.returned_line_id == delivered[0].id)).one() == 1


def _refusal(company, shop, quantity, on=date(2026, 4, 1)):
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=quantity)], on=on)
    return refused.value


def test_the_last_day_of_the_warranty_counts_and_no_warranty_period_means_no_limit(company, shop):
    with company.write() as (session, ctx):
        deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("1")),
                                            LineInput(article_id=shop["book"], quantity=D("1"))], date(2026, 3, 2))
    with company.write() as (session, ctx):
        take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("1"))], on=date(2027, 3, 2))
        take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["book"], quantity=D("1"))], on=date(2031, 1, 1))
        assert on_hand(session, ctx, shop["pump"]) == D("10") and on_hand(session, ctx, shop["book"]) == D("5")


def test_without_a_named_line_the_most_recent_deliveries_come_back_first_each_at_its_price(company, shop):
    with company.write() as (session, ctx):
        first = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("2"))],
                        date(2025, 6, 10))
        second = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("3"),
                                                               unit_price=D("109.99"))], date(2026, 3, 10))
    with company.write() as (session, ctx):
        # on 01.07.2026 the first delivery is out of its warranty (ended 10.06.2026)
        with pytest.raises(Invalid, match="only 3 delivered within the warranty can still come back on 01.07.2026, 4"):
            take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("4"))],
                      on=date(2026, 7, 1))
    with company.write() as (session, ctx):
        result = take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("4"))],
                           on=date(2026, 4, 1), credit="cash")
        credit = result.credit_note
        assert [(l.returned_line_id, l.quantity, l.net_amount) for l in lines_of(session, result.return_delivery_note.id)] == [
            (second[0].id, D("3"), D("329.97")), (first[0].id, D("1"), D("99.99"))]
        assert (credit.cash, credit.variant, credit.corrects_id, credit.number) == (True, "return", None, "GS000001")
        assert (credit.net_total, credit.tax_total, credit.gross_total) == (D("429.96"), D("81.69"), D("511.65"))
        assert on_hand(session, ctx, shop["pump"]) == D("9")
        assert verify_ledger(session, ctx.tenant_id) == []


def test_goods_billed_on_two_invoices_come_back_in_one_return_per_invoice(company, shop):
    with company.write() as (session, ctx):
        first = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("1"))],
                        date(2026, 3, 2), invoice=True)
        second = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("1"))],
                         date(2026, 3, 3), invoice=True)
        invoices = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                          Document.kind == "invoice").order_by(Document.id)).all()
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("2"))],
                      on=date(2026, 3, 20))
    assert [(p.field, p.rule) for p in refused.value.problems] == [("items", "one_invoice")]
    assert "billed on several invoices (RE000001, RE000002)" in str(refused.value)
    with company.write() as (session, ctx):
        for line, invoice_id in ((first[0], invoices[0]), (second[0], invoices[1])):
            result = take_back(session, ctx, shop["bau"], [ReturnItem(article_id=shop["pump"], quantity=D("1"),
                                                                     returned_line_id=line.id)], on=date(2026, 3, 20))
            assert result.credit_note.corrects_id == invoice_id
        assert on_hand(session, ctx, shop["pump"]) == D("10")


def test_taking_back_needs_the_returns_permission(company, shop):
    with company.write() as (session, ctx):
        deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("2"))], date(2026, 3, 2))
    clerk = company.add_user("clerk")
    item = [ReturnItem(article_id=shop["pump"], quantity=D("1"))]
    with pytest.raises(PermissionDenied, match="lacks write permission on 'returns'"):
        with company.write(clerk) as (session, ctx):
            take_back(session, ctx, shop["bau"], item, on=date(2026, 3, 9))
    with company.write() as (session, ctx):
        grants = {"sales": Level.POST, "returns": Level.WRITE}
        set_role_grants(session, ctx, "returns desk", grants, {p.name for p in CORE_PARTS})
        grant_role(session, ctx, clerk, "returns desk")
    with company.write(clerk) as (session, ctx):
        assert take_back(session, ctx, shop["bau"], item, on=date(2026, 3, 9)).credit_note.number == "GS000001"
    with company.read() as (session, ctx):
        assert (count(session, ctx, "return_delivery_note"), on_hand(session, ctx, shop["pump"])) == (1, D("9"))
