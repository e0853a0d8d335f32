"""Printing a dunning letter through the printing hook (kontor.core.printing): the letter as
written by its run, with its items from the history, never recomputed."""

from __future__ import annotations

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.finance.dunning import entries_of_letter, get_letter
from kontor.core.finance.dunning_models import DunningLetter
from kontor.core.masterdata.parties.models import Customer
from kontor.core.printing.company import company_context
from kontor.core.printing.language import load_language
from kontor.core.printing.renderer import Printed, render

KIND = "dunning_letter"


def letter_context(session: Session, ctx: Context, letter: DunningLetter) -> dict:
    items = [{"number": item.number, "doc_date": item.doc_date, "due_date": item.due_date, "kind": item.kind,
              "days_overdue": entry.days_overdue, "open_amount": entry.open_amount, "level": entry.level,
              "interest_percent": entry.interest_percent, "interest": entry.interest}
             for entry, item in entries_of_letter(session, ctx.tenant_id, letter.id)]
    customer = session.get(Customer, letter.customer_id)
    lang = load_language(session, ctx.tenant_id, customer.language_code if customer else None)
    return {"company": company_context(session, ctx), "title": letter.level_name or f"Mahnung Stufe {letter.level}",
            "letter": letter, "items": items, "text": letter.text, "lang": lang, "locale": lang.code}


def print_letter(session: Session, ctx: Context, letter_id: int, output: str = "html", *, family: str = "") -> Printed:
    letter = get_letter(session, ctx, letter_id)
    return render(session, ctx, KIND, letter, letter_context(session, ctx, letter), output, family=family)
