"""A building project billed in down payments: two partial invoices on an order with two VAT
rates, then the final invoice over the whole claim minus both, to the cent."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.partial import create_final_invoice, create_partial_invoice, partial_invoices, split_by_rate
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of, read_document
from kontor.core.documents.status import document_status
from kontor.core.masterdata.basics.models import NumberRange, TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict, Invalid

D = Decimal


@pytest.fixture
def project(company):
    """Customer Bau GmbH with an order AB000001: 10 pumps at 100.00 (19 %) and 20 manuals at
    25.00 (7 %): net 1,500.00, VAT 190.00 + 35.00, gross 1,725.00."""
    return make_order(company)


def make_order(company, end_discount=D("0"), charges=(), book_price=D("25.00")):
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH",
                            street="Hauptstr. 1", postal_code="80331", city="München")
        session.add(customer)
        session.flush()
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=customer.id, doc_date=date(2026, 3, 2), end_discount_percent=end_discount,
            charges=list(charges),
            lines=[LineInput(description="Umwälzpumpe", article_type="L", quantity=D("10"), unit_price=D("100.00"),
                             tax_code_id=codes["U19"]),
                   LineInput(description="Handbuch", article_type="L", quantity=D("20"), unit_price=book_price,
                             tax_code_id=codes["U7"])]))
        return {"order": order.id, "customer": customer.id, "codes": codes}


def lines(session, document):
    return [(l.description, l.quantity, l.unit_price, l.net_amount, l.tax_rate) for l in lines_of(session, document.id)]


def test_two_down_payments_and_the_final_invoice(company, project):
    with company.write() as (session, ctx):
        first = create_partial_invoice(session, ctx, project["order"], percent=D("30"), on=date(2026, 3, 5))
        assert (first.kind, first.number, first.state, first.order_id) == ("partial_invoice", "TR000001", "posted",
                                                                            project["order"])
        # 30 % of 1,500.00 = 450.00, split like the order: 1,000.00 : 500.00
        assert lines(session, first) == [
            ("Anzahlung 30 % auf Auftrag AB000001 (19 % USt)", D("1"), D("300.00"), D("300.00"), D("19")),
            ("Anzahlung 30 % auf Auftrag AB000001 (7 % USt)", D("1"), D("150.00"), D("150.00"), D("7")),
        ]
        assert (first.net_total, first.tax_total, first.gross_total) == (D("450.00"), D("67.50"), D("517.50"))
        assert first.locked and all(l.order_line_id is None for l in lines_of(session, first.id))

    with company.write() as (session, ctx):
        second = create_partial_invoice(session, ctx, project["order"], amount=D("300.00"), text="2. Abschlag",
                                        on=date(2026, 3, 20))
        assert second.number == "TR000002"
        assert lines(session, second) == [("2. Abschlag (19 % USt)", D("1"), D("200.00"), D("200.00"), D("19")),
                                          ("2. Abschlag (7 % USt)", D("1"), D("100.00"), D("100.00"), D("7"))]
        assert (second.net_total, second.tax_total, second.gross_total) == (D("300.00"), D("45.00"), D("345.00"))
        assert [p.number for p in partial_invoices(session, ctx, project["order"])] == ["TR000001", "TR000002"]
        # down payments are not invoiced quantities
        assert read_document(session, ctx, project["order"])["state"] == "open"

    with company.write() as (session, ctx):
        final = create_final_invoice(session, ctx, project["order"], on=date(2026, 3, 31))
        assert (final.kind, final.number, final.state, final.order_id) == ("final_invoice", "SR000001", "posted",
                                                                            project["order"])
        assert lines(session, final) == [
            ("Umwälzpumpe", D("10"), D("100.00"), D("1000.00"), D("19")),
            ("Handbuch", D("20"), D("25.00"), D("500.00"), D("7")),
            ("abzüglich Anzahlung TR000001 vom 05.03.2026 (19 % USt)", D("1"), D("-300.00"), D("-300.00"), D("19")),
            ("abzüglich Anzahlung TR000001 vom 05.03.2026 (7 % USt)", D("1"), D("-150.00"), D("-150.00"), D("7")),
            ("abzüglich Anzahlung TR000002 vom 20.03.2026 (19 % USt)", D("1"), D("-200.00"), D("-200.00"), D("19")),
            ("abzüglich Anzahlung TR000002 vom 20.03.2026 (7 % USt)", D("1"), D("-100.00"), D("-100.00"), D("7")),
        ]
        # 19 %: 1,000.00 - 500.00 = 500.00, VAT 95.00; 7 %: 500.00 - 250.00 = 250.00, VAT 17.50
        taxes = read_document(session, ctx, final.id)["taxes"]
        assert [(t["rate"], t["net"], t["tax"]) for t in taxes] == [(D("7"), D("250.00"), D("17.50")),
                                                                  (D("19"), D("500.00"), D("95.00"))]
        assert (final.net_total, final.tax_total, final.gross_total) == (D("750.00"), D("112.50"), D("862.50"))
        assert D("517.50") + D("345.00") + final.gross_total == D("1725.00")
        assert final.footer_text == (
            "Gesamtleistung: 1.500,00 EUR netto, 1.725,00 EUR brutto\n"
            "Bisher gestellte Teilrechnungen:\n"
            "TR000001 vom 05.03.2026: 517,50 EUR\n"
            "TR000002 vom 20.03.2026: 345,00 EUR\n"
            "Summe der Teilrechnungen: 862,50 EUR\n"
            "Verbleibender Betrag: 862,50 EUR")
        order = session.get(Document, project["order"])
        assert order.state == "invoiced"
        status = document_status(session, ctx, order)
        assert [(s.invoiced, s.open_to_invoice) for s in status.lines] == [(D("10"), D("0")), (D("20"), D("0"))]

    with pytest.raises(Conflict, match="order AB000001 has its final invoice already \\(final invoice SR000001\\)"):
        with company.write() as (session, ctx):
            create_final_invoice(session, ctx, project["order"], on=date(2026, 4, 1))
    with pytest.raises(Conflict, match="has its final invoice already"):
        with company.write() as (session, ctx):
            create_partial_invoice(session, ctx, project["order"], amount=D("1.00"), on=date(2026, 4, 1))


def test_down_payments_never_bill_more_than_the_order_and_refusals_write_nothing(company, project):
    with company.write() as (session, ctx):
        create_partial_invoice(session, ctx, project["order"], amount=D("750.00"), on=date(2026, 3, 5))
    refusals = [
        (dict(amount=D("750.01")), ("amount: partial invoices of order AB000001 would bill 1.500,01 net, more than "
                                    "the order's net total of 1.500,00; at most 750,00 remain")),
        (dict(percent=D("50.01")), "percent: partial invoices .* at most 750,00 remain"),
        (dict(), "amount: give the net amount or the percent"),
        (dict(amount=D("10"), percent=D("10")), "percent: give either the net amount or the percent, not both"),
        (dict(amount=D("0")), "amount: the down payment must be more than zero"),
        (dict(amount=D("-5")), "amount: the down payment must be more than zero"),
        (dict(amount=D("1.005")), "amount: the down payment is an amount in cents"),
        (dict(percent=D("0")), "percent: the percent of a down payment is more than 0 and at most 100"),
        (dict(percent=D("0.0001")), "percent: 0.0001 % of 1.500,00 is less than a cent"),
    ]
    for kwargs, message in refusals:
        with pytest.raises(Invalid, match=message):
            with company.write() as (session, ctx):
                create_partial_invoice(session, ctx, project["order"], on=date(2026, 3, 6), **kwargs)
    with company.write() as (session, ctx):
        assert [p.number for p in partial_invoices(session, ctx, project["order"])] == ["TR000001"]
        counter = session.exec(select(NumberRange).where(NumberRange.tenant_id == ctx.tenant_id,
                                                         NumberRange.kind == "partial_invoice")).one()
        assert counter.next_number == 2
        # exactly the rest is fine
        assert create_partial_invoice(session, ctx, project["order"], percent=D("50"), on=date(2026, 3, 7)).number \
            == "TR000002"


def test_the_rounding_remainder_goes_to_the_highest_rate():
    # 1,000.00 : 200.00 = 5 : 1; 100.05 -> 83.375 and 16.675, both rounded up would be 100.06
    assert split_by_rate(D("100.05"), {D("19"): D("1000.00"), D("7"): D("200.00")}) == {D("19"): D("83.37"),
                                                                                         D("7"): D("16.68")}
    # 0.005 each rounds up to 0.01 twice; the highest rate gives the cent back, a zero share is no line
    assert split_by_rate(D("0.01"), {D("19"): D("1.00"), D("7"): D("1.00")}) == {D("7"): D("0.01")}


def test_a_final_invoice_bills_only_what_ordinary_invoices_left(company, project):
    with company.write() as (session, ctx):
        create_partial_invoice(session, ctx, project["order"], percent=D("30"), on=date(2026, 3, 5))
        pump_line = lines_of(session, project["order"])[0]
        invoice = convert(session, ctx, "invoice", [Take(source_line_id=pump_line.id, quantity=D("2"))],
                          doc_date=date(2026, 3, 10))
        assert post_document(session, ctx, invoice.id).gross_total == D("238.00")
    with company.write() as (session, ctx):
        final = create_final_invoice(session, ctx, project["order"], on=date(2026, 3, 31))
        assert [(l.quantity, l.net_amount, l.source_line_id is not None) for l in lines_of(session, final.id)] == [
            (D("8"), D("800.00"), True), (D("20"), D("500.00"), True),
            (D("1"), D("-300.00"), False), (D("1"), D("-150.00"), False)]
        # 19 %: 500.00 -> 95.00; 7 %: 350.00 -> 24.50
        assert (final.net_total, final.tax_total, final.gross_total) == (D("850.00"), D("119.50"), D("969.50"))
        assert final.footer_text.startswith("Gesamtleistung: 1.300,00 EUR netto, 1.487,00 EUR brutto\n")
        assert final.footer_text.endswith("Verbleibender Betrag: 969,50 EUR")


def test_a_final_invoice_is_never_negative(company, project):
    with company.write() as (session, ctx):
        create_partial_invoice(session, ctx, project["order"], percent=D("100"), on=date(2026, 3, 5))
        pump_line = lines_of(session, project["order"])[0]
        invoice = convert(session, ctx, "invoice", [Take(source_line_id=pump_line.id)], doc_date=date(2026, 3, 10))
        post_document(session, ctx, invoice.id)
    # left to bill: the manuals, 500.00; paid in advance: 1,500.00
    with pytest.raises(Conflict, match="the partial invoices of order AB000001 exceed what is left to bill by "
                                       "1.000,00 net"):
        with company.write() as (session, ctx):
            create_final_invoice(session, ctx, project["order"], on=date(2026, 3, 31))
    with company.read() as (session, ctx):
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind == "final_invoice")).all() == []
        assert read_document(session, ctx, project["order"])["state"] == "partly_invoiced"


def test_end_discount_and_freight_are_not_taken_off_the_down_payment_twice(company):
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
    made = make_order(company, end_discount=D("2"), book_price=D("24.99"),
                      charges=[ChargeInput(kind="freight", text="Fracht", amount=D("15.00"), tax_code_id=codes["U19"])])
    with company.write() as (session, ctx):
        order = session.get(Document, made["order"])
        # 19 %: 1,000.00 - 20.00 + 15.00 = 995.00 (VAT 189.05); 7 %: 499.80 - 10.00 = 489.80 (VAT 34.29)
        assert (order.net_total, order.tax_total, order.gross_total) == (D("1484.80"), D("223.34"), D("1708.14"))
        partial = create_partial_invoice(session, ctx, order.id, percent=D("25"), on=date(2026, 3, 5))
        assert [l.net_amount for l in lines_of(session, partial.id)] == [D("248.75"), D("122.45")]
        assert (partial.net_total, partial.tax_total, partial.gross_total) == (D("371.20"), D("55.83"), D("427.03"))
    with company.write() as (session, ctx):
        final = create_final_invoice(session, ctx, made["order"], on=date(2026, 3, 31))
        assert [(l.description, l.net_amount) for l in lines_of(session, final.id)] == [
            ("Umwälzpumpe", D("1000.00")), ("Handbuch", D("499.80")),
            ("Schlussrabatt 2 % (19 % USt)", D("-20.00")), ("Schlussrabatt 2 % (7 % USt)", D("-10.00")),
            ("abzüglich Anzahlung TR000001 vom 05.03.2026 (19 % USt)", D("-248.75")),
            ("abzüglich Anzahlung TR000001 vom 05.03.2026 (7 % USt)", D("-122.45"))]
        assert (final.end_discount_percent, final.charges_net) == (D("0"), D("15.00"))
        # 19 %: 746.25 -> VAT 141.79; 7 %: 367.35 -> VAT 25.71: VAT per rate on each document's own
        # sum, so down payment and final invoice together differ from the order by a cent
        assert (final.net_total, final.tax_total, final.gross_total) == (D("1113.60"), D("167.50"), D("1281.10"))
        assert D("427.03") + final.gross_total == D("1708.13")
        assert "Gesamtleistung: 1.484,80 EUR netto, 1.708,14 EUR brutto" in final.footer_text


def test_nothing_left_to_bill_and_not_an_order(company, project):
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[project["order"]], doc_date=date(2026, 3, 4))
        post_document(session, ctx, invoice.id)
        invoice_id = invoice.id
    with pytest.raises(Conflict, match="every line of order AB000001 is invoiced already"):
        with company.write() as (session, ctx):
            create_final_invoice(session, ctx, project["order"], on=date(2026, 3, 31))
    with pytest.raises(Invalid, match="order_id: invoice RE000001 is not an order"):
        with company.write() as (session, ctx):
            create_partial_invoice(session, ctx, invoice_id, percent=D("10"), on=date(2026, 3, 31))
    with company.read() as (session, ctx):
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind.in_(["partial_invoice", "final_invoice"]))).all() == []
