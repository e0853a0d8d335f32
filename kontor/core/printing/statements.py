"""The account statement of a customer (Kontoauszug): every open item on a key date with its
date, due date, amount and what is still open, and the balance, in the customer's language.

Read from the open items as they stand (`open_amount`); printed through the printing hook
with kind `account_statement` (template `account_statement.html.j2` / `.txt.j2`).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.finance.models import OpenItem
from kontor.core.documents.totals import ZERO
from kontor.core.masterdata.parties.models import Customer
from kontor.core.printing.company import company_context
from kontor.core.printing.language import load_language
from kontor.core.printing.renderer import Printed, render
from kontor.core.users.permissions import Level
from kontor.errors import NotFound

KIND = "account_statement"
STATEMENT_TITLE = "Account statement"


def statement_context(session: Session, ctx: Context, customer: Customer, on: date) -> dict:
    items = list(session.exec(select(OpenItem).where(
        OpenItem.tenant_id == ctx.tenant_id, OpenItem.customer_id == customer.id,
        OpenItem.state.in_(("open", "partly_paid")), OpenItem.doc_date <= on)
        .order_by(OpenItem.due_date, OpenItem.id)))
    lang = load_language(session, ctx.tenant_id, customer.language_code)
    return {"company": company_context(session, ctx), "lang": lang, "locale": lang.code,
            "title": lang.gettext(STATEMENT_TITLE), "customer": customer, "on": on, "items": items,
            "overdue": [item for item in items if item.due_date < on],
            "balance": sum((item.open_amount for item in items), ZERO),
            "currency": items[0].currency_code if items else company_context(session, ctx)["currency"]}


def print_statement(session: Session, ctx: Context, customer_id: int, on: date, output: str = "html") -> Printed:
    ctx.require("finance", Level.READ)
    customer = session.exec(select(Customer).where(Customer.id == customer_id,
                                                    Customer.tenant_id == ctx.tenant_id)).first()
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    return render(session, ctx, KIND, customer, statement_context(session, ctx, customer, on), output)
