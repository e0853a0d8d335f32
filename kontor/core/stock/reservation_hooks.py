"""Reservations follow deliveries: a core hook module (registered in CORE_HOOK_MODULES).

When a delivery note moves stock out for order lines, the reservations of those order
lines shrink to what is still open; when received goods of a purchase-order line are
released into free stock, the reservations on that line become stock reservations. Both in
the same transaction (kontor_stock_moves_posted runs inside the posting transaction), and
cheap when nothing is reserved: one indexed query.
"""

from __future__ import annotations

from kontor.plugins import hookimpl

DELIVERY_SYMBOLS = ("LS", "KL")


@hookimpl
def kontor_stock_moves_posted(ctx, session, moves):
    # delivery notes (LS; KL when the multi_warehouse plugin delivers into consignment stock)
    delivered = [m.document_line_id for m in moves if m.symbol in DELIVERY_SYMBOLS and m.document_line_id
                 and m.quantity < 0]
    released = [m for m in moves if m.symbol == "WE" and m.document_line_id and m.quantity > 0 and not m.blocked]
    if delivered:
        from kontor.core.stock.reservations import release_delivered

        release_delivered(session, ctx, delivered)
    if released:
        from kontor.core.stock.reservations import convert_released

        convert_released(session, ctx, released)
