"""Partial (down-payment) invoices and the final invoice of an order.

A partial invoice bills part of an order in advance: a net amount, or a percent of the order's
net total. It has one line per VAT rate of the order, the down payment split in proportion to
the order's net per rate (to the cent; the rounding remainder goes to the highest rate, so the
lines add up exactly), and it is posted at once (number from the range "partial_invoice").
Partial invoices of an order never bill more than the order's net total together.

The final invoice states the whole claim: every order line not yet billed by ordinary
invoices, taken over through the conversion (so the processing status counts it as invoiced),
then, for every posted partial invoice, one deduction line per VAT rate (quantity 1, the
partial invoice's net of that rate as a negative price), so the VAT is deducted per rate.
Its footer lists the partial invoices with number, date and gross amount, and what remains
to be paid. An order gets one final invoice; afterwards no further partial invoices.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

from kontor.core.audit import snapshot
from kontor.core.context import Context
from kontor.core.documents.conversion import convert
from kontor.core.documents.currency import assign_rate
from kontor.core.documents.header import load_customer
from kontor.core.documents.lines import LineContext
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import LineInput
from kontor.core.documents.services import (
    SALES, add_lines, charges_of, finish, get_document, label, lines_of, update_totals,
)
from kontor.core.documents.lineage import order_line_status
from kontor.core.documents.totals import ZERO, Totals, cents, compute_totals
from kontor.core.events import after_commit
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

# A down payment and its deduction are services, never stock (a temporary article of type F).
DOWN_PAYMENT_TYPE = "F"
# Header fields a partial invoice takes over from its order.
_HEADER = ("customer_id", "currency_code", "exchange_rate", "exchange_rate_manual", "price_class", "payment_term_id", "delivery_term_id",
           "shipping_method_id", "sales_rep_id", "agent_id", "category_id", "customer_order_number",
           "customer_order_date")
_ADDRESS_PREFIXES = ("bill_", "ship_")


# -- partial invoices ----------------------------------------------------------------------------


def create_partial_invoice(session: Session, ctx: Context, order_id: int, *, amount: Decimal | None = None,
                           percent: Decimal | None = None, text: str = "", on: date) -> Document:
    """A posted down-payment invoice over `amount` (net) or `percent` of the order's net total."""
    ctx.require(SALES, Level.POST)
    field = _check_request(amount, percent, text)
    order = billable_order(session, ctx, order_id)
    refuse_after_final(session, ctx, order)
    totals = document_totals(session, order)
    if totals.net <= 0:
        raise Conflict(f"{label(order)} has no positive net total to bill a down payment on")
    wanted = amount if amount is not None else cents(totals.net * percent / 100)
    if wanted <= 0:
        raise Invalid.field(field, "positive", f"{percent.normalize():f} % of {money(totals.net)} is less than a cent")
    billed = sum((p.net_total for p in partial_invoices(session, ctx, order.id)), ZERO)
    if billed + wanted > totals.net:
        rest = money(totals.net - billed)
        raise Invalid.field(field, "not_above_order",
                            f"partial invoices of {label(order)} would bill {money(billed + wanted)} net, more than "
                            f"the order's net total of {money(totals.net)}; at most {rest} remain")

    document = _new_invoice(session, ctx, order, "partial_invoice", "down_payment", on)
    shares = split_by_rate(wanted, {row.rate: row.net for row in totals.rows})
    codes = tax_codes_by_rate(lines_of(session, order.id), charges_of(session, order.id))
    base = text or (f"Anzahlung {german(percent)} % auf Auftrag {order.number}" if percent is not None
                    else f"Anzahlung auf Auftrag {order.number}")
    several = len(shares) > 1
    inputs = [LineInput(description=f"{base} ({german(rate)} % USt)" if several else base, quantity=Decimal(1),
                        unit_price=share, tax_code_id=codes[rate], article_type=DOWN_PAYMENT_TYPE,
                        with_follow_ups=False)
              for rate, share in sorted(shares.items(), reverse=True)]
    lc = LineContext.load(session, ctx, document, load_customer(session, ctx, order.customer_id))
    add_lines(lc, inputs, start=1)
    finish(session, ctx, document, "create", None)
    after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=document.id, kind=document.kind,
                 number=None)
    return post_document(session, ctx, document.id)


def partial_invoices(session: Session, ctx: Context, order_id: int, *, posted_only: bool = False) -> list[Document]:
    """The partial invoices of an order so far (the history included), in the order they were made."""
    ctx.require(SALES, Level.READ)
    statement = select(Document).where(Document.tenant_id == ctx.tenant_id, Document.order_id == order_id,
                                       Document.kind == "partial_invoice")
    if posted_only:
        statement = statement.where(Document.posted_at.is_not(None))
    return list(session.exec(statement.order_by(Document.doc_date, Document.id)))


