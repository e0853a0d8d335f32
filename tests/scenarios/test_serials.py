"""Heat pumps carry serial numbers, refrigerant comes in batches: numbers are assigned at
goods receipt and delivery, reserved in the order, followed through every movement, and a
faulty pump is exchanged by the supplier."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.returns import ReturnItem, take_back
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.documents.stock_sync import post_lines
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.core.stock.serial_models import SerialMovement, SerialReservation
from kontor.core.stock.serials import (
    BatchInput,
    assign_numbers,
    exchange_serial,
    list_numbers,
    missing_numbers,
    reserve_numbers,
    trail_of,
)
from kontor.errors import Conflict, Invalid

D = Decimal


def receive(session, ctx, supplier_id, article_id, quantity, on, number):
    """A goods receipt with one line, its stock posted as free stock (released at once)."""
    receipt = Document(tenant_id=ctx.tenant_id, kind="goods_receipt", number=number, doc_date=on,
                       supplier_id=supplier_id)
    session.add(receipt)
    session.flush()
    line = DocumentLine(tenant_id=ctx.tenant_id, document_id=receipt.id, position=1, article_id=article_id,
                        quantity=quantity)
    session.add(line)
    session.flush()
    post_lines(session, ctx, receipt, [line])
    return line.id


def note_for(session, ctx, customer_id, article_id, quantity, on):
    note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=customer_id, doc_date=on,
                                                        lines=[LineInput(article_id=article_id, quantity=quantity)]))
    return lines_of(session, note.id)[0].id


@pytest.fixture
def haus(company):
    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="THERMO", name1="Thermo Werke AG")
        kunde_a = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="MEIER", name1="Meier Haustechnik")
        kunde_b = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="HUBER", name1="Huber Bau")
        pump = Article(tenant_id=ctx.tenant_id, number="WP-9", description="Wärmepumpe 9 kW", tracking="serial",
                       purchase_price=D("420"), sales_price_1=D("690"))
        gas = Article(tenant_id=ctx.tenant_id, number="R32", description="Kältemittel R32 (kg)", tracking="batch",
                      purchase_price=D("18.50"), sales_price_1=D("29.00"))
        session.add_all([supplier, kunde_a, kunde_b, pump, gas])
        session.flush()
        return {"supplier": supplier.id, "a": kunde_a.id, "b": kunde_b.id, "pump": pump.id, "gas": gas.id}


def test_a_serial_from_receipt_over_reservation_and_delivery_to_the_supplier_exchange(company, haus):
    """Three pumps arrive; Meier's order reserves SN-002; Huber gets SN-001 on a free delivery
    note and cannot have the reserved one; SN-001 cannot leave twice; Huber sends it back
    faulty and the supplier exchanges it for SN-101."""
    with company.write() as (session, ctx):
        receipt_line = receive(session, ctx, haus["supplier"], haus["pump"], D("3"), date(2026, 4, 1), "WE-1")
        with pytest.raises(Invalid) as wrong:
            assign_numbers(session, ctx, receipt_line, serials=["SN-001", "SN-002"])
        assert (wrong.value.problems[0].field, wrong.value.problems[0].rule) == ("serials", "count")
        assign_numbers(session, ctx, receipt_line, serials=["SN-001", "SN-002", "SN-003"])
        assign_numbers(session, ctx, receipt_line, serials=["SN-001", "SN-002", "SN-003"])  # a retry doubles nothing
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=haus["a"], doc_date=date(2026, 4, 2),
                                                             lines=[LineInput(article_id=haus["pump"], quantity=D("1"))]))
        order_line = lines_of(session, order.id)[0].id
        reserve_numbers(session, ctx, order_line, serials=["SN-002"])
        reserve_numbers(session, ctx, order_line, serials=["SN-002"])  # again: still one reservation
        assert len(session.exec(select(SerialReservation).where(SerialReservation.order_line_id == order_line)).all()) == 1

    with company.write() as (session, ctx):
        huber_line = note_for(session, ctx, haus["b"], haus["pump"], D("1"), date(2026, 4, 3))
    with pytest.raises(Conflict, match="reserved for another order"), company.write() as (session, ctx):
        assign_numbers(session, ctx, huber_line, serials=["SN-002"])
    with company.write() as (session, ctx):
        assign_numbers(session, ctx, huber_line, serials=["SN-001"])
        second = note_for(session, ctx, haus["b"], haus["pump"], D("1"), date(2026, 4, 4))
    with pytest.raises(Conflict, match="SN-001.*not in stock"), company.write() as (session, ctx):
        assign_numbers(session, ctx, second, serials=["SN-001"])
    with pytest.raises(Invalid) as unknown, company.write() as (session, ctx):
        assign_numbers(session, ctx, second, serials=["SN-999"])
    assert (unknown.value.problems[0].field, unknown.value.problems[0].rule) == ("serials", "in_stock")
    with pytest.raises(Conflict, match="has its numbers already"), company.write() as (session, ctx):
        assign_numbers(session, ctx, huber_line, serials=["SN-003"])

    with company.write() as (session, ctx):
        meier_note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=date(2026, 4, 5))
        assign_numbers(session, ctx, lines_of(session, meier_note.id)[0].id, serials=["SN-002"])
        assert session.exec(select(SerialReservation).where(SerialReservation.order_line_id == order_line)).all() == []
        back = take_back(session, ctx, haus["b"], [ReturnItem(article_id=haus["pump"], quantity=D("1"))],
                         on=date(2026, 4, 10)).return_delivery_note
        assign_numbers(session, ctx, lines_of(session, back.id)[0].id, serials=["SN-001"])
        replacement = exchange_serial(session, ctx, haus["pump"], "SN-001", "SN-101", date(2026, 4, 20),
                                      note="Kompressor defekt")
        assert replacement.replaces_id is not None

    with company.read() as (session, ctx):
        serial, trail = trail_of(session, ctx, haus["pump"], "SN-001")
        assert serial.state == "exchanged"
        assert [(t.symbol, t.quantity, t.document_kind, t.moved_on) for t in trail] == [
            ("WE", D("1"), "goods_receipt", date(2026, 4, 1)),
            ("LS", D("-1"), "delivery_note", date(2026, 4, 3)),
            ("RL", D("1"), "return_delivery_note", date(2026, 4, 10)),
            ("RS", D("-1"), None, date(2026, 4, 20)),
        ]
        assert "SN-101" in trail[-1].note
        new, new_trail = trail_of(session, ctx, haus["pump"], "SN-101")
        assert (new.state, new.replaces_id, [t.symbol for t in new_trail]) == ("in_stock", serial.id, ["WE"])
        assert [s.number for s in list_numbers(session, ctx, haus["pump"], state="in_stock")] == ["SN-003", "SN-101"]
        # 3 in, 3 out (the second note to Huber too, still without its serial), 1 back, exchanged 1:1
        assert on_hand(session, ctx, haus["pump"]) == D("1")
        ledger_serials = session.exec(select(StockMove.serial, StockMove.quantity).where(
            StockMove.tenant_id == ctx.tenant_id, StockMove.symbol.in_(("RS", "WE")), StockMove.serial != "")).all()
        assert sorted(ledger_serials) == [("SN-001", D("-1")), ("SN-101", D("1"))]
        assert verify_ledger(session, ctx.tenant_id) == []
        assert [m.line_id for m in missing_numbers(session, ctx)] == [second]


def test_batches_are_split_over_a_delivery_and_never_go_below_zero(company, haus):
    """10 kg of batch CH-A and 5 kg of CH-B arrive; 12 kg leave as 10 of CH-A and 2 of CH-B;
    3 more kg taken from the empty CH-A are refused, and the missing list names the line."""
    with company.write() as (session, ctx):
        first = receive(session, ctx, haus["supplier"], haus["gas"], D("10"), date(2026, 5, 1), "WE-2")
        second = receive(session, ctx, haus["supplier"], haus["gas"], D("5"), date(2026, 5, 2), "WE-3")
        assign_numbers(session, ctx, first, batches=[BatchInput(number="CH-A", quantity=D("10"))])
        assign_numbers(session, ctx, second, batches=[BatchInput(number="CH-B", quantity=D("5"))])
        line = note_for(session, ctx, haus["a"], haus["gas"], D("12"), date(2026, 5, 3))
        with pytest.raises(Invalid) as wrong:
            assign_numbers(session, ctx, line, batches=[BatchInput(number="CH-A", quantity=D("10"))])
        assert (wrong.value.problems[0].field, wrong.value.problems[0].rule) == ("batches", "sum")
        with pytest.raises(Invalid) as wrong:
            assign_numbers(session, ctx, line, serials=["CH-A"])
        assert (wrong.value.problems[0].field, wrong.value.problems[0].rule) == ("serials", "tracking")
        assign_numbers(session, ctx, line, batches=[BatchInput(number="CH-A", quantity=D("10")),
                                                    BatchInput(number="CH-B", quantity=D("2"))])
        late = note_for(session, ctx, haus["b"], haus["gas"], D("3"), date(2026, 5, 4))

    with pytest.raises(Conflict, match="CH-A.*holds only 0"), company.write() as (session, ctx):
        assign_numbers(session, ctx, late, batches=[BatchInput(number="CH-A", quantity=D("3"))])
    with company.read() as (session, ctx):
        batches = {b.number: (b.quantity, b.state) for b in list_numbers(session, ctx, haus["gas"])}
        assert batches == {"CH-A": (D("0"), "delivered"), "CH-B": (D("3"), "in_stock")}
        assert [(m.line_id, m.quantity, m.assigned) for m in missing_numbers(session, ctx)] == [(late, D("3"), D("0"))]
        _, trail = trail_of(session, ctx, haus["gas"], "CH-B")
        assert [(t.symbol, t.quantity) for t in trail] == [("WE", D("5")), ("LS", D("-2"))]
        assert session.exec(select(SerialMovement).where(SerialMovement.document_line_id == late)).all() == []
        assert verify_ledger(session, ctx.tenant_id) == []


def test_serials_over_http(api, company):
    """The clerk's screen: receive two pumps, give them numbers, deliver one, read its trail."""
    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="THERMO", name1="Thermo Werke AG")
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="MEIER", name1="Meier Haustechnik")
        pump = Article(tenant_id=ctx.tenant_id, number="WP-9", description="Wärmepumpe 9 kW", tracking="serial")
        session.add_all([supplier, customer, pump])
        session.flush()
        receipt_line = receive(session, ctx, supplier.id, pump.id, D("2"), date(2026, 4, 1), "WE-1")
        note_line = note_for(session, ctx, customer.id, pump.id, D("1"), date(2026, 4, 2))
        pump_id = pump.id
    answer = api.post(f"/api/stock/lines/{receipt_line}/numbers", json={"serials": ["A-1", "A-2"]})
    assert answer.status_code == 201, answer.text
    assert [m["quantity"] for m in answer.json()] == ["1.0000", "1.0000"]
    refused = api.post(f"/api/stock/lines/{note_line}/numbers", json={"serials": ["A-1", "A-2"]})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "serials"
    missing = api.get("/api/stock/serials/missing").json()
    assert [m["line_id"] for m in missing] == [note_line]
    assert api.post(f"/api/stock/lines/{note_line}/numbers", json={"serials": ["A-1"]}).status_code == 201
    twice = api.post(f"/api/stock/lines/{note_line}/numbers", json={"serials": ["A-2"]})
    assert twice.status_code == 409
    with company.read() as (session, ctx):
        note_id = session.get(DocumentLine, note_line).document_id
    removed = api.patch(f"/api/documents/{note_id}", json={"lines": []})
    assert removed.status_code == 409, removed.text  # the line keeps its serial: it cannot simply vanish
    with company.read() as (session, ctx):
        assert session.get(DocumentLine, note_line) is not None
        assert verify_ledger(session, ctx.tenant_id) == []
    trail = api.get("/api/stock/serials/trail", params={"article_id": pump_id, "number": "A-1"}).json()
    assert (trail["state"], [t["symbol"] for t in trail["movements"]]) == ("delivered", ["WE", "LS"])
    listed = api.get("/api/stock/serials", params={"article_id": pump_id, "state": "in_stock"}).json()
    assert [s["number"] for s in listed] == ["A-2"]
    exchanged = api.post("/api/stock/serials/exchange", json={"article_id": pump_id, "old_number": "A-2",
                                                              "new_number": "A-3", "on": "2026-04-20"})
    assert exchanged.status_code == 201 and exchanged.json()["state"] == "in_stock"


