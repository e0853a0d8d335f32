"""Placeholders in text blocks: `{customer_name}` and friends, filled when a document is printed."""

from __future__ import annotations

from string import Formatter

from kontor.errors import Problem

PLACEHOLDERS: dict[str, str] = {
    "company_name": "our company name",
    "customer_number": "the customer's number",
    "customer_name": "the customer's name (line 1)",
    "customer_short_name": "the customer's short name",
    "contact_name": "the contact person's full name",
    "letter_greeting": "greeting line of the contact's salutation",
    "document_number": "number of the document",
    "document_date": "date of the document",
    "customer_order_number": "the customer's order number",
    "delivery_date": "the agreed delivery date",
    "payment_term": "text of the payment term",
    "delivery_term": "text of the delivery term",
    "total": "the document's total",
    "currency": "the document's currency",
    "clerk": "name of the clerk",
    "sales_rep": "name of the sales representative",
    "today": "today's date",
}
USAGES = ("any", "header", "footer", "set")


def placeholders_in(body: str) -> list[str]:
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion in Formatter().parse(body) if name is not None]
    except ValueError as exc:
        raise ValueError(f"the text has a broken placeholder: {exc}") from None
    # parse() lets these through; filling the text would fail on them when it is printed.
    for name, spec, conversion in parts:
        if conversion not in (None, "r", "s", "a"):
            raise ValueError(f"the text has a broken placeholder: unknown conversion '!{conversion}' in {{{name}}}")
        if spec and ("{" in spec or "}" in spec):
            raise ValueError(f"the text has a broken placeholder: nested braces in {{{name}}}")
    return [name for name, _, _ in parts]


def fill(body: str, values: dict[str, object]) -> str:
    """The text with every placeholder replaced; a placeholder without a value stays empty."""
    return body.format_map({name: values.get(name, "") for name in placeholders_in(body)})


def text_block_rules(session, ctx, block, before) -> list[Problem]:
    problems = []
    if block.usage not in USAGES:
        problems.append(Problem("usage", "one_of", f"use one of {', '.join(USAGES)}"))
    try:
        names = placeholders_in(block.body)
    except ValueError as exc:
        return problems + [Problem("body", "placeholder_syntax", str(exc))]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        problems.append(
            Problem("body", "known_placeholders", f"unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(PLACEHOLDERS)}")
        )
    return problems
