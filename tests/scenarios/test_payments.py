"""Payments against open items, the way the bookkeeper of a wholesaler enters the bank statement.

Bau GmbH buys on "14 days 2 %, 21 days 1 %, 30 days net". Its invoices become open items when
posted; each payment settles one or several of them: partly, fully, with the cash discount
within its dates (to the cent), with a small remainder written off, with a credit note
offset, or beyond what is open, leaving a credit that a later invoice uses up. A bounced
payment is reversed by a counter-entry. Anything that would take an item below zero or
allocate more than a payment brings is refused, naming the field, and nothing is written.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.finance.models import OpenItem
from kontor.core.finance.open_items import open_balance, settle
from kontor.core.finance.payment_models import Payment, PaymentAllocation
from kontor.core.finance.payment_schemas import AllocationIn, PaymentIn
from kontor.core.finance.payments import apply_credit, enter_payment, reverse_payment, write_off
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict, Invalid, PermissionDenied

D = Decimal


def make_customer(company, number: str = "20001", name: str = "Bau GmbH") -> dict:
    """A customer on 14 days 2 %, 21 days 1 %, 30 days net, and two service articles at 19 %:
    one that allows cash discount and one (a fee) that does not."""
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        term = session.exec(select(PaymentTerm).where(PaymentTerm.tenant_id == ctx.tenant_id,
                                                      PaymentTerm.code == "SK2")).first()
        if term is None:
            term = PaymentTerm(tenant_id=ctx.tenant_id, code="SK2", name="14 Tage 2 %, 21 Tage 1 %, 30 netto",
                               net_days=30, discount1_days=14, discount1_percent=D("2"), discount2_days=21,
                               discount2_percent=D("1"))
            session.add(term)
        articles = {a.number: a for a in session.exec(select(Article).where(Article.tenant_id == ctx.tenant_id))}
        if "S-1" not in articles:
            articles["S-1"] = Article(tenant_id=ctx.tenant_id, number="S-1", description="Wartung Heizung",
                                      article_type="L", sales_price_1=D("100.00"), tax_code_id=tax.id)
            articles["FEE"] = Article(tenant_id=ctx.tenant_id, number="FEE", description="Entsorgungspauschale",
                                      article_type="L", sales_price_1=D("10.00"), tax_code_id=tax.id,
                                      cash_discountable=False)
            session.add_all(articles.values())
        session.flush()
        customer = Customer(tenant_id=ctx.tenant_id, number=number, short_name=name[:10].upper(), name1=name,
                            payment_term_id=term.id)
        session.add(customer)
        session.flush()
        return {"customer": customer.id, "service": articles["S-1"].id, "fee": articles["FEE"].id}


def make_invoice(company, ids: dict, on: date, quantity: str = "3", price: str | None = None,
                 fee: str | None = None, kind: str = "invoice") -> int:
    """A posted invoice (or credit note) for the customer; returns its open item's id."""
    lines = [LineInput(article_id=ids["service"], quantity=D(quantity),
                       unit_price=D(price) if price is not None else None)]
    if fee is not None:
        lines.append(LineInput(article_id=ids["fee"], quantity=D(fee)))
    with company.write() as (session, ctx):
        document = create_document(session, ctx, DocumentCreate(kind=kind, customer_id=ids["customer"], doc_date=on,
                                                                lines=lines))
        post_document(session, ctx, document.id)
        return session.exec(select(OpenItem).where(OpenItem.document_id == document.id)).one().id


def item(company, item_id: int) -> OpenItem:
    with company.read() as (session, ctx):
        return session.get(OpenItem, item_id)


def balance(company, customer_id: int) -> Decimal:
    with company.read() as (session, ctx):
        return open_balance(session, ctx.tenant_id, customer_id)


def pay(company, ids: dict, on: date, amount: str, *allocations: AllocationIn, **extra) -> Payment:
    with company.write() as (session, ctx):
        return enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=on, amount=D(amount),
                                                     allocations=list(allocations), **extra))


