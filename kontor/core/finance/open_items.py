"""Opening the item of a posted invoice or credit note, inside the posting transaction.

The due date and the cash-discount dates come from the document's payment term (net days,
up to two discount steps), counted from the document date. Cash discount applies only to
lines whose article allows it, so the discountable base is kept on the item.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm

CREDIT_KINDS = ("credit_note",)


def open_item_for(session: Session, ctx: Context, document: Document) -> OpenItem:
    sign = Decimal(-1) if document.kind in CREDIT_KINDS else Decimal(1)
    term = session.get(PaymentTerm, document.payment_term_id) if document.payment_term_id else None
    net_days = term.net_days if term else 0
    item = OpenItem(
        tenant_id=ctx.tenant_id,
        document_id=document.id,
        customer_id=document.customer_id,
        kind=document.kind,
        number=document.number,
        doc_date=document.doc_date,
        due_date=document.doc_date + timedelta(days=net_days),
        currency_code=document.currency_code,
        amount=sign * document.gross_total,
        open_amount=sign * document.gross_total,
        exchange_rate=document.exchange_rate,
        home_amount=sign * document.home_gross_total,
        home_open_amount=sign * document.home_gross_total,
        cash_discount_base=sign * _discountable_gross(session, document),
    )
    if term and sign > 0:
        if term.discount1_percent:
            item.cash_discount1_date = document.doc_date + timedelta(days=term.discount1_days)
            item.cash_discount1_percent = term.discount1_percent
        if term.discount2_percent:
            item.cash_discount2_date = document.doc_date + timedelta(days=term.discount2_days)
            item.cash_discount2_percent = term.discount2_percent
    if document.cash:  # paid over the counter when it was posted
        item.open_amount = item.home_open_amount = Decimal("0")
    if item.open_amount == 0:
        item.state = "paid"
    session.add(item)
    return item


def _discountable_gross(session: Session, document: Document) -> Decimal:
    """The gross total minus the gross of lines whose article is not cash-discountable."""
    excluded = session.execute(
        select(DocumentLine.net_amount, DocumentLine.tax_rate)
        .join(Article, Article.id == DocumentLine.article_id)
        .where(DocumentLine.document_id == document.id, Article.cash_discountable.is_(False),
               DocumentLine.optional.is_(False), DocumentLine.line_kind == "item")
    ).all()
    if not excluded:
        return document.gross_total
    cent = Decimal("0.01")
    minus = sum(((net * (1 + rate / 100)).quantize(cent) for net, rate in excluded), Decimal(0))
    return max(document.gross_total - minus, Decimal(0))


def open_balance(session: Session, tenant_id: int, customer_id: int) -> Decimal:
    """What the customer owes over all items of kontor's own ledger (credit notes and credits
    reduce it), in home currency (the book values); the credit check asks this through
    `kontor_open_items` unless a plugin answers. Credits are the unallocated remainders of the
    customer's payments (overpayments)."""
    from sqlalchemy import func

    from kontor.core.finance.payment_models import Payment

    total = session.execute(
        select(func.sum(OpenItem.home_open_amount)).where(OpenItem.tenant_id == tenant_id,
                                                          OpenItem.customer_id == customer_id, OpenItem.state != "paid")
    ).scalar()
    credit = session.execute(
        select(func.sum(Payment.home_unallocated)).where(Payment.tenant_id == tenant_id,
                                                         Payment.customer_id == customer_id)
    ).scalar()
    return (total if total is not None else Decimal("0")) - (credit if credit is not None else Decimal("0"))


def home_share(item: OpenItem, amount: Decimal) -> Decimal:
    """The book value in home currency that `amount` of the item's currency takes off the item:
    the item's rate times the amount, half up to the cent; an amount that settles what is open
    takes the whole book value left, so no cent of rounding stays on a settled item."""
    if amount == item.open_amount:
        return item.home_open_amount
    if item.exchange_rate == 1:
        return amount
    return (amount * item.exchange_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def settle(session: Session, tenant_id: int, item_id: int, amount: Decimal, home_amount: Decimal | None = None) -> bool:
    """Lower one item's open amount by `amount` (signed like the item; negative undoes) and its
    book value in home currency by `home_amount` (by `amount` when not given: an item in home
    currency), and set its state, in one guarded UPDATE:
    the open amount stays between zero and the item's amount, so two clerks settling the same
    invoice at once can never take it below zero. Returns False (and changes nothing) when the
    guard refuses; the caller raises the error naming its field."""
    from sqlalchemy import and_, case, or_, update

    from kontor.db.base import utcnow

    rest = OpenItem.open_amount - amount
    home_amount = amount if home_amount is None else home_amount
    result = session.execute(
        update(OpenItem)
        .where(OpenItem.id == item_id, OpenItem.tenant_id == tenant_id,
               or_(and_(OpenItem.amount >= 0, rest >= 0, rest <= OpenItem.amount),
                   and_(OpenItem.amount < 0, rest <= 0, rest >= OpenItem.amount)))
        .values(open_amount=rest, home_open_amount=OpenItem.home_open_amount - home_amount,
                state=case((rest == 0, "paid"), (rest == OpenItem.amount, "open"), else_="partly_paid"),
                updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.get(OpenItem, item_id, populate_existing=True)  # the session sees the new values
    return result.rowcount == 1
