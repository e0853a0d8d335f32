"""Reading purchase documents: one document with the processing status of its lines, and the
working list. Each line status is computed for all lines of the document in grouped queries.

Per line, by kind: an order line shows received and open quantities and its expected date;
a blanket-order line what was called off and is left; a receipt line what went back, what is
still blocked, what was released and invoiced; a supplier invoice shows the amounts entered
from the supplier's paper beside its own totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.kinds import PURCHASE_KINDS, kind_of
from kontor.core.documents.models import Document
from kontor.core.documents.services import document_dict
from kontor.core.purchasing.checking import check_of
from kontor.core.purchasing.common import ORDER_KINDS, PURCHASING, get_purchase_document
from kontor.core.purchasing.invoices import entry_of
from kontor.core.purchasing.orders import called_off, expected_dates
from kontor.core.purchasing.quantities import blocked_left, released, taken_into
from kontor.core.users.permissions import Level

ZERO = Decimal("0")


def read_purchase_document(session: Session, ctx: Context, document_id: int) -> dict[str, Any]:
    document = get_purchase_document(session, ctx, document_id)
    values = document_dict(session, document)
    ids = [line["id"] for line in values["lines"]]
    if document.kind in ORDER_KINDS:
        received = taken_into(session, ids, "goods_receipt")
        dates = expected_dates(session, ids)
        for line in values["lines"]:
            line["status"] = {"received": received[line["id"]],
                              "open": max(line["quantity"] - received[line["id"]], ZERO),
                              "expected_date": dates.get(line["id"])}
    elif document.kind == "blanket_order":
        taken, dates = called_off(session, ids), expected_dates(session, ids)
        for line in values["lines"]:
            line["status"] = {"called_off": taken[line["id"]], "left": max(line["quantity"] - taken[line["id"]], ZERO),
                              "expected_date": dates.get(line["id"])}
    elif document.kind == "goods_receipt":
        returned, blocked = taken_into(session, ids, "supplier_return"), blocked_left(session, ids)
        freed, invoiced = released(session, ids), taken_into(session, ids, "supplier_invoice")
        for line in values["lines"]:
            line["status"] = {"returned": returned[line["id"]], "blocked": blocked[line["id"]],
                              "released": freed[line["id"]], "invoiced": invoiced[line["id"]]}
        check = check_of(session, document.id)
        values["check"] = check.model_dump() if check else None
    elif document.kind == "supplier_invoice":
        entry = entry_of(session, document.id)
        values["entry"] = entry.model_dump()
        values["differences"] = {"net_amount": entry.net_amount - document.net_total,
                                 "tax_amount": entry.tax_amount - document.tax_total,
                                 "gross_amount": entry.gross_amount - document.gross_total}
    elif document.kind == "supplier_return":
        back = taken_into(session, ids, "goods_receipt")
        for line in values["lines"]:
            line["status"] = {"received_back": back[line["id"]]}
    return values


def list_purchase_documents(session: Session, ctx: Context, *, kind: str | None = None,
                            supplier_id: int | None = None, state: str | None = None, q: str | None = None,
                            include_done: bool = False, limit: int = 50, offset: int = 0) -> tuple[list[Document], int]:
    """The purchase working list, newest first."""
    ctx.require(PURCHASING, Level.READ)
    conditions = [Document.tenant_id == ctx.tenant_id, Document.archived_at.is_(None)]
    if kind:
        name = kind_of(kind).name
        if name not in PURCHASE_KINDS:
            from kontor.errors import Invalid

            raise Invalid.field("kind", "one_of", f"use one of {', '.join(PURCHASE_KINDS)}")
        conditions.append(Document.kind == name)
    else:
        conditions.append(Document.kind.in_(PURCHASE_KINDS))
    if supplier_id is not None:
        conditions.append(Document.supplier_id == supplier_id)
    if state:
        conditions.append(Document.state == state)
    if not include_done:
        conditions.append(Document.done.is_(False))
    if q:
        needle = f"%{q.strip().lower()}%"
        conditions.append(or_(func.lower(Document.number).like(needle), func.lower(Document.bill_name1).like(needle),
                              func.lower(Document.customer_order_number).like(needle)))
    total = session.exec(select(func.count()).select_from(Document).where(*conditions)).one()
    rows = session.exec(select(Document).where(*conditions).order_by(Document.doc_date.desc(), Document.id.desc())
                        .offset(offset).limit(limit)).all()
    return list(rows), total