def test_a_partial_payment_leaves_the_invoice_partly_paid_and_the_rest_settles_it(company):
    """The 357,00 invoice of 2 March is paid 200,00 on 20 March and 157,00 on 1 April."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("357.00"), "open")

    pay(company, ids, date(2026, 3, 20), "200.00", AllocationIn(open_item_id=invoice, amount=D("200.00")),
        reference="Kontoauszug 12/1")
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("157.00"), "partly_paid")
    assert balance(company, ids["customer"]) == D("157.00")

    second = pay(company, ids, date(2026, 4, 1), "157.00", AllocationIn(open_item_id=invoice))
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("0.00"), "paid")
    assert second.unallocated == D("0.00")
    assert balance(company, ids["customer"]) == D("0")


def test_cash_discount_within_its_dates_is_computed_on_the_discountable_base_to_the_cent(company):
    """Three hours at 33,33 plus a fee of 10,00 that allows no discount: gross 130,89, of it
    118,99 discountable. Paid on the 14th day: 2 % of 118,99 = 2,3798 -> 2,38, so 128,51
    settles it. A second invoice paid on day 21 earns the second step, 1 %; on day 22 none."""
    ids = make_customer(company)
    first = make_invoice(company, ids, date(2026, 3, 2), quantity="3", price="33.33", fee="1")
    opened = item(company, first)
    assert (opened.amount, opened.cash_discount_base) == (D("130.89"), D("118.99"))

    payment = pay(company, ids, date(2026, 3, 16), "128.51", AllocationIn(open_item_id=first, cash_discount=True))
    assert (item(company, first).open_amount, item(company, first).state) == (D("0.00"), "paid")
    with company.read() as (session, ctx):
        booked = session.exec(select(PaymentAllocation.kind, PaymentAllocation.amount)
                              .where(PaymentAllocation.payment_id == payment.id)
                              .order_by(PaymentAllocation.id)).all()
    assert booked == [("payment", D("128.51")), ("cash_discount", D("2.38"))]

    second = make_invoice(company, ids, date(2026, 3, 2))  # 357,00: 1 % = 3,57 until 23 March
    pay(company, ids, date(2026, 3, 23), "353.43", AllocationIn(open_item_id=second, cash_discount=True))
    assert item(company, second).state == "paid"

    late = make_invoice(company, ids, date(2026, 3, 2))
    with pytest.raises(Invalid) as refused:
        pay(company, ids, date(2026, 3, 24), "349.86", AllocationIn(open_item_id=late, cash_discount=True))
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("allocations.0.cash_discount",
                                                                                  "discount_period")
    assert item(company, late).open_amount == D("357.00")


def test_a_remainder_is_written_off_with_a_reason_and_the_post_permission(company):
    """The customer pays 356,50 of 357,00; the 0,50 are written off as a small difference.
    An order clerk (finance read only) may not enter payments at all."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    with pytest.raises(Invalid) as no_reason:
        pay(company, ids, date(2026, 4, 1), "356.50", AllocationIn(open_item_id=invoice, write_off_rest=True))
    assert no_reason.value.problems[0].field == "allocations.0.write_off_reason"
    with company.read() as (session, ctx):
        assert session.exec(select(Payment).where(Payment.tenant_id == ctx.tenant_id)).all() == []

    pay(company, ids, date(2026, 4, 1), "356.50",
        AllocationIn(open_item_id=invoice, write_off_rest=True, write_off_reason="Kleindifferenz"))
    assert item(company, invoice).state == "paid"
    with company.read() as (session, ctx):
        written = session.exec(select(PaymentAllocation).where(PaymentAllocation.open_item_id == invoice,
                                                               PaymentAllocation.kind == "write_off")).one()
    assert (written.amount, written.reason) == (D("0.50"), "Kleindifferenz")

    other = make_invoice(company, ids, date(2026, 3, 5))
    with company.write() as (session, ctx):
        write_off(session, ctx, other, D("7.00"), "Kulanz", date(2026, 4, 2))
    assert (item(company, other).open_amount, item(company, other).state) == (D("350.00"), "partly_paid")

    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied), company.write(clerk) as (session, ctx):
        enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=date(2026, 4, 3),
                                              amount=D("350.00"), allocations=[AllocationIn(open_item_id=other)]))