def split_by_rate(total: Decimal, nets: dict[Decimal, Decimal]) -> dict[Decimal, Decimal]:
    """`total` split in proportion to the net per VAT rate, to the cent; the remainder of the
    rounding goes to the highest rate, so the shares add up to `total` exactly."""
    base = sum(nets.values(), ZERO)
    shares = {rate: cents(total * net / base) for rate, net in nets.items() if net}
    top = max(shares)
    shares[top] += total - sum(shares.values(), ZERO)
    return {rate: share for rate, share in shares.items() if share}


# -- final invoice -------------------------------------------------------------------------------


def create_final_invoice(session: Session, ctx: Context, order_id: int, *, on: date) -> Document:
    """The posted final invoice of an order: the open claim minus every posted partial invoice."""
    ctx.require(SALES, Level.POST)
    order = billable_order(session, ctx, order_id)
    refuse_after_final(session, ctx, order)
    lines = [line for line in lines_of(session, order.id) if not line.optional]
    status = order_line_status(session, lines)
    if not any(status[line.id][1] < line.quantity for line in lines):
        raise Conflict(f"every line of {label(order)} is invoiced already; nothing is left for a final invoice")
    partials = partial_invoices(session, ctx, order.id, posted_only=True)

    document = convert(session, ctx, "final_invoice", source_document_ids=[order.id], doc_date=on)
    before = snapshot(document)
    before["lines"] = [snapshot(line) for line in lines_of(session, document.id)]
    document.order_id, document.variant = order.id, "final"
    document.locked, document.archived_at = False, None  # taken over from the order by the conversion
    claim = document_totals(session, document)
    lc = LineContext.load(session, ctx, document, load_customer(session, ctx, document.customer_id))
    position = len(before["lines"]) + 1
    if partials and document.end_discount_percent:
        # Deductions are net amounts after the discount already: the end discount becomes lines,
        # so that it is not taken off the deductions a second time.
        position += _end_discount_as_lines(lc, document, claim, position)
    for partial in partials:
        inputs = deduction_inputs(session, partial)
        for line in add_lines(lc, inputs, start=position):
            line.price_source = deduction_tag(partial)  # the print lists them as deductions (UStAE 14.8)
        position += len(inputs)
    update_totals(session, document)
    if document.net_total < 0:
        raise Conflict(f"the partial invoices of {label(order)} exceed what is left to bill by "
                       f"{money(-document.net_total)} net; correct them with a credit note instead")
    document.footer_text = final_footer(document, claim, partials, document.footer_text)
    finish(session, ctx, document, "update", before)
    return post_document(session, ctx, document.id)


def deduction_inputs(session: Session, partial: Document) -> list[LineInput]:
    """One line per VAT rate of the partial invoice, its net of that rate as a negative price."""
    lines = lines_of(session, partial.id)
    rows = [row for row in document_totals(session, partial).rows if row.net]
    codes = tax_codes_by_rate(lines, [])
    text = f"abzüglich Anzahlung {partial.number} vom {partial.doc_date:%d.%m.%Y}"
    several = len(rows) > 1
    return [LineInput(description=f"{text} ({german(row.rate)} % USt)" if several else text, quantity=Decimal(1),
                      unit_price=-row.net, tax_code_id=codes[row.rate], article_type=DOWN_PAYMENT_TYPE,
                      with_follow_ups=False)
            for row in sorted(rows, key=lambda r: r.rate, reverse=True)]


def deduction_tag(partial: Document) -> str:
    """The mark of a final invoice's lines that deduct `partial`."""
    return f"deduction {partial.id}"


def final_footer(document: Document, claim: Totals, partials: list[Document], footer: str) -> str:
    """The footer of a final invoice: the whole claim, every partial invoice with its gross
    amount and date, and the remaining amount to pay."""
    currency = document.currency_code
    lines = [f"Gesamtleistung: {money(claim.net)} {currency} netto, {money(claim.gross)} {currency} brutto"]
    if partials:
        lines.append("Bisher gestellte Teilrechnungen:")
        lines += [f"{p.number} vom {p.doc_date:%d.%m.%Y}: {money(p.gross_total)} {currency}" for p in partials]
        paid = sum((p.gross_total for p in partials), ZERO)
        lines.append(f"Summe der Teilrechnungen: {money(paid)} {currency}")
    lines.append(f"Verbleibender Betrag: {money(document.gross_total)} {currency}")
    return "\n".join(lines) + (f"\n\n{footer}" if footer else "")


