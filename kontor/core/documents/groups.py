"""Subtotals with group discounts and round group prices.

A subtotal line (line_kind "subtotal") sums the item lines above it back to the previous
subtotal (optional lines are not part of a group). On it the clerk may set a group discount
percent OR a round group net price. Either is distributed onto the group's item lines as a
line discount, so totals, VAT per rate and every later conversion work on item lines only:

- each item line's net stays rounded to the cent (kontor.core.documents.totals);
- a group discount applies on top of the line's own discount:
  net = quantity x price x (1 - own %) x (1 - group %), to the cent;
- a round group price scales the group's nets (own discounts included) to the price; each
  share to the cent, the rounding remainder goes to the line with the largest net (first
  such line) so the group sums exactly to the price;
- the line's discount_percent becomes the one (four places) that gives that net; the
  clerk's own discount is kept in own_discount_percent while the line is in a priced group,
  so changing or clearing the group discount/price (or removing the subtotal) restores it.

A subtotal line is stored as an optional line (quantity 1, unit price = net = the group's
sum, no tax), so totals, stock, states and conversions by document pass it by: it is shown,
never counted, never delivered or invoiced.
"""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from kontor.core.documents.lineage import lines_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.totals import ZERO, cents, line_net
from kontor.errors import Invalid

ITEM = "item"
SUBTOTAL = "subtotal"
STEP = Decimal("0.0001")


def is_subtotal(line: DocumentLine) -> bool:
    return line.line_kind == SUBTOTAL


def own_discount(line: DocumentLine) -> Decimal:
    """The clerk's own discount of an item line, before any group discount or price."""
    return line.own_discount_percent if line.own_discount_percent is not None else line.discount_percent


def check_subtotal_input(data, path: str) -> None:
    """Rules of a subtotal line's input (raises 422 naming the field and the rule)."""
    if data.article_id is not None:
        raise Invalid.field(f"{path}.article_id", "no_article", "a subtotal line has no article")
    if data.quantity != 1:
        raise Invalid.field(f"{path}.quantity", "one", "a subtotal line has quantity 1")
    discount, price = data.group_discount_percent, data.group_net_price
    if discount is not None and price is not None:
        raise Invalid.field(f"{path}.group_net_price", "one_of",
                            "a subtotal takes a group discount or a round group price, not both")
    if discount is not None and not ZERO <= discount <= 100:
        raise Invalid.field(f"{path}.group_discount_percent", "between_0_and_100",
                            "a group discount lies between 0 and 100 %")
    if price is not None and price < 0:
        raise Invalid.field(f"{path}.group_net_price", "not_negative", "a group price cannot be negative")


def fill_subtotal(line: DocumentLine, data) -> None:
    """Set a subtotal line from the clerk's input (its amounts follow in apply_groups)."""
    line.line_kind = SUBTOTAL
    line.article_id = None
    line.temporary = False
    line.description = data.description or line.description or "Zwischensumme"
    line.long_text = data.long_text or line.long_text
    line.quantity = Decimal(1)
    line.discount_percent = ZERO
    line.optional = True
    line.tax_code_id = None
    line.tax_rate = ZERO
    line.price_source = "subtotal"
    line.group_discount_percent = data.group_discount_percent
    line.group_net_price = data.group_net_price
    line.own_discount_percent = None


def build_subtotal(tenant_id: int, document_id: int, data, position: int, path: str) -> DocumentLine:
    check_subtotal_input(data, path)
    line = DocumentLine(tenant_id=tenant_id, document_id=document_id, position=position)
    fill_subtotal(line, data)
    return line


def discount_for(quantity: Decimal, unit_price: Decimal, target: Decimal) -> Decimal | None:
    """A discount percent with four places that makes the line's net exactly `target`."""
    gross = quantity * unit_price
    if gross == 0:
        return None
    first = ((1 - target / gross) * 100).quantize(STEP)
    for step in range(0, 6):
        for candidate in {first + step * STEP, first - step * STEP}:
            if line_net(quantity, unit_price, candidate) == target:
                return candidate
    return None


def _set_discount(line: DocumentLine, own: Decimal, discount: Decimal) -> None:
    line.own_discount_percent = own
    line.discount_percent = discount
    line.net_amount = line_net(line.quantity, line.unit_price, discount)


