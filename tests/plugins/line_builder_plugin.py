"""Test plugin: changes lines the conversions make (kontor_line_for).

- A rented article (number MIET-) is billed one unit per invoice: its invoiceable quantity is
  at most 1, the rest stays open for the next invoice.
- A delivery-note line of a checked article (number GEPR-) carries the note "geprüft".
- A goods-receipt line gets the supplier's delivery marked in its long text.
- An article numbered BAD-DOC tries to move its line to another document; QTY-UP tries to
  take more than is open; PURCHASE-QTY tries to change a purchase quantity: all refused.
"""

from decimal import Decimal

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_lines", title="Test line builders", version="1.0")


@hookimpl
def kontor_line_for(kind, source, source_kind, line):
    number = line.article_number or ""
    if kind == "invoice" and number.startswith("MIET-"):
        return {"quantity": min(line.quantity, Decimal("1")), "long_text": f"Miete aus {source_kind}"}
    if kind == "delivery_note" and number.startswith("GEPR-"):
        return {"long_text": "geprüft"}
    if number == "PURCHASE-QTY" and kind == "goods_receipt":
        return {"quantity": Decimal("1")}
    if kind == "goods_receipt":
        return {"long_text": "Lieferung geprüft"}
    if number == "BAD-DOC":
        return {"document_id": 1}
    if number == "QTY-UP":
        return {"quantity": line.quantity + 1}
    return None
