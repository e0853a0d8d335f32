"""Proving the exposure rows against their sources, and building them from scratch.

`verify_exposure` counts every open document's share and every customer's open items anew,
set-based in chunks, and names each row that differs: `kontor documents check` runs it.
`rebuild_exposure` writes the rows from the same count (the migration that introduced them
uses it, and so does a repair after data was loaded around the services).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from kontor.core.finance.exposure import ZERO, Parts, Share, chunked, document_shares, open_documents
from kontor.core.finance.exposure_models import CustomerExposure, DocumentExposure
from kontor.core.finance.models import OpenItem
from kontor.core.finance.payment_models import Payment
from kontor.core.masterdata.parties.models import Customer
from kontor.db.base import utcnow


def counted_shares(session: Session, tenant_id: int | None = None) -> dict[int, Share]:
    ids = session.execute(open_documents(tenant_id)).scalars().all()
    return document_shares(session, ids)


def counted_open_items(session: Session, tenant_id: int | None = None) -> dict[int, Decimal]:
    """kontor's own open items less unallocated payments (book values in home currency), per
    customer, in two grouped queries."""
    items = select(OpenItem.customer_id, func.sum(OpenItem.home_open_amount)).where(
        OpenItem.customer_id.is_not(None), OpenItem.state != "paid")
    credits = select(Payment.customer_id, func.sum(Payment.home_unallocated))
    if tenant_id is not None:
        items = items.where(OpenItem.tenant_id == tenant_id)
        credits = credits.where(Payment.tenant_id == tenant_id)
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for customer_id, amount in session.execute(items.group_by(OpenItem.customer_id)):
        totals[customer_id] += amount or ZERO
    for customer_id, amount in session.execute(credits.group_by(Payment.customer_id)):
        totals[customer_id] -= amount or ZERO
    return dict(totals)


def counted_parts(shares: dict[int, Share], open_items: dict[int, Decimal]) -> dict[int, Parts]:
    parts: dict[int, Parts] = defaultdict(Parts)
    for share in shares.values():
        parts[share.customer_id] += Parts(uninvoiced=share.uninvoiced, open_orders=share.open_orders)
    for customer_id, amount in open_items.items():
        parts[customer_id] += Parts(open_items=amount)
    return dict(parts)


def verify_exposure(session: Session, tenant_id: int | None = None) -> list[str]:
    shares = counted_shares(session, tenant_id)
    expected = counted_parts(shares, counted_open_items(session, tenant_id))
    problems = []
    stored_shares = select(DocumentExposure.document_id, DocumentExposure.customer_id, DocumentExposure.uninvoiced,
                           DocumentExposure.open_orders, DocumentExposure.tenant_id)
    stored_rows = select(CustomerExposure.customer_id, CustomerExposure.open_items, CustomerExposure.uninvoiced,
                         CustomerExposure.open_orders, CustomerExposure.tenant_id)
    if tenant_id is not None:
        stored_shares = stored_shares.where(DocumentExposure.tenant_id == tenant_id)
        stored_rows = stored_rows.where(CustomerExposure.tenant_id == tenant_id)
    seen = set()
    for doc_id, customer_id, uninvoiced, open_orders, tenant in session.execute(stored_shares):
        seen.add(doc_id)
        share = shares.get(doc_id)
        have = (customer_id, uninvoiced, open_orders)
        want = (share.customer_id, share.uninvoiced, share.open_orders) if share else None
        if have != want:
            problems.append(f"tenant {tenant}: document {doc_id}: stored exposure (customer, uninvoiced, open orders) "
                            f"{_show(have)} but its lines give {_show(want) if want else 'nothing'}")
    for doc_id in sorted(set(shares) - seen):
        share = shares[doc_id]
        problems.append(f"tenant {share.tenant_id}: document {doc_id}: no stored exposure but its lines give "
                        f"{_show((share.customer_id, share.uninvoiced, share.open_orders))}")
    found = set()
    for customer_id, open_items, uninvoiced, open_orders, tenant in session.execute(stored_rows):
        found.add(customer_id)
        want = expected.get(customer_id, Parts())
        if Parts(open_items, uninvoiced, open_orders) != want:
            problems.append(f"tenant {tenant}: customer {customer_id}: stored exposure (open items, uninvoiced, open "
                            f"orders) {_show((open_items, uninvoiced, open_orders))} but its sources give "
                            f"{_show((want.open_items, want.uninvoiced, want.open_orders))}")
    for customer_id in sorted(set(expected) - found):
        want = expected[customer_id]
        if want != Parts():
            problems.append(f"customer {customer_id}: no stored exposure but its sources give "
                            f"{_show((want.open_items, want.uninvoiced, want.open_orders))}")
    return problems


def _show(values) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


def rebuild_exposure(session: Session, tenant_id: int | None = None) -> int:
    """Write every row anew from the sources; the number of customer rows written."""
    shares = counted_shares(session, tenant_id)
    parts = counted_parts(shares, counted_open_items(session, tenant_id))
    for model in (DocumentExposure, CustomerExposure):
        statement = delete(model.__table__)
        if tenant_id is not None:
            statement = statement.where(model.__table__.c.tenant_id == tenant_id)
        session.execute(statement)
    for rows in chunked([{"document_id": doc_id, "tenant_id": s.tenant_id, "customer_id": s.customer_id,
                          "uninvoiced": s.uninvoiced, "open_orders": s.open_orders}
                         for doc_id, s in sorted(shares.items())]):
        session.execute(insert(DocumentExposure.__table__), rows)
    tenants = {}
    for ids in chunked(sorted(parts)):
        tenants.update(session.execute(select(Customer.id, Customer.tenant_id).where(Customer.id.in_(ids))).all())
    now = utcnow()
    for rows in chunked([{"customer_id": c, "tenant_id": tenants[c], "open_items": p.open_items,
                          "uninvoiced": p.uninvoiced, "open_orders": p.open_orders, "updated_at": now}
                         for c, p in sorted(parts.items()) if c in tenants]):
        session.execute(insert(CustomerExposure.__table__), rows)
    return len(parts)
