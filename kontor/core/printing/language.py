"""The language a record is printed in: its wording (titles, labels, legal notes) and the
notation of dates and numbers.

The wording's source is English (`msgid`s in the templates, `_("Invoice")`). German ships
with kontor as a Babel catalog (`kontor/templates/locale/de/LC_MESSAGES/documents.po`, read
at run time, no build step); English is the source itself. A tenant's `DocumentWording`
rows override a shipped phrase or give a language of its own, so a third language is added
from the API or the pages without code: phrases it lacks print in English. Dates and numbers
follow the language's Babel locale (German 1.234,56 and 02.03.2026; English 1,234.56 and
2 Mar 2026).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from sqlmodel import Session, select

from kontor.core.printing.models import DocumentWording

LOCALES = Path(__file__).resolve().parents[2] / "templates" / "locale"
SHIPPED = ("de", "en")
DEFAULT_LANGUAGE = "de"


@lru_cache(maxsize=16)
def shipped_catalog(language: str) -> dict[str, str]:
    """msgid -> text of the catalog shipped for `language` (empty for English, the source)."""
    path = LOCALES / language / "LC_MESSAGES" / "documents.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {message.id: message.string for message in catalog if message.id and message.string}


@lru_cache(maxsize=1)
def source_messages() -> tuple[str, ...]:
    """Every phrase the templates print (the msgids of the German catalog, which has them all)."""
    path = LOCALES / "de" / "LC_MESSAGES" / "documents.po"
    with path.open("rb") as handle:
        return tuple(message.id for message in read_po(handle) if message.id)


def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


@dataclass
class Language:
    """Wording and notation of one language, with a tenant's own phrases first."""

    code: str
    own: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.locale = babel_locale(self.code)
        self.catalog = shipped_catalog(self.code)

    def gettext(self, message: str) -> str:
        return self.own.get(message) or self.catalog.get(message) or message

    # -- notation --------------------------------------------------------------------------

    def money(self, value: Decimal | None) -> str:
        """An amount to the cent, rounded half up."""
        if value is None:
            return ""
        cents = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_decimal(cents, format="#,##0.00", locale=self.locale, decimal_quantization=False)

    def price(self, value: Decimal | None) -> str:
        """A unit price: two places, or up to four when it has them."""
        if value is None:
            return ""
        value = Decimal(value)
        if value == value.quantize(Decimal("0.01")):
            return self.money(value)
        return format_decimal(value.quantize(Decimal("0.0001")).normalize(), format="#,##0.00##",
                              locale=self.locale, decimal_quantization=False)

    def quantity(self, value: Decimal | None) -> str:
        """A quantity without trailing zeros: 2, 2,5 (German) or 2.5 (English)."""
        if value is None:
            return ""
        return format_decimal(Decimal(value).normalize(), format="#,##0.####", locale=self.locale,
                              decimal_quantization=False)

    def day(self, value: date | None) -> str:
        if not value:
            return ""
        return format_date(value, format="dd.MM.yyyy" if self.locale.language == "de" else "medium",
                           locale=self.locale)


def load_language(session: Session | None, tenant_id: int | None, code: str | None) -> Language:
    """The language `code` (a party's document language) with the tenant's own phrases."""
    code = (code or DEFAULT_LANGUAGE).lower()
    own: dict[str, str] = {}
    if session is not None and tenant_id is not None:
        rows = session.exec(select(DocumentWording.msgid, DocumentWording.text).where(
            DocumentWording.tenant_id == tenant_id, DocumentWording.language_code == code))
        own = {msgid: text for msgid, text in rows if text}
    return Language(code, own)
