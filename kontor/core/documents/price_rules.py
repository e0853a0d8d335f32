"""A negative unit price is a permission of its own.

A line with a negative unit price lowers the document's total: typed by mistake it makes a
quote or invoice with a negative total. So a clerk may not type one: a negative unit price on
a sales line needs the `sales` permission at level admin (the standard role `admin` has it,
`clerk` does not); otherwise the input is refused with 422 on `lines.N.unit_price`, rule
`permission`. Lines the system makes (the deductions of a final invoice, returns, credit
notes from corrections) are not typed prices and are not checked; neither is a negative
price a line already had, so a clerk can still change other fields of such a document.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kontor.core.context import Context
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, Problem

PART, LEVEL = "sales", Level.ADMIN


def _key(line_id, price) -> tuple:
    return line_id, Decimal(str(price)).normalize()


def refuse_negative_prices(ctx: Context, lines: Sequence, before: Sequence[dict] = ()) -> None:
    """Refuse typed negative unit prices the user may not give (see the module doc).
    `before`: the stored lines (snapshots) of a document being changed."""
    if ctx.can(PART, LEVEL):
        return
    had = {_key(line.get("id"), line["unit_price"]) for line in before if line.get("unit_price") is not None}
    problems = [
        Problem(f"lines.{index}.unit_price", "permission",
                f"a negative unit price ({line.unit_price}) needs the permission '{PART}' at level {LEVEL.name.lower()}")
        for index, line in enumerate(lines)
        if line.unit_price is not None and line.unit_price < 0 and _key(getattr(line, "id", None), line.unit_price) not in had
    ]
    if problems:
        raise Invalid(problems)
