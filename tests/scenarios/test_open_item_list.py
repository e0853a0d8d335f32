"""The open-item list with ageing, and invoices filtered by their payment state.

At the end of June the bookkeeper of the wholesaler prints the ageing list. Bau GmbH has
invoices in every bucket (not due, 1-30, 31-60, 61-90, over 90 days past due; 30 and 31
days sit on either side of a limit), one partly paid, one paid after the end of May. Haustechnik
KG has overpaid (a credit) and holds a credit note. The list on 30 June and the list on
31 May (payments after the key date not yet counted, later invoices not yet there) are
exact to the cent, per customer and in total.
"""

from datetime import date
from decimal import Decimal

from litestar import Litestar
from litestar.testing import TestClient

from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.finance.ageing import ageing
from kontor.core.finance.item_lists import ItemFilter, list_invoices, list_open_items
from kontor.core.finance.payment_schemas import AllocationIn
from kontor.testing import ApiClient
from kontor.web.api import open_items as open_items_api
from kontor.web.problems import EXCEPTION_HANDLERS
from tests.scenarios.test_payments import make_customer, make_invoice, pay

D = Decimal


def june_ledger(company) -> dict:
    bau = make_customer(company, "20001", "Bau GmbH")
    haus = make_customer(company, "20002", "Haustechnik KG")
    over_90 = make_invoice(company, bau, date(2026, 2, 1))        # due 3 March: 119 days on 30 June
    make_invoice(company, bau, date(2026, 3, 10))                  # due 9 April: 82 days
    partly = make_invoice(company, bau, date(2026, 4, 20))         # due 20 May: 41 days, 200 paid on 1 June
    make_invoice(company, bau, date(2026, 4, 30))                  # due 30 May: 31 days
    make_invoice(company, bau, date(2026, 5, 1))                   # due 31 May: 30 days
    make_invoice(company, bau, date(2026, 6, 20))                  # due 20 July: not due
    paid_late = make_invoice(company, bau, date(2026, 1, 5))       # due 4 Feb, paid in full on 15 June
    pay(company, bau, date(2026, 6, 1), "200.00", AllocationIn(open_item_id=partly, amount=D("200.00")))
    pay(company, bau, date(2026, 6, 15), "357.00", AllocationIn(open_item_id=paid_late))
    haus_invoice = make_invoice(company, haus, date(2026, 6, 10))
    pay(company, haus, date(2026, 6, 12), "400.00", AllocationIn(open_item_id=haus_invoice))  # 43.00 credit
    make_invoice(company, haus, date(2026, 6, 11), quantity="1", kind="credit_note")           # -119.00, due 11 July
    return {"bau": bau, "haus": haus, "over_90": over_90}


def columns(row) -> tuple:
    return (row.customer_number, row.not_due, row.days_1_30, row.days_31_60, row.days_61_90, row.over_90, row.credit,
            row.balance)


def test_ageing_on_a_key_date_per_customer_and_in_total_to_the_cent(company):
    june_ledger(company)
    with company.read() as (session, ctx):
        end_of_june = ageing(session, ctx, date(2026, 6, 30))
        end_of_may = ageing(session, ctx, date(2026, 5, 31))
    assert [columns(r) for r in end_of_june.rows] == [
        ("20001", D("357.00"), D("357.00"), D("514.00"), D("357.00"), D("357.00"), D("0"), D("1942.00")),
        ("20002", D("-119.00"), D("0"), D("0"), D("0"), D("0"), D("-43.00"), D("-162.00")),
    ]
    assert columns(end_of_june.total)[1:] == (D("238.00"), D("357.00"), D("514.00"), D("357.00"), D("357.00"),
                                              D("-43.00"), D("1780.00"))
    # on 31 May: the June payments and invoices do not exist yet; the boundary item is due that day
    assert [columns(r) for r in end_of_may.rows] == [
        ("20001", D("357.00"), D("714.00"), D("357.00"), D("357.00"), D("357.00"), D("0"), D("2142.00")),
    ]
    assert end_of_may.total.balance == D("2142.00")


