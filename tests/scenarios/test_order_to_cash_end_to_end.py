"""The whole sales flow in one day of a clerk, checked to the cent:

quote -> order ("order received") -> two partial delivery notes -> one collective invoice ->
a customer brings one pump back -> return delivery note and credit note.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.returns import ReturnItem, take_back
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of, read_document
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.core.stock.services import book_opening_stock

D = Decimal


@pytest.mark.plugin_matrix
def test_quote_order_two_deliveries_collective_invoice_and_a_return(company):
    # -- master data: a trades customer in price class 2, a pump with warranty, labour, a manual at 7 % --
    with company.write() as (session, ctx):
        tax = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="HEIZBAU", name1="Heizbau Huber GmbH",
                            street="Ringstr. 5", postal_code="93047", city="Regensburg", price_class=2)
        pump = Article(tenant_id=ctx.tenant_id, number="P-100", description="Hocheffizienzpumpe", article_type="M",
                       sales_price_1=D("249.00"), sales_price_2=D("229.90"), purchase_price=D("131.20"),
                       warranty_months=24, tax_code_id=tax["U19"])
        hour = Article(tenant_id=ctx.tenant_id, number="MONT", description="Monteurstunde", article_type="L",
                       sales_price_1=D("64.00"), sales_price_2=D("61.50"), tax_code_id=tax["U19"])
        manual = Article(tenant_id=ctx.tenant_id, number="DOK-1", description="Bedienungshandbuch", article_type="M",
                         sales_price_1=D("12.80"), sales_price_2=D("12.80"), tax_code_id=tax["U7"])
        session.add_all([customer, pump, hour, manual])
        session.flush()
        book_opening_stock(session, ctx, pump.id, D("6"), date(2026, 1, 2))
        book_opening_stock(session, ctx, manual.id, D("10"), date(2026, 1, 2))
        ids = {"customer": customer.id, "pump": pump.id, "hour": hour.id, "manual": manual.id}

    # -- quote with freight and 3 % end discount; the order takes it over as it is --------------------
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=ids["customer"], doc_date=date(2026, 4, 1),
            lines=[LineInput(article_id=ids["pump"], quantity=D("4")),
                   LineInput(article_id=ids["hour"], quantity=D("6.5")),
                   LineInput(article_id=ids["manual"], quantity=D("4"), discount_percent=D("5"))],
            charges=[ChargeInput(kind="freight", text="Spedition", amount=D("39.00"))],
            end_discount_percent=D("3")))
        # 19 %: 4 x 229.90 = 919.60 + 6.5 x 61.50 = 399.75 -> 1319.35; end discount 39.58; freight 39.00
        #        net 1318.77, VAT 250.57
        #  7 %: 4 x 12.80 - 5 % = 48.64; end discount 1.46 -> net 47.18, VAT 3.30
        assert (quote.lines_net, quote.end_discount_amount, quote.charges_net) == (D("1367.99"), D("41.04"), D("39.00"))
        assert (quote.net_total, quote.tax_total, quote.gross_total) == (D("1365.95"), D("253.87"), D("1619.82"))
        order = convert(session, ctx, "order", source_document_ids=[quote.id], doc_date=date(2026, 4, 2))
        assert read_document(session, ctx, quote.id)["state"] == "accepted"
        assert (order.number, order.gross_total) == ("AB000001", D("1619.82"))
        pump_line, hour_line, manual_line = lines_of(session, order.id)

    # -- first partial delivery: 3 pumps and the manuals; second: the last pump and the hours ------------
    with company.write() as (session, ctx):
        first = convert(session, ctx, "delivery_note", [Take(source_line_id=pump_line.id, quantity=D("3")),
                                                       Take(source_line_id=manual_line.id)], doc_date=date(2026, 4, 7))
        assert read_document(session, ctx, order.id)["state"] == "partly_delivered"
        assert (on_hand(session, ctx, ids["pump"]), on_hand(session, ctx, ids["manual"])) == (D("3"), D("6"))
    with company.write() as (session, ctx):
        second = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=date(2026, 4, 9))
        assert [(l.article_number, l.quantity) for l in lines_of(session, second.id)] == [("P-100", D("1")), ("MONT", D("6.5"))]
        assert read_document(session, ctx, order.id)["state"] == "delivered"
        assert on_hand(session, ctx, ids["pump"]) == D("2")

    # -- one collective invoice over both delivery notes, posted -----------------------------------------
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[first.id, second.id], doc_date=date(2026, 4, 30))
        invoice = post_document(session, ctx, invoice.id)
        assert (invoice.number, invoice.state) == ("RE000001", "posted")
        # the same claim as the order: freight once, same prices, same end discount
        assert (invoice.net_total, invoice.tax_total, invoice.gross_total) == (D("1365.95"), D("253.87"), D("1619.82"))
        assert read_document(session, ctx, order.id)["state"] == "invoiced"
        assert {read_document(session, ctx, n.id)["state"] for n in (first, second)} == {"invoiced"}
        status = document_status(session, ctx, session.get(Document, order.id))
        assert [(s.ordered, s.delivered, s.invoiced, s.open_to_deliver, s.open_to_invoice) for s in status.lines] == [
            (D("4"), D("4"), D("4"), D("0"), D("0")),
            (D("6.5"), D("6.5"), D("6.5"), D("0"), D("0")),
            (D("4"), D("4"), D("4"), D("0"), D("0")),
        ]

    # -- in May the customer brings one pump back: at the price he paid, into stock, credited -------------
    with company.write() as (session, ctx):
        first_pump_line = lines_of(session, first.id)[0]
        result = take_back(session, ctx, ids["customer"],
                           [ReturnItem(article_id=ids["pump"], quantity=D("1"), returned_line_id=first_pump_line.id)],
                           on=date(2026, 5, 12))
        note, credit = result.return_delivery_note, result.credit_note
        assert note.number == "RL000001" and on_hand(session, ctx, ids["pump"]) == D("3")
        assert (credit.number, credit.state, credit.corrects_id) == ("GS000001", "posted", invoice.id)
        # 229.90 less 3 % end discount on the 19 % sum: 229.90 - 6.90 = 223.00; VAT 42.37
        (credit_line,) = lines_of(session, credit.id)
        assert (credit_line.unit_price, credit_line.net_amount) == (D("229.9000"), D("229.90"))
        assert (credit.net_total, credit.tax_total, credit.gross_total) == (D("223.00"), D("42.37"), D("265.37"))

    # -- the ledger tells the whole story, and the levels agree with it ---------------------------------
    with company.read() as (session, ctx):
        moves = session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id, StockMove.article_id == ids["pump"])
                             .order_by(StockMove.id)).all()
        assert [(m.symbol, m.quantity, m.document_number, m.moved_on) for m in moves] == [
            ("AB", D("6"), "Anfangsbestand", date(2026, 1, 2)),
            ("LS", D("-3"), "LS000001", date(2026, 4, 7)),
            ("LS", D("-1"), "LS000002", date(2026, 4, 9)),
            ("RL", D("1"), "RL000001", date(2026, 5, 12)),
        ]
        assert verify_ledger(session, ctx.tenant_id) == []