def _restore(line: DocumentLine) -> None:
    line.discount_percent = own_discount(line)
    line.own_discount_percent = None
    line.net_amount = line_net(line.quantity, line.unit_price, line.discount_percent)


def _priced_members(snapshots: list[dict]) -> set[int]:
    """Ids of item lines that were in a group with a discount or price (from line snapshots)."""
    members, group = set(), []
    for snap in sorted(snapshots, key=lambda s: (s["position"], s["id"])):
        if snap.get("line_kind") == SUBTOTAL:
            if snap.get("group_discount_percent") is not None or snap.get("group_net_price") is not None:
                members |= set(group)
            group = []
        elif not snap.get("optional"):
            group.append(snap["id"])
    return members


def apply_groups(session: Session, document: Document, before_lines: list[dict] | None = None) -> None:
    """Recompute every group of the document and the subtotal lines' display amounts.

    Item lines in no priced group keep the discount they have (a line taken over from a
    priced group keeps its price), except lines that were in a priced group before this
    change (`before_lines`): those get their own discount back."""
    lines = lines_of(session, document.id)
    if not any(is_subtotal(l) or l.own_discount_percent is not None for l in lines):
        return
    was_priced = _priced_members(before_lines or [])
    grouped: set[int] = set()
    group: list[DocumentLine] = []
    for index, line in enumerate(lines):
        if not is_subtotal(line):
            if not line.optional:
                group.append(line)
            continue
        path = f"lines.{index}"
        if not group:
            raise Invalid.field(f"{path}.line_kind", "items_above",
                                f"the subtotal at position {line.position} has no item lines above it "
                                "back to the previous subtotal")
        if line.group_discount_percent is not None:
            _apply_discount(group, line.group_discount_percent)
        elif line.group_net_price is not None:
            _apply_price(group, line.group_net_price, f"{path}.group_net_price")
        else:
            for item in group:
                _restore(item)
        grouped |= {item.id for item in group}
        line.unit_price = line.net_amount = sum((item.net_amount for item in group), ZERO)
        session.add_all([*group, line])
        group = []
    for line in lines:
        if is_subtotal(line) or line.id in grouped:
            continue
        if line.own_discount_percent is not None:
            if line.id in was_priced:
                _restore(line)
            else:
                line.own_discount_percent = None
            session.add(line)
    session.flush()


def _apply_discount(group: list[DocumentLine], percent: Decimal) -> None:
    for line in group:
        own = own_discount(line)
        target = cents(line.quantity * line.unit_price * (100 - own) * (100 - percent) / 10000)
        combined = own + percent - own * percent / 100
        if combined == combined.quantize(STEP) and line_net(line.quantity, line.unit_price, combined) == target:
            discount = combined  # 10 % and 5 % on top: 14.5 %
        else:
            discount = discount_for(line.quantity, line.unit_price, target)
        _set_discount(line, own, discount if discount is not None else own)


def _apply_price(group: list[DocumentLine], price: Decimal, path: str) -> None:
    owns = [own_discount(line) for line in group]
    nets = [line_net(line.quantity, line.unit_price, own) for line, own in zip(group, owns)]
    total = sum(nets, ZERO)
    if total == 0:
        if price != 0:
            raise Invalid.field(path, "reachable", "the group's lines have no net to scale to the group price")
        for line, own in zip(group, owns):
            _set_discount(line, own, own)
        return
    largest = max(range(len(group)), key=lambda i: (nets[i], -i))
    results: list[tuple[Decimal, Decimal]] = []
    achieved = ZERO
    for i, (line, own) in enumerate(zip(group, owns)):
        if i == largest or nets[i] == 0:
            results.append((own, nets[i]))
            achieved += nets[i] if i != largest else ZERO
            continue
        target = cents(nets[i] * price / total)
        discount = discount_for(line.quantity, line.unit_price, target)
        if discount is None:
            discount = ((1 - target / (line.quantity * line.unit_price)) * 100).quantize(STEP)
        net = line_net(line.quantity, line.unit_price, discount)
        results.append((discount, net))
        achieved += net
    rest = price - achieved
    discount = discount_for(group[largest].quantity, group[largest].unit_price, rest)
    if discount is None:
        raise Invalid.field(path, "reachable", f"a group net of {price} cannot be reached to the cent "
                                               "with line discounts of four places")
    results[largest] = (discount, rest)
    for line, own, (discount, _net) in zip(group, owns, results):
        _set_discount(line, own, discount)