def test_an_overpayment_stays_as_credit_and_a_later_invoice_uses_it(company):
    """400,00 arrive for the 357,00 invoice: 43,00 stay as credit, so the customer's balance is
    -43,00. The next invoice takes the credit: 314,00 remain open on it."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    payment = pay(company, ids, date(2026, 3, 20), "400.00", AllocationIn(open_item_id=invoice))
    assert (payment.unallocated, item(company, invoice).state) == (D("43.00"), "paid")
    assert balance(company, ids["customer"]) == D("-43.00")

    later = make_invoice(company, ids, date(2026, 4, 2))
    with company.write() as (session, ctx):
        used = apply_credit(session, ctx, payment.id, [AllocationIn(open_item_id=later)], date(2026, 4, 5))
        assert used.unallocated == D("0.00")
    assert (item(company, later).open_amount, item(company, later).state) == (D("314.00"), "partly_paid")
    assert balance(company, ids["customer"]) == D("314.00")

    with pytest.raises(Invalid) as nothing_left, company.write() as (session, ctx):
        apply_credit(session, ctx, payment.id, [AllocationIn(open_item_id=later, amount=D("1.00"))], date(2026, 4, 6))
    assert (nothing_left.value.problems[0].field, nothing_left.value.problems[0].rule) == ("allocations",
                                                                                            "not_above_payment")


def test_payments_never_take_more_than_is_open_nor_more_than_they_bring(company, other_company):
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    with pytest.raises(Invalid) as too_much:
        pay(company, ids, date(2026, 3, 20), "400.00", AllocationIn(open_item_id=invoice, amount=D("357.01")))
    assert (too_much.value.problems[0].field, too_much.value.problems[0].rule) == ("allocations.0.amount",
                                                                                    "not_above_open")
    with pytest.raises(Invalid) as beyond:
        pay(company, ids, date(2026, 3, 20), "100.00", AllocationIn(open_item_id=invoice, amount=D("150.00")))
    assert (beyond.value.problems[0].field, beyond.value.problems[0].rule) == ("allocations", "not_above_payment")
    with pytest.raises(Invalid) as wrong_sign:
        pay(company, ids, date(2026, 3, 20), "100.00", AllocationIn(open_item_id=invoice, amount=D("-10.00")))
    assert wrong_sign.value.problems[0].rule == "sign"
    foreign = make_customer(other_company)
    with pytest.raises(Invalid) as elsewhere:
        pay(other_company, foreign, date(2026, 3, 20), "100.00", AllocationIn(open_item_id=invoice))
    assert (elsewhere.value.problems[0].field, elsewhere.value.problems[0].rule) == ("allocations.0.open_item_id",
                                                                                      "exists")
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("357.00"), "open")
    with company.read() as (session, ctx):
        assert session.exec(select(Payment).where(Payment.tenant_id == ctx.tenant_id)).all() == []
    # the guard in the UPDATE itself: a stale read can never take the item below zero
    with company.write() as (session, ctx):
        assert settle(session, ctx.tenant_id, invoice, D("357.01")) is False
        assert settle(session, ctx.tenant_id, invoice, D("-0.01")) is False
    assert item(company, invoice).open_amount == D("357.00")


def test_a_credit_note_is_offset_in_the_payment(company):
    """Invoice 357,00 and a credit note of 119,00: the customer transfers the difference, 238,00."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    credit = make_invoice(company, ids, date(2026, 3, 4), quantity="1", kind="credit_note")
    assert item(company, credit).amount == D("-119.00")
    assert balance(company, ids["customer"]) == D("238.00")
    pay(company, ids, date(2026, 3, 10), "238.00", AllocationIn(open_item_id=invoice, amount=D("357.00")),
        AllocationIn(open_item_id=credit, amount=D("-119.00")))
    assert (item(company, invoice).state, item(company, credit).state) == ("paid", "paid")
    assert balance(company, ids["customer"]) == D("0")


