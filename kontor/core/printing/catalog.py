"""The phrases the printed documents use, gathered from the templates (Babel's jinja2
extraction of `_("...")`) and from the Python tables that name them (titles, tax notes,
direct-cost kinds). A test checks that the shipped German catalog translates every one;
`python -m kontor.core.printing.catalog` lists those it misses."""

from __future__ import annotations

from jinja2.ext import babel_extract

from kontor.core.printing.renderer import TEMPLATES

CHARGE_KINDS = ("Freight", "Packaging", "Insurance", "Other")


def template_messages() -> set[str]:
    found: set[str] = set()
    for path in sorted(TEMPLATES.glob("*.j2")):
        with path.open("rb") as handle:
            for _line, _function, message, _comments in babel_extract(handle, ("_",), [], {}):
                if isinstance(message, str):
                    found.add(message)
                elif message and isinstance(message[0], str):
                    found.add(message[0])
    return found


def all_messages() -> set[str]:
    from kontor.core.printing.documents import CASH_INVOICE, TITLES
    from kontor.core.printing.legal import TAX_NOTES
    from kontor.core.printing.mail import DEFAULT_MESSAGE
    from kontor.core.printing.statements import STATEMENT_TITLE

    return template_messages() | set(TITLES.values()) | set(TAX_NOTES.values()) | set(CHARGE_KINDS) | {STATEMENT_TITLE, CASH_INVOICE, DEFAULT_MESSAGE}


if __name__ == "__main__":  # pragma: no cover
    from kontor.core.printing.language import shipped_catalog

    for message in sorted(all_messages() - set(shipped_catalog("de"))):
        print(message)
