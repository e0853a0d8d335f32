"""The renderer: jinja2 environments, formatting filters, and the two printing hooks.

Templates live in `kontor/templates` (packaged with kontor); a plugin may answer the
template hook with the Path of its own file, which is then loaded from the plugin's folder
first and the core's second, so it can extend the core's templates. HTML templates
(`*.html.j2`) escape every value; text templates (`*.txt.j2`) do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound, pass_context
from sqlmodel import Session

from kontor.core.context import Context
from kontor.errors import Conflict, Invalid

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
OUTPUTS = {"html": ("html", "text/html; charset=utf-8"), "text": ("txt", "text/plain; charset=utf-8"),
           "pdf": ("html", "application/pdf")}  # a PDF is the HTML template laid out by WeasyPrint
TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,80}$")
_ESCAPED = (".html", ".htm", ".xml", ".html.j2", ".htm.j2", ".xml.j2")


@dataclass(frozen=True)
class Printed:
    """A rendered record: which template made it, its media type, and the text (HTML or
    plain text) or, for a PDF, the bytes in `content`."""

    template: str
    media_type: str
    body: str
    content: bytes | None = None

    @property
    def data(self) -> bytes:
        """What goes out: the PDF's bytes, or the text encoded as UTF-8."""
        return self.content if self.content is not None else self.body.encode("utf-8")

    @property
    def template_name(self) -> str:
        """The template's file name, without the folder a plugin keeps it in."""
        return Path(self.template).name


# -- formatting (German notation: 1.234,56) -------------------------------------------------


def _german(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value: Decimal | None) -> str:
    """An amount to the cent, rounded half up: 1.234,56."""
    if value is None:
        return ""
    return _german(f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,f}")


def price(value: Decimal | None) -> str:
    """A unit price: two places, or up to four when it has them."""
    if value is None:
        return ""
    value = Decimal(value)
    cents = value.quantize(Decimal("0.01"))
    return _german(f"{cents if value == cents else value.quantize(Decimal('0.0001')).normalize():,f}")


def quantity(value: Decimal | None) -> str:
    """A quantity without trailing zeros: 2, 2,5."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    return _german(f"{value.quantize(Decimal(1)) if value == value.to_integral_value() else value:,f}")


def day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


# In a template the filters follow the record's language (`lang` in the context, a
# kontor.core.printing.language.Language); without one they print German.


def _in_language(name: str, german):
    @pass_context
    def apply(context, value):
        language = context.get("lang")
        return getattr(language, name)(value) if language is not None else german(value)

    return apply


@pass_context
def _gettext(context, message: str, **values) -> str:
    language = context.get("lang")
    text = language.gettext(message) if language is not None else message
    return text % values if values else text


# -- templates ----------------------------------------------------------------------------------


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith(_ESCAPED)


@lru_cache(maxsize=32)
def environment(folder: str | None = None) -> Environment:
    """The environment of the core's templates, with a plugin's folder searched first."""
    folders = ([folder] if folder else []) + [str(TEMPLATES)]
    env = Environment(loader=FileSystemLoader(folders), autoescape=_autoescape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({name: _in_language(name, german) for name, german in
                        (("money", money), ("price", price), ("quantity", quantity), ("day", day))})
    env.globals["_"] = _gettext
    return env


def default_template(kind: str, record: Any, output: str) -> str:
    """The core's choice: the record's own template family (a dunning level may name one),
    else `document` for every document kind and the kind's name otherwise."""
    from kontor.core.documents.kinds import KINDS

    extension = OUTPUTS[output][0]
    family = getattr(record, "template", "") or ("document" if kind in KINDS else kind)
    return f"{family}.{extension}.j2"


def check_template_family(name: str, field: str = "template") -> None:
    """A template family a user may choose (e.g. on a dunning level): a plain name whose
    HTML and text templates both exist among the core's templates."""
    if not name:
        return
    if not TEMPLATE_NAME.match(name):
        raise Invalid.field(field, "pattern", "a template is named by lowercase letters, digits, '-' and '_'")
    missing = [f"{name}.{ext}.j2" for ext in ("html", "txt") if not (TEMPLATES / f"{name}.{ext}.j2").is_file()]
    if missing:
        raise Invalid.field(field, "exists", f"no print template {', '.join(missing)} among kontor's templates")


def _load(choice: str | Path):
    path = Path(str(choice))
    if path.is_absolute():  # a plugin's own template: its folder first, then the core's
        return environment(str(path.parent)).get_template(path.name), str(path)
    return environment().get_template(str(choice)), str(choice)


def render(session: Session, ctx: Context, kind: str, record: Any, context: dict[str, Any],
           output: str = "html", *, family: str = "", pdf_variant: str | None = None) -> Printed:
    """Render `record` of `kind` with `context` (built by the caller) as `html`, `text` or `pdf`.

    A PDF is laid out from the HTML template: the hooks are asked with output `html`, and the
    template sees `output` "pdf". `family` (an output profile's template) overrides the hook's
    choice; `pdf_variant` (e.g. "pdf/a-3b") makes an archival PDF.
    """
    if output not in OUTPUTS:
        raise Invalid.field("format", "one_of", f"print as one of {', '.join(OUTPUTS)}")
    layout = "html" if output == "pdf" else output
    if family:
        check_template_family(family)
        choice: str | Path = f"{family}.{OUTPUTS[layout][0]}.j2"
    else:
        choice = ctx.hooks.kontor_print_template(ctx=ctx, kind=kind, record=record, output=layout)
    context = {"lang": None, **context, "output": output}
    answers = ctx.hooks.kontor_print_context(ctx=ctx, session=session, kind=kind, record=record,
                                            context=MappingProxyType(dict(context)), output=layout)
    for answer in reversed(answers):  # the first-called implementation is merged last: it wins
        context.update(answer or {})
    try:
        template, name = _load(choice)
    except TemplateNotFound as missing:
        raise Conflict(f"the print template '{missing.name}' chosen for {kind.replace('_', ' ')} does not exist") from None
    body = template.render(context)
    if output == "pdf":
        from kontor.core.printing.pdf import html_to_pdf

        pdf = html_to_pdf(body, variant=pdf_variant)
        return Printed(template=name, media_type=OUTPUTS[output][1], body="", content=pdf)
    return Printed(template=name, media_type=OUTPUTS[output][1], body=body)
