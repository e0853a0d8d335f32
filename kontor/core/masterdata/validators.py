"""Field types that validate identifiers with well-kept libraries.

VAT IDs, IBANs, BICs and EAN barcodes are checked by python-stdnum (check digits and
country formats), country, currency and language codes by pycountry (ISO 3166, 4217, 639).
Each type normalises what it accepts (upper case, no blanks) and, when used in a schema,
makes a bad value a 422 naming the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import pycountry
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError
from stdnum import bic, ean, iban
from stdnum.eu import vat
from stdnum.exceptions import ValidationError as StdnumError


def _refuse(rule: str, message: str) -> PydanticCustomError:
    """A validation error whose rule is `rule` (shown in problem details) and whose message
    is a plain sentence."""
    return PydanticCustomError(rule, message)


def _compact(value: str) -> str:
    return "".join(value.split()).upper()


def _vat_id(value: str) -> str:
    if not value:
        return ""
    try:
        return vat.validate(_compact(value))
    except StdnumError as exc:
        raise _refuse("vat_id", f"'{value}' is not a valid EU VAT identification number ({exc})") from None


def _iban(value: str) -> str:
    try:
        return iban.validate(value)
    except StdnumError as exc:
        raise _refuse("iban", f"'{value}' is not a valid IBAN ({exc})") from None


def _optional_iban(value: str) -> str:
    return _iban(value) if value.strip() else ""


def _bic(value: str) -> str:
    if not value:
        return ""
    try:
        return bic.validate(value)
    except StdnumError as exc:
        raise _refuse("bic", f"'{value}' is not a valid BIC ({exc})") from None


def _ean(value: str) -> str:
    if not value:
        return ""
    try:
        return ean.validate(value)
    except StdnumError as exc:
        raise _refuse("ean", f"'{value}' is not a valid EAN/GTIN barcode ({exc})") from None


def _country(value: str) -> str:
    code = _compact(value)
    if pycountry.countries.get(alpha_2=code) is None:
        raise _refuse("country_code", f"'{value}' is no ISO 3166 country code (two letters, e.g. DE)")
    return code


def _currency(value: str) -> str:
    code = _compact(value)
    if pycountry.currencies.get(alpha_3=code) is None:
        raise _refuse("currency_code", f"'{value}' is no ISO 4217 currency code (three letters, e.g. EUR)")
    return code


def _language(value: str) -> str:
    code = value.strip().lower()
    if pycountry.languages.get(alpha_2=code) is None:
        raise _refuse("language_code", f"'{value}' is no ISO 639-1 language code (two letters, e.g. de)")
    return code


VatId = Annotated[str, AfterValidator(_vat_id)]
Iban = Annotated[str, AfterValidator(_iban)]
OptionalIban = Annotated[str, AfterValidator(_optional_iban)]
Bic = Annotated[str, AfterValidator(_bic)]
Ean = Annotated[str, AfterValidator(_ean)]
CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
LanguageCode = Annotated[str, AfterValidator(_language)]

# Amounts in input schemas: at most 4 places, 14 digits before the point.
Money = Annotated[Decimal, Field(max_digits=18, decimal_places=4)]
NonNegativeMoney = Annotated[Decimal, Field(max_digits=18, decimal_places=4, ge=0)]
Quantity = Annotated[Decimal, Field(max_digits=18, decimal_places=4)]
Percent = Annotated[Decimal, Field(max_digits=7, decimal_places=4, ge=0, le=100)]