def test_a_bounced_payment_is_reversed_by_a_counter_entry(company):
    """A cheque of 400,00 paid the invoice with discount and left 50,14 credit; it bounces. The
    reversal is a new payment of -400,00 whose allocations undo the old ones: the invoice is open
    again, the credit gone, the original payment untouched. It cannot be reversed twice."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    cheque = pay(company, ids, date(2026, 3, 10), "400.00", AllocationIn(open_item_id=invoice, cash_discount=True),
                 method="cheque", reference="Scheck 4711")
    assert (cheque.unallocated, item(company, invoice).state) == (D("50.14"), "paid")
    with company.write() as (session, ctx):
        counter = reverse_payment(session, ctx, cheque.id, date(2026, 3, 15), "Scheck geplatzt")
        assert (counter.amount, counter.unallocated, counter.reverses_id) == (D("-400.00"), D("-50.14"), cheque.id)
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("357.00"), "open")
    assert balance(company, ids["customer"]) == D("357.00")
    with company.read() as (session, ctx):
        original = session.get(Payment, cheque.id)
        assert (original.amount, original.unallocated) == (D("400.00"), D("50.14"))
        undone = session.exec(select(PaymentAllocation.kind, PaymentAllocation.amount)
                              .where(PaymentAllocation.payment_id == counter.id)
                              .order_by(PaymentAllocation.id)).all()
    assert undone == [("payment", D("-349.86")), ("cash_discount", D("-7.14"))]
    with pytest.raises(Conflict), company.write() as (session, ctx):
        reverse_payment(session, ctx, cheque.id, date(2026, 3, 16), "nochmal")
    with pytest.raises(Conflict), company.write() as (session, ctx):
        apply_credit(session, ctx, cheque.id, [AllocationIn(open_item_id=invoice)], date(2026, 3, 16))


def test_auto_allocation_settles_the_oldest_due_items_first(company):
    ids = make_customer(company)
    older = make_invoice(company, ids, date(2026, 2, 1))
    newer = make_invoice(company, ids, date(2026, 3, 1))
    payment = pay(company, ids, date(2026, 3, 20), "500.00", auto_allocate=True)
    assert (item(company, older).state, item(company, newer).open_amount) == ("paid", D("214.00"))
    assert payment.unallocated == D("0.00")


def test_the_cash_discount_goes_only_with_the_payment_that_settles_the_item(company):
    """Paying 100,00 of 357,00 within the discount period earns no discount yet; the payment that
    settles the rest in time does (2 % of 357,00), once."""
    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    with pytest.raises(Invalid) as partial:
        pay(company, ids, date(2026, 3, 5), "100.00", AllocationIn(open_item_id=invoice, cash_discount=True))
    assert (partial.value.problems[0].field, partial.value.problems[0].rule) == ("allocations.0.cash_discount",
                                                                                  "settles_item")
    pay(company, ids, date(2026, 3, 5), "100.00", AllocationIn(open_item_id=invoice))
    pay(company, ids, date(2026, 3, 12), "249.86", AllocationIn(open_item_id=invoice, cash_discount=True))
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("0.00"), "paid")


def test_two_clerks_booking_the_same_transfer_at_once_settle_the_invoice_only_once(company):
    """Two bookkeepers enter the same 357,00 transfer at the same moment. The second waits for the
    first (the item is locked, or the write lock held) and is then refused: nothing open any more."""
    import threading

    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    first_booked, outcomes = threading.Event(), {}

    def first():
        with company.write() as (session, ctx):
            enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=date(2026, 3, 20),
                                                  amount=D("357.00"), allocations=[AllocationIn(open_item_id=invoice,
                                                                                                amount=D("357.00"))]))
            first_booked.set()
            threading.Event().wait(0.5)  # the second clerk starts meanwhile
        outcomes["first"] = "booked"

    def second():
        first_booked.wait(5)
        try:
            pay(company, ids, date(2026, 3, 20), "357.00", AllocationIn(open_item_id=invoice, amount=D("357.00")))
            outcomes["second"] = "booked"
        except Invalid as refused:
            outcomes["second"] = refused.problems[0].rule

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == {"first": "booked", "second": "not_above_open"}
    assert (item(company, invoice).open_amount, item(company, invoice).state) == (D("0.00"), "paid")
    with company.read() as (session, ctx):
        assert len(session.exec(select(Payment).where(Payment.tenant_id == ctx.tenant_id)).all()) == 1


def test_the_accountant_enters_payments_the_order_clerk_does_not(company):
    """The standard role `accountant` books what comes in and may write off; the order clerk
    only looks; the accountant in turn only looks at orders."""
    from kontor.core.users.permissions import Level

    ids = make_customer(company)
    invoice = make_invoice(company, ids, date(2026, 3, 2))
    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied), company.write(clerk) as (session, ctx):
        enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=date(2026, 4, 1),
                                              amount=D("357.00"), allocations=[AllocationIn(open_item_id=invoice)]))

    accountant = company.add_user("accountant")
    with company.write(accountant) as (session, ctx):
        enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=date(2026, 4, 1),
                                              amount=D("356.50"), allocations=[AllocationIn(
                                                  open_item_id=invoice, write_off_rest=True,
                                                  write_off_reason="Kleindifferenz")]))
        ctx.require("credit_limits", Level.WRITE)
        with pytest.raises(PermissionDenied):
            ctx.require("sales", Level.WRITE)
    assert item(company, invoice).state == "paid"
