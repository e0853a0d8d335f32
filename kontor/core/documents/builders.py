"""Per-line builders: what a following line takes from the line it is made from.

A conversion makes each new line with the builder of its kind (`order_line_for(quote_line)`,
`delivery_line_for(order_line, quantity)`, `invoice_line_for(delivery_line, quantity)`,
`credit_line_for(invoice_line, quantity)`, and the purchase side's twins). Each builder names
the fields it carries; nothing else flows forward. A new line knows its source
(`source_line_id`) and the order line its chain went through (`order_line_id`), so the
processing status is one grouped query (kontor.core.documents.lineage).

After the core built a line, the hook `kontor_line_for` lets a plugin change fields of it or
lower the quantity that goes forward (the invoiceable quantity: 0 leaves the line out of the
new document for now, to be taken over later).

Every column of DocumentLine is either carried by a field group below or listed in `OWN`
(tests/unit/test_line_builders.py holds the list complete, so a new column gets a decision).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.lineage import order_line_of
from kontor.core.documents.models import DocumentLine
from kontor.core.documents.totals import line_net
from kontor.plugins import answers

# -- the field groups a line carries forward --------------------------------------------------
ARTICLE = ("article_id", "temporary", "article_number", "description", "long_text", "article_type", "unit")
PRICE = ("unit_price", "discount_percent", "price_source", "cost_price")
TAX = ("tax_code_id", "tax_rate")
# a line's own discount under a priced group (the group's share stays on the line it was spread onto)
GROUP_SHARE = ("own_discount_percent",)
# quotes and orders take optional lines and subtotals (a group with its discount or round price)
LAYOUT = ("optional", "line_kind", "group_discount_percent", "group_net_price")
# a credit note made from a return delivery note keeps what came back and whether it went into stock
RETURNED = ("returned_line_id", "restock")

# Never carried: the receiving document sets them, or they follow from what is carried.
OWN = ("id", "tenant_id", "document_id", "position", "quantity", "net_amount", "source_line_id", "order_line_id")
# What a plugin's answer to kontor_line_for may not set.
FIXED = ("id", "tenant_id", "document_id", "position", "net_amount", "source_line_id", "order_line_id")

OFFER = ARTICLE + PRICE + TAX + GROUP_SHARE + LAYOUT
FOLLOW = ARTICLE + PRICE + TAX + GROUP_SHARE
PURCHASE = ARTICLE + PRICE + TAX


def _line_for(ctx: Context, session: Session, kind: str, source: DocumentLine, source_kind: str,
              quantity: Decimal, carried: tuple[str, ...]) -> DocumentLine:
    line = DocumentLine(tenant_id=source.tenant_id, document_id=0, position=0,
                        **{name: getattr(source, name) for name in carried})
    line.quantity = quantity
    line.source_line_id = source.id
    line.order_line_id = order_line_of(source, source_kind)
    _apply_answers(ctx, session, kind, source, source_kind, line, quantity)
    line.net_amount = line_net(line.quantity, line.unit_price, line.discount_percent)
    return line


def _apply_answers(ctx: Context, session: Session, kind: str, source: DocumentLine, source_kind: str,
                   line: DocumentLine, offered: Decimal) -> None:
    purchase = kind in PURCHASE_BUILDERS
    for plugin, changes in answers(ctx.hooks.kontor_line_for, ctx=ctx, session=session, kind=kind, source=source,
                                   source_kind=source_kind, line=line):
        for name, value in changes.items():
            if name in FIXED or name not in DocumentLine.model_fields:
                raise ValueError(f"plugin '{plugin}' answered kontor_line_for with field '{name}', "
                                 f"which a plugin cannot set on a {kind} line")
            if name == "quantity":
                if purchase:
                    raise ValueError(f"plugin '{plugin}' changed the quantity of a {kind} line; the purchase side "
                                     "takes what was ordered, delivered or billed")
                value = Decimal(value)
                if not 0 <= value <= offered:
                    raise ValueError(f"plugin '{plugin}' answered a quantity of {value} for a {kind} line; it may "
                                     f"lower what goes forward (0 to {offered}), not raise it")
            setattr(line, name, value)


# -- sales ----------------------------------------------------------------------------------------


def quote_line_for(ctx: Context, session: Session, inquiry_line: DocumentLine, quantity: Decimal, *,
                   source_kind: str = "inquiry") -> DocumentLine:
    """A quote line from an inquiry line (or a quote line copied into a new quote)."""
    return _line_for(ctx, session, "quote", inquiry_line, source_kind, quantity, OFFER)


def order_line_for(ctx: Context, session: Session, quote_line: DocumentLine, quantity: Decimal, *,
                   source_kind: str = "quote") -> DocumentLine:
    """An order line from a quote line (the quote was accepted), optional lines and subtotals too."""
    return _line_for(ctx, session, "order", quote_line, source_kind, quantity, OFFER)


def picking_line_for(ctx: Context, session: Session, order_line: DocumentLine, quantity: Decimal, *,
                     source_kind: str = "order") -> DocumentLine:
    """A picking-slip line for `quantity` of an order line."""
    return _line_for(ctx, session, "picking_slip", order_line, source_kind, quantity, FOLLOW)


def delivery_line_for(ctx: Context, session: Session, order_line: DocumentLine, quantity: Decimal, *,
                      source_kind: str = "order") -> DocumentLine:
    """A delivery-note line for `quantity` of an order line (or of a picking-slip line)."""
    return _line_for(ctx, session, "delivery_note", order_line, source_kind, quantity, FOLLOW)


def work_report_line_for(ctx: Context, session: Session, order_line: DocumentLine, quantity: Decimal, *,
                         source_kind: str = "order") -> DocumentLine:
    """A work-report line (what was used on site) for an order or delivery-note line."""
    return _line_for(ctx, session, "work_report", order_line, source_kind, quantity, FOLLOW)


def invoice_line_for(ctx: Context, session: Session, delivery_line: DocumentLine, quantity: Decimal, *,
                     source_kind: str = "delivery_note", kind: str = "invoice") -> DocumentLine:
    """An invoice line (or final-invoice line) for `quantity` of a delivery-note line (or an
    order line billed without delivery, or an invoice line billed again as a copy)."""
    return _line_for(ctx, session, kind, delivery_line, source_kind, quantity, FOLLOW)


def credit_line_for(ctx: Context, session: Session, invoice_line: DocumentLine, quantity: Decimal, *,
                    source_kind: str = "invoice") -> DocumentLine:
    """A credit-note line for `quantity` of an invoice line (or of a return delivery-note line,
    whose returned line and restock it keeps)."""
    return _line_for(ctx, session, "credit_note", invoice_line, source_kind, quantity, FOLLOW + RETURNED)


SALES_BUILDERS: dict[str, Callable[..., DocumentLine]] = {
    "quote": quote_line_for,
    "order": order_line_for,
    "picking_slip": picking_line_for,
    "delivery_note": delivery_line_for,
    "work_report": work_report_line_for,
    "invoice": invoice_line_for,
    "credit_note": credit_line_for,
}


def sales_line_for(ctx: Context, session: Session, kind: str, source: DocumentLine, source_kind: str,
                   quantity: Decimal) -> DocumentLine:
    """The line a conversion into `kind` makes from `source` (the builder of that kind)."""
    if kind == "inquiry":  # an inquiry copied into a new one carries what a quote does
        return _line_for(ctx, session, kind, source, source_kind, quantity, OFFER)
    if kind == "final_invoice":
        return invoice_line_for(ctx, session, source, quantity, source_kind=source_kind, kind=kind)
    return SALES_BUILDERS[kind](ctx, session, source, quantity, source_kind=source_kind)


# -- purchase --------------------------------------------------------------------------------------


def supplier_inquiry_line_for(ctx: Context, session: Session, inquiry_line: DocumentLine, quantity: Decimal, *,
                              source_kind: str = "supplier_inquiry") -> DocumentLine:
    """A line of one more supplier's inquiry, copied from the first of the round."""
    return _line_for(ctx, session, "supplier_inquiry", inquiry_line, source_kind, quantity, PURCHASE)


