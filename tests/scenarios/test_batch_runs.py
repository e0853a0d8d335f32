"""The delivery-note run: a warehouse clerk turns every deliverable open order into a delivery
note in one go, with partial deliveries, backorders and customers who want complete orders."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from kontor.core.documents.batch import DeliverySelection, run_delivery_notes
from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.schemas import DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import Category, TaxCode
from kontor.core.masterdata.basics.parameters import CompanyParameters, set_parameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.queries import on_hand, verify_ledger

D = Decimal
MARCH_10 = date(2026, 3, 10)


@pytest.fixture
def shop(company):
    """Four customers (one wants complete deliveries only, two get collective invoices), a
    category, and articles: pump (10 in stock), fitting hours, book (5 in stock), sand (500)."""
    return make_shop(company)


def make_shop(company) -> dict[str, int]:
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        trade = Category(tenant_id=ctx.tenant_id, code="GH", name="Großhandel")
        session.add(trade)
        session.flush()
        customers = {
            "bau": Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH"),
            "haus": Customer(tenant_id=ctx.tenant_id, number="10002", short_name="HAUS", name1="Haus KG",
                             partial_delivery_blocked=True),
            "sammel": Customer(tenant_id=ctx.tenant_id, number="10003", short_name="SAMMEL", name1="Sammel AG",
                               collective_invoice=True, invoicing_cycle="monthly", category_id=trade.id),
            "woche": Customer(tenant_id=ctx.tenant_id, number="10004", short_name="WOCHE", name1="Woche OHG",
                              collective_invoice=True, invoicing_cycle="weekly", category_id=trade.id),
        }
        articles = {
            "pump": Article(tenant_id=ctx.tenant_id, number="P-1", description="Umwälzpumpe", article_type="M",
                            sales_price_1=D("120.00"), purchase_price=D("60"), tax_code_id=codes["U19"]),
            "hours": Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L",
                             sales_price_1=D("58.50"), tax_code_id=codes["U19"]),
            "book": Article(tenant_id=ctx.tenant_id, number="B-1", description="Handbuch", article_type="M",
                            sales_price_1=D("19.90"), tax_code_id=codes["U7"]),
            "sand": Article(tenant_id=ctx.tenant_id, number="S-1", description="Sand je kg", article_type="M",
                            sales_price_1=D("0.35"), tax_code_id=codes["U19"]),
        }
        session.add_all([*customers.values(), *articles.values()])
        session.flush()
        receive(session, ctx, articles["pump"].id, "10")
        receive(session, ctx, articles["book"].id, "5")
        receive(session, ctx, articles["sand"].id, "500")
        return {**{k: c.id for k, c in customers.items()}, **{k: a.id for k, a in articles.items()},
                "category": trade.id}


def receive(session, ctx, article_id: int, quantity: str, on: date = date(2026, 1, 1)) -> None:
    post_moves(session, ctx, [MoveSpec(article_id=article_id, quantity=D(quantity), moved_on=on, symbol="AB")])


def order(company, customer_id: int, *lines: tuple[int, str], on: date = date(2026, 3, 2)) -> int:
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=customer_id, doc_date=on,
            lines=[LineInput(article_id=a, quantity=D(q)) for a, q in lines])).id


def deliver(company, username: str | None = None, *, doc_date: date = MARCH_10, **options):
    run_options = {k: options.pop(k) for k in ("chunk_size", "progress", "stop_after") if k in options}
    return run_delivery_notes(company.kontor.db, lambda session: company.context(session, username),
                              DeliverySelection(doc_date=doc_date, **options), **run_options)


@pytest.mark.plugin_matrix
def test_the_delivery_run_delivers_what_is_on_hand_and_lists_the_backorder(company, shop):
    first = order(company, shop["bau"], (shop["pump"], "4"), (shop["hours"], "2"))
    second = order(company, shop["bau"], (shop["pump"], "8"), (shop["book"], "1"))

    result = deliver(company)

    assert result.counts == {"created": 2, "skipped": 0, "failed": 0, "backorders": 1}
    with company.read() as (session, ctx):
        complete, partial = (session.get(Document, c.id) for c in result.created)
        # 4 x 120.00 + 2 x 58.50 = 597.00, VAT 19 % 113.43
        assert (complete.number, complete.net_total, complete.tax_total, complete.gross_total) == (
            "LS000001", D("597.00"), D("113.43"), D("710.43"))
        # the first order took 4 pumps; 6 are left for the second: 720.00 at 19 % and the book at 7 %
        assert [l.quantity for l in lines_of(session, partial.id)] == [D("6"), D("1")]
        assert (partial.net_total, partial.tax_total, partial.gross_total) == (D("739.90"), D("138.19"), D("878.09"))
        assert (complete.variant, complete.batch_key, complete.doc_date) == ("batch", f"dn-run:{first}:1", MARCH_10)
        assert partial.batch_key == f"dn-run:{second}:1"
        assert on_hand(session, ctx, shop["pump"]) == D("0") and on_hand(session, ctx, shop["book"]) == D("4")
        assert session.get(Document, first).state == "delivered"
        assert session.get(Document, second).state == "partly_delivered"
        status = document_status(session, ctx, session.get(Document, second))
        assert [(s.delivered, s.open_to_deliver) for s in status.lines] == [(D("6"), D("2")), (D("1"), D("0"))]
        assert verify_ledger(session, ctx.tenant_id) == []
    [backorder] = result.backorders
    assert (backorder.order_id, backorder.delivery_note_id) == (second, partial.id)
    assert [(l.position, l.article_number, l.ordered, l.delivered, l.backorder) for l in backorder.lines] == [
        (1, "P-1", D("8"), D("6"), D("2"))]


def test_the_backorder_goes_out_with_a_later_run_once_stock_has_come_in(company, shop):
    waiting = order(company, shop["bau"], (shop["pump"], "12"))
    deliver(company)

    again = deliver(company)
    assert again.counts == {"created": 0, "skipped": 1, "failed": 0, "backorders": 0}
    assert again.skipped[0].message == "nothing on hand: P-1 (2 open, 0 on hand)"

    with company.write() as (session, ctx):
        receive(session, ctx, shop["pump"], "5", on=date(2026, 3, 11))
    later = deliver(company, doc_date=date(2026, 3, 12))
    assert later.counts == {"created": 1, "skipped": 0, "failed": 0, "backorders": 0}
    with company.read() as (session, ctx):
        note = session.get(Document, later.created[0].id)
        assert note.batch_key == f"dn-run:{waiting}:2" and [l.quantity for l in lines_of(session, note.id)] == [D("2")]
        assert session.get(Document, waiting).state == "delivered"
        assert on_hand(session, ctx, shop["pump"]) == D("3")
    assert deliver(company).counts["created"] == 0


def test_the_delivery_run_skips_a_customer_with_a_partial_delivery_block_when_stock_is_short(company, shop):
    blocked = order(company, shop["haus"], (shop["pump"], "12"), (shop["hours"], "1"))
    small = order(company, shop["haus"], (shop["pump"], "3"))
    other = order(company, shop["bau"], (shop["pump"], "5"))

    result = deliver(company)

    assert [c.source_ids for c in result.created] == [[small], [other]]
    assert [(s.item, s.source_ids) for s in result.skipped] == [("order AB000001", [blocked])]
    assert result.skipped[0].message == (
        "customer 10002 takes complete deliveries only; short: P-1 (12 open, 10 on hand)")
    assert result.backorders == []
    with company.read() as (session, ctx):
        assert session.get(Document, blocked).state == "open"
        assert on_hand(session, ctx, shop["pump"]) == D("2")


def test_with_negative_stock_allowed_every_open_order_goes_out_complete(company, shop):
    with company.write() as (session, ctx):
        set_parameters(session, ctx, CompanyParameters(company_name="Muster GmbH", allow_negative_stock=True))
    big = order(company, shop["haus"], (shop["pump"], "12"))

    result = deliver(company)

    assert result.counts == {"created": 1, "skipped": 0, "failed": 0, "backorders": 0}
    with company.read() as (session, ctx):
        assert session.get(Document, big).state == "delivered"
        assert on_hand(session, ctx, shop["pump"]) == D("-2")
        assert verify_ledger(session, ctx.tenant_id) == []


def test_the_delivery_run_takes_only_the_selected_customer_dates_and_category(company, shop):
    early = order(company, shop["bau"], (shop["hours"], "1"), on=date(2026, 2, 27))
    bau = order(company, shop["bau"], (shop["hours"], "1"), on=date(2026, 3, 2))
    sammel = order(company, shop["sammel"], (shop["hours"], "1"), on=date(2026, 3, 2))
    woche = order(company, shop["woche"], (shop["hours"], "1"), on=date(2026, 3, 5))

    def delivered(result):
        return [c.source_ids[0] for c in result.created]

    assert delivered(deliver(company, customer_id=shop["bau"], since=date(2026, 3, 1))) == [bau]
    assert delivered(deliver(company, category_id=shop["category"], until=date(2026, 3, 4))) == [sammel]
    assert delivered(deliver(company, since=date(2026, 3, 1))) == [woche]
    assert delivered(deliver(company)) == [early]


def test_a_blocked_customer_and_a_vetoed_movement_fail_alone_and_the_run_goes_on(company, shop):
    company.enable("test_events")  # refuses delivery-note movements of more than 100
    vetoed = order(company, shop["bau"], (shop["sand"], "150"))
    blocked = order(company, shop["haus"], (shop["pump"], "1"))
    fine = order(company, shop["sammel"], (shop["pump"], "2"), (shop["sand"], "100"))
    with company.write() as (session, ctx):
        customer = session.get(Customer, shop["haus"])
        customer.blocked, customer.blocked_reason = True, "Insolvenz"
        session.add(customer)

    result = deliver(company)

    assert [c.source_ids for c in result.created] == [[fine]]
    assert [(f.item, f.source_ids, f.message) for f in result.failures] == [
        ("order AB000001", [vetoed], "test_events: no delivery of more than 100 at once"),
        ("order AB000002", [blocked], "customer 10002 (HAUS) is blocked: Insolvenz; no new delivery note"),
    ]
    with company.read() as (session, ctx):
        assert on_hand(session, ctx, shop["sand"]) == D("400") and on_hand(session, ctx, shop["pump"]) == D("8")
        assert session.exec(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "delivery_note")).one() == 1
        assert verify_ledger(session, ctx.tenant_id) == []


def test_an_order_whose_first_delivery_was_invoiced_still_gets_its_backorder(company, shop):
    waiting = order(company, shop["bau"], (shop["pump"], "12"))
    first = deliver(company).created[0].id
    with company.write() as (session, ctx):
        convert(session, ctx, "invoice", source_document_ids=[first])
        assert session.get(Document, waiting).state == "partly_invoiced"
        receive(session, ctx, shop["pump"], "2")

    result = deliver(company)

    assert [c.source_ids for c in result.created] == [[waiting]]
    with company.read() as (session, ctx):
        assert document_status(session, ctx, session.get(Document, waiting)).lines[0].open_to_deliver == D("0")


def test_a_manual_partial_delivery_counts_and_the_run_delivers_the_rest(company, shop):
    manual = order(company, shop["bau"], (shop["pump"], "4"))
    with company.write() as (session, ctx):
        line = lines_of(session, manual)[0]
        convert(session, ctx, "delivery_note", [Take(source_line_id=line.id, quantity=D("1"))], doc_date=MARCH_10)

    result = deliver(company)

    assert result.created[0].batch_key == f"dn-run:{manual}:2"
    with company.read() as (session, ctx):
        assert [l.quantity for l in lines_of(session, result.created[0].id)] == [D("3")]
        assert on_hand(session, ctx, shop["pump"]) == D("6")


def test_the_delivery_run_needs_write_permission_on_sales(company, shop):
    from kontor.errors import PermissionDenied

    order(company, shop["bau"], (shop["hours"], "1"))
    viewer = company.add_user("viewer")
    with pytest.raises(PermissionDenied, match="lacks write permission on 'sales'"):
        deliver(company, viewer)
    assert deliver(company, company.add_user("clerk")).counts["created"] == 1