def test_own_serial_numbers_are_generated_for_a_receipt_and_a_retry_keeps_them(company, haus):
    """Pumps from a supplier without serials get ours from the number range."""
    with company.write() as (session, ctx):
        line = receive(session, ctx, haus["supplier"], haus["pump"], D("2"), date(2026, 6, 1), "WE-9")
        first = assign_numbers(session, ctx, line, generate=True)
        again = assign_numbers(session, ctx, line, generate=True)
        assert [m.id for m in first] == [m.id for m in again]
        numbers = sorted(s.number for s in list_numbers(session, ctx, haus["pump"]))
        assert numbers == ["SN00000001", "SN00000002"]
        note = note_for(session, ctx, haus["a"], haus["pump"], D("1"), date(2026, 6, 2))
        with pytest.raises(Invalid) as refused:
            assign_numbers(session, ctx, note, generate=True)
        assert refused.value.problems[0].rule == "incoming_serial"
        assign_numbers(session, ctx, note, serials=["SN00000002"])
        assert [s.number for s in list_numbers(session, ctx, haus["pump"], state="in_stock")] == ["SN00000001"]


def test_a_reserved_part_of_a_batch_stays_for_its_order(company, haus):
    """Meier's order reserves 3 kg of batch CH-B (asked twice: still 3 kg); Huber's delivery
    takes the other 2 kg, Huber's next order finds nothing left to reserve, and Meier's
    delivery takes the reserved 3 kg."""
    with company.write() as (session, ctx):
        line = receive(session, ctx, haus["supplier"], haus["gas"], D("5"), date(2026, 5, 2), "WE-3")
        assign_numbers(session, ctx, line, batches=[BatchInput(number="CH-B", quantity=D("5"))])
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=haus["a"], doc_date=date(2026, 5, 3),
                                                             lines=[LineInput(article_id=haus["gas"], quantity=D("3"))]))
        order_line = lines_of(session, order.id)[0].id
        for _ in range(2):
            reserved = reserve_numbers(session, ctx, order_line, batches=[BatchInput(number="CH-B", quantity=D("3"))])
        assert [r.quantity for r in reserved] == [D("3")]
        huber = note_for(session, ctx, haus["b"], haus["gas"], D("2"), date(2026, 5, 4))
        assign_numbers(session, ctx, huber, batches=[BatchInput(number="CH-B", quantity=D("2"))])
        other = create_document(session, ctx, DocumentCreate(kind="order", customer_id=haus["b"], doc_date=date(2026, 5, 4),
                                                             lines=[LineInput(article_id=haus["gas"], quantity=D("1"))]))
        with pytest.raises(Conflict, match="3 in stock, 3 reserved already"):
            reserve_numbers(session, ctx, lines_of(session, other.id)[0].id,
                            batches=[BatchInput(number="CH-B", quantity=D("1"))])
        with pytest.raises(Invalid):  # more than the order line holds
            reserve_numbers(session, ctx, order_line, batches=[BatchInput(number="CH-B", quantity=D("4"))])
    with company.write() as (session, ctx):
        meier = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=date(2026, 5, 5))
        assign_numbers(session, ctx, lines_of(session, meier.id)[0].id,
                       batches=[BatchInput(number="CH-B", quantity=D("3"))])
        assert session.exec(select(SerialReservation).where(SerialReservation.order_line_id == order_line)).all() == []
        assert {b.number: b.state for b in list_numbers(session, ctx, haus["gas"])} == {"CH-B": "delivered"}
        assert verify_ledger(session, ctx.tenant_id) == []