def test_ageing_of_one_customer_and_open_items_filtered_by_state_customer_and_due_date(company):
    ledger = june_ledger(company)
    with company.read() as (session, ctx):
        one = ageing(session, ctx, date(2026, 6, 30), customer_id=ledger["haus"]["customer"])
        assert [r.customer_name for r in one.rows] == ["Haustechnik KG"] and one.total.balance == D("-162.00")
        partly = list_open_items(session, ctx, ItemFilter(states=("partly_paid",)))
        assert [(r.customer_name, r.open_amount, r.due_date) for r in partly] == [
            ("Bau GmbH", D("157.00"), date(2026, 5, 20))]
        overdue = list_open_items(session, ctx, ItemFilter(customer_id=ledger["bau"]["customer"],
                                                           overdue_on=date(2026, 5, 1)))
        assert [(r.id, r.due_date) for r in overdue][0] == (ledger["over_90"], date(2026, 3, 3))
        assert [r.due_date for r in overdue] == [date(2026, 3, 3), date(2026, 4, 9)]
        due_in_may = list_open_items(session, ctx, ItemFilter(due_from=date(2026, 5, 1), due_to=date(2026, 5, 31)))
        assert [r.due_date for r in due_in_may] == [date(2026, 5, 20), date(2026, 5, 30), date(2026, 5, 31)]
        paid = list_open_items(session, ctx, ItemFilter(states=("paid",)))
        assert sorted(r.number for r in paid) == ["RE000007", "RE000008"]


def test_invoices_by_payment_state_open_posted_partly_paid_paid(company):
    """The clerk filters the invoices: drafts not yet posted count as open, then posted (nothing
    paid), partly paid and paid; the counts show how many of each there are."""
    ledger = june_ledger(company)
    with company.write() as (session, ctx):
        create_document(session, ctx, DocumentCreate(kind="invoice", customer_id=ledger["bau"]["customer"],
                                                     doc_date=date(2026, 6, 29),
                                                     lines=[LineInput(article_id=ledger["bau"]["service"],
                                                                      quantity=D("1"))]))
    with company.read() as (session, ctx):
        rows, counts = list_invoices(session, ctx)
        assert counts == {"open": 1, "posted": 6, "partly_paid": 1, "paid": 2}
        drafts, _ = list_invoices(session, ctx, states=("open",))
        assert [(r.number, r.gross_total, r.open_amount) for r in drafts] == [(None, D("119.00"), None)]
        bau_paid, bau_counts = list_invoices(session, ctx, states=("paid", "partly_paid"),
                                             customer_id=ledger["bau"]["customer"])
        assert [(r.number, r.state) for r in bau_paid] == [("RE000003", "partly_paid"), ("RE000007", "paid")]
        assert bau_counts == {"open": 1, "posted": 5, "partly_paid": 1, "paid": 1}
        assert len(rows) == 10


def test_ageing_and_invoice_states_over_http(kontor_system, company):
    ledger = june_ledger(company)
    app = Litestar(route_handlers=open_items_api.HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as http:
        api = ApiClient(http, company.token(company.add_user("viewer")), company.code)
        answer = api.get("/api/open-items/ageing", params={"on": "2026-06-30"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["customers"] == 2 and D(body["total"]["balance"]) == D("1780.00")
        assert [(r["customer_name"], D(r["days_31_60"])) for r in body["rows"]] == [("Bau GmbH", D("514.00")),
                                                                                   ("Haustechnik KG", D("0"))]
        states = api.get("/api/open-items/invoices", params={"state": "partly_paid",
                                                             "customer_id": ledger["bau"]["customer"]}).json()
        assert [r["number"] for r in states["rows"]] == ["RE000003"] and states["counts"]["posted"] == 5
        bad = api.get("/api/open-items", params={"state": "bezahlt"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"
        other = ApiClient(http, company.token(company.add_user(None)), company.code)
        assert other.get("/api/open-items/ageing").status_code == 403