def purchase_order_line_for(ctx: Context, session: Session, offer_line: DocumentLine, quantity: Decimal, *,
                            source_kind: str = "supplier_inquiry") -> DocumentLine:
    """A purchase-order line from an offered inquiry line or a blanket order's line (a call-off)."""
    return _line_for(ctx, session, "purchase_order", offer_line, source_kind, quantity, PURCHASE)


def receipt_line_for(ctx: Context, session: Session, purchase_order_line: DocumentLine, quantity: Decimal, *,
                     source_kind: str = "purchase_order") -> DocumentLine:
    """A goods-receipt line for `quantity` of a purchase-order (or internal-order) line."""
    return _line_for(ctx, session, "goods_receipt", purchase_order_line, source_kind, quantity, PURCHASE)


def supplier_return_line_for(ctx: Context, session: Session, receipt_line: DocumentLine, quantity: Decimal, *,
                             source_kind: str = "goods_receipt") -> DocumentLine:
    """A line of goods going back to the supplier, from a goods-receipt line."""
    return _line_for(ctx, session, "supplier_return", receipt_line, source_kind, quantity, PURCHASE)


def supplier_invoice_line_for(ctx: Context, session: Session, receipt_line: DocumentLine, quantity: Decimal, *,
                              source_kind: str = "goods_receipt") -> DocumentLine:
    """A supplier-invoice line for what of a goods-receipt line is neither billed nor returned."""
    return _line_for(ctx, session, "supplier_invoice", receipt_line, source_kind, quantity, PURCHASE)


PURCHASE_BUILDERS: dict[str, Callable[..., DocumentLine]] = {
    "supplier_inquiry": supplier_inquiry_line_for,
    "purchase_order": purchase_order_line_for,
    "goods_receipt": receipt_line_for,
    "supplier_return": supplier_return_line_for,
    "supplier_invoice": supplier_invoice_line_for,
}


def purchase_line_for(ctx: Context, session: Session, kind: str, source: DocumentLine, source_kind: str,
                      quantity: Decimal) -> DocumentLine:
    return PURCHASE_BUILDERS[kind](ctx, session, source, quantity, source_kind=source_kind)