def _end_discount_as_lines(lc: LineContext, document: Document, claim: Totals, position: int) -> int:
    codes = tax_codes_by_rate(lines_of(lc.session, document.id), [])
    text = f"Schlussrabatt {german(document.end_discount_percent)} %"
    inputs = [LineInput(description=f"{text} ({german(row.rate)} % USt)", quantity=Decimal(1),
                        unit_price=-row.end_discount, tax_code_id=codes[row.rate], article_type=DOWN_PAYMENT_TYPE,
                        with_follow_ups=False)
              for row in sorted(claim.rows, key=lambda r: r.rate, reverse=True) if row.end_discount]
    document.end_discount_percent = Decimal(0)
    add_lines(lc, inputs, start=position)
    return len(inputs)


# -- shared steps --------------------------------------------------------------------------------


def billable_order(session: Session, ctx: Context, order_id: int) -> Document:
    """The order, locked for the rest of the transaction (partial invoices of one order queue)."""
    order = get_document(session, ctx, order_id, for_update=True)
    if order.kind != "order":
        raise Invalid.field("order_id", "order", f"{label(order)} is not an order")
    if order.archived_at is not None:
        raise Conflict(f"{label(order)} is in the history; it is billed no more")
    if order.done:
        raise Conflict(f"{label(order)} is done; bring it back to the working list first")
    return order


def refuse_after_final(session: Session, ctx: Context, order: Document) -> None:
    """One final invoice per order: made here (it names the order) or by a plain conversion."""
    order_lines = select(DocumentLine.id).where(DocumentLine.document_id == order.id)
    by_line = select(DocumentLine.document_id).where(DocumentLine.order_line_id.in_(order_lines))
    final = session.exec(select(Document).where(
        Document.tenant_id == ctx.tenant_id, Document.kind == "final_invoice",
        or_(Document.order_id == order.id, Document.id.in_(by_line)))).first()
    if final is not None:
        raise Conflict(f"{label(order)} has its final invoice already ({label(final)})")


def document_totals(session: Session, document: Document) -> Totals:
    return compute_totals(((l.net_amount, l.tax_rate, l.optional) for l in lines_of(session, document.id)),
                          ((c.amount, c.tax_rate) for c in charges_of(session, document.id)),
                          document.end_discount_percent)


def tax_codes_by_rate(lines: Iterable[DocumentLine], charges: Iterable) -> dict[Decimal, int]:
    """For each VAT rate, the tax code the document uses for it (its first line of that rate)."""
    codes: dict[Decimal, int] = {}
    for item in [*(line for line in lines if not line.optional), *charges]:
        if item.tax_code_id is not None:
            codes.setdefault(Decimal(item.tax_rate).normalize(), item.tax_code_id)
    return codes


def _new_invoice(session: Session, ctx: Context, order: Document, kind: str, variant: str, on: date) -> Document:
    document = Document(tenant_id=ctx.tenant_id, kind=kind, variant=variant, order_id=order.id, doc_date=on,
                        clerk=ctx.username, state="draft")
    for column in Document.__table__.columns:
        if column.key in _HEADER or column.key.startswith(_ADDRESS_PREFIXES):
            setattr(document, column.key, getattr(order, column.key))
    assign_rate(session, ctx, document)  # the rate of the invoice's date (one set by hand carries over)
    session.add(document)
    session.flush()
    return document


def _check_request(amount: Decimal | None, percent: Decimal | None, text: str) -> str:
    """The field the down payment is given in, after checking the request."""
    if amount is None and percent is None:
        raise Invalid.field("amount", "required", "give the net amount or the percent of the down payment")
    if amount is not None and percent is not None:
        raise Invalid.field("percent", "one_of", "give either the net amount or the percent, not both")
    if len(text) > 200:
        raise Invalid.field("text", "max_length", "the text of a down payment has at most 200 characters")
    if amount is not None:
        if amount <= 0:
            raise Invalid.field("amount", "positive", "the down payment must be more than zero")
        if amount != cents(amount):
            raise Invalid.field("amount", "cents", "the down payment is an amount in cents")
        return "amount"
    if not 0 < percent <= 100:
        raise Invalid.field("percent", "range", "the percent of a down payment is more than 0 and at most 100")
    return "percent"


def german(number: Decimal) -> str:
    """30 -> '30', 12.50 -> '12,5'."""
    text = f"{Decimal(number).normalize():f}"
    return text.replace(".", ",")


def money(amount: Decimal) -> str:
    """1234.5 -> '1.234,50'."""
    return f"{amount:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
