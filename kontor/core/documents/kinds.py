"""The kinds of documents and how they relate, declared as data.

`sources` names the kinds a document may be converted from (its predecessors); `stock`
says whether its material lines move stock (-1 out, +1 in, 0 not at all); `numbered`
says when it gets its number: at creation (a proposal the clerk sees at once) or at
posting (invoices and credit notes: gapless, inside the posting transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from kontor.errors import Invalid


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    number_range: str
    sources: tuple[str, ...] = ()
    stock: int = 0
    symbol: str = ""
    numbered: str = "create"  # or "post"
    postable: bool = False
    billing: bool = False  # counts as invoiced quantity for its origin lines
    side: str = "sales"  # or "purchase": documents with a supplier (kontor.core.purchasing)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("inquiry", "inquiry", "inquiry", sources=("inquiry",)),
        Kind("quote", "quote", "quote", sources=("inquiry", "quote")),
        Kind("order", "order confirmation", "order", sources=("quote", "order")),
        Kind("picking_slip", "picking slip", "picking_slip", sources=("order",)),
        Kind("delivery_note", "delivery note", "delivery_note", sources=("order", "picking_slip", "delivery_note"),
             stock=-1, symbol="LS"),
        Kind("work_report", "work report", "work_report", sources=("order", "delivery_note"), stock=-1, symbol="RP"),
        Kind("return_delivery_note", "return delivery note", "return_delivery_note",
             sources=("delivery_note", "invoice", "order"), stock=+1, symbol="RL"),
        Kind("invoice", "invoice", "invoice", sources=("order", "delivery_note", "invoice"), numbered="post",
             postable=True, billing=True),
        Kind("partial_invoice", "partial invoice", "partial_invoice", sources=("order",), numbered="post",
             postable=True),
        Kind("final_invoice", "final invoice", "final_invoice", sources=("order", "delivery_note"), numbered="post",
             postable=True, billing=True),
        Kind("credit_note", "credit note", "credit_note", sources=("invoice", "final_invoice", "return_delivery_note"),
             numbered="post", postable=True, billing=True),
        # the purchase side: same tables, the party is a supplier (Document.supplier_id)
        Kind("supplier_inquiry", "supplier inquiry", "supplier_inquiry", sources=("supplier_inquiry",),
             side="purchase"),
        Kind("purchase_order", "purchase order", "purchase_order",
             sources=("supplier_inquiry", "purchase_order", "blanket_order"), side="purchase"),
        Kind("blanket_order", "blanket order", "blanket_order", sources=("supplier_inquiry",), side="purchase"),
        Kind("internal_order", "internal order", "internal_order", side="purchase"),
        Kind("goods_receipt", "goods receipt", "goods_receipt",
             sources=("purchase_order", "internal_order", "supplier_return"), stock=+1, symbol="WE", side="purchase"),
        Kind("supplier_return", "return to supplier", "supplier_return", sources=("goods_receipt",), stock=-1,
             symbol="RS", side="purchase"),
        Kind("supplier_invoice", "supplier invoice", "supplier_invoice", sources=("goods_receipt", "purchase_order"),
             side="purchase", billing=True, numbered="post"),
    )
}

SALES_KINDS = tuple(k.name for k in KINDS.values() if k.side == "sales")
PURCHASE_KINDS = tuple(k.name for k in KINDS.values() if k.side == "purchase")

STOCK_KINDS = tuple(k.name for k in KINDS.values() if k.stock and k.side == "sales")


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise Invalid.field("kind", "one_of", f"unknown document kind '{name}'; use one of {', '.join(KINDS)}") from None
