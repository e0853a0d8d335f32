"""Translations for foreign-language documents (POLLEX Fremdsprache): the documents' own
wording per language, and article texts and text blocks per language.

A language is any ISO 639-1 code Babel has a locale for. German and English ship; a third
language exists as soon as a tenant gives it one phrase (`set_wording`), and prints its
other phrases in English until they are translated. Every phrase keeps its placeholders
(`%(number)s`): a translation that drops or adds one is refused, since printing would fail.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.masterdata.texts.placeholders import placeholders_in
from kontor.core.printing.language import SHIPPED, shipped_catalog, source_messages
from kontor.core.printing.models import ArticleTranslation, DocumentWording, TextBlockTranslation
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class LanguageRow(BaseModel):
    code: str
    name: str
    shipped: bool
    translated: int = Field(description="phrases with a text of their own (shipped or the tenant's)")
    phrases: int


class WordingRow(BaseModel):
    msgid: str
    shipped: str = Field(description="the text kontor ships for this language ('' where it ships none)")
    own: str = Field(description="the tenant's own text ('' where it has none)")
    printed: str = Field(description="what documents print")


class ArticleTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=120)
    description2: str = Field(default="", max_length=120)
    long_description: str = ""


class TextBlockTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", max_length=120)
    body: str = Field(min_length=1)


def check_language(code: str, field: str = "language") -> str:
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        raise Invalid.field(field, "language_code", f"'{code}' is no ISO 639-1 language code (two letters, e.g. fr)")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise Invalid.field(field, "language_code", f"no locale is known for the language '{code}'") from None
    return code


def list_languages(session: Session, ctx: Context) -> list[LanguageRow]:
    ctx.require("masterdata", Level.READ)
    own = dict(session.exec(select(DocumentWording.language_code, func.count()).where(
        DocumentWording.tenant_id == ctx.tenant_id).group_by(DocumentWording.language_code)).all())
    phrases = len(source_messages())
    rows = []
    for code in sorted(set(SHIPPED) | set(own)):
        if code == "en":
            translated = phrases
        else:
            texts = {**shipped_catalog(code), **{m: "x" for m in _own(session, ctx, code)}}
            translated = sum(1 for message in source_messages() if texts.get(message))
        rows.append(LanguageRow(code=code, name=Locale.parse(code).get_display_name("en"), shipped=code in SHIPPED,
                                translated=translated, phrases=phrases))
    return rows


def _own(session: Session, ctx: Context, code: str) -> dict[str, DocumentWording]:
    return {row.msgid: row for row in session.exec(select(DocumentWording).where(
        DocumentWording.tenant_id == ctx.tenant_id, DocumentWording.language_code == code))}


def wording(session: Session, ctx: Context, code: str) -> list[WordingRow]:
    ctx.require("masterdata", Level.READ)
    code = check_language(code)
    own, shipped = _own(session, ctx, code), shipped_catalog(code)
    rows = []
    for message in source_messages():
        mine = own[message].text if message in own else ""
        ships = message if code == "en" else shipped.get(message, "")
        rows.append(WordingRow(msgid=message, shipped=ships, own=mine, printed=mine or ships or message))
    return rows


def set_wording(session: Session, ctx: Context, code: str, texts: dict[str, str]) -> list[WordingRow]:
    """Give phrases of `code` the tenant's own text; an empty text drops the tenant's own."""
    ctx.require("masterdata", Level.WRITE)
    code = check_language(code)
    known = set(source_messages())
    for message, text in texts.items():
        field = f"texts.{message}"
        if message not in known:
            raise Invalid.field(field, "known_phrase", f"'{message}' is no phrase of kontor's documents")
        if text and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(message)):
            wanted = ", ".join(f"%({name})s" for name in sorted(set(PLACEHOLDER.findall(message)))) or "none"
            raise Invalid.field(field, "placeholders", f"the translation must keep the placeholders ({wanted})")
        if len(text) > 2000:
            raise Invalid.field(field, "max_length", "a phrase has at most 2000 characters")
    own = _own(session, ctx, code)
    for message, text in texts.items():
        row = own.get(message)
        before = {"text": row.text} if row else None
        if text:
            row = row or DocumentWording(tenant_id=ctx.tenant_id, language_code=code, msgid=message)
            row.text = text
            session.add(row)
        elif row is not None:
            session.delete(row)
        session.flush()
        if row is not None:
            record_change(session, ctx, "document_wording", row.id, "update" if before else "create", before,
                          {"language": code, "msgid": message, "text": text})
    return wording(session, ctx, code)


def _article(session: Session, ctx: Context, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise NotFound(f"no article with id {article_id}")
    return article


def article_translations(session: Session, ctx: Context, article_id: int) -> list[ArticleTranslation]:
    ctx.require("masterdata", Level.READ)
    _article(session, ctx, article_id)
    return list(session.exec(select(ArticleTranslation).where(
        ArticleTranslation.article_id == article_id).order_by(ArticleTranslation.language_code)))


def set_article_translation(session: Session, ctx: Context, article_id: int, code: str,
                            texts: ArticleTexts) -> ArticleTranslation:
    ctx.require("masterdata", Level.WRITE)
    _article(session, ctx, article_id)
    code = check_language(code)
    row = session.exec(select(ArticleTranslation).where(ArticleTranslation.article_id == article_id,
                                                        ArticleTranslation.language_code == code)).first()
    before = row.model_dump(include=set(ArticleTexts.model_fields)) if row else None
    row = row or ArticleTranslation(tenant_id=ctx.tenant_id, article_id=article_id, language_code=code)
    for name, value in texts.model_dump().items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    record_change(session, ctx, "article_translation", row.id, "update" if before else "create", before,
                  texts.model_dump())
    return row


def delete_article_translation(session: Session, ctx: Context, article_id: int, code: str) -> None:
    ctx.require("masterdata", Level.WRITE)
    _article(session, ctx, article_id)
    row = session.exec(select(ArticleTranslation).where(ArticleTranslation.article_id == article_id,
                                                        ArticleTranslation.language_code == code)).first()
    if row is None:
        raise NotFound(f"article {article_id} has no translation into '{code}'")
    record_change(session, ctx, "article_translation", row.id, "delete",
                  row.model_dump(include=set(ArticleTexts.model_fields)), None)
    session.delete(row)


def set_text_block_translation(session: Session, ctx: Context, text_block_id: int, code: str,
                               texts: TextBlockTexts) -> TextBlockTranslation:
    ctx.require("masterdata", Level.WRITE)
    block = session.get(TextBlock, text_block_id)
    if block is None or block.tenant_id != ctx.tenant_id:
        raise NotFound(f"no text block with id {text_block_id}")
    code = check_language(code)
    try:
        if sorted(set(placeholders_in(texts.body))) != sorted(set(placeholders_in(block.body))):
            raise Invalid.field("body", "placeholders", "the translation must use the text block's placeholders: "
                                + (", ".join(sorted(set(placeholders_in(block.body)))) or "none"))
    except ValueError as broken:
        raise Invalid.field("body", "placeholder_syntax", str(broken)) from None
    row = session.exec(select(TextBlockTranslation).where(TextBlockTranslation.text_block_id == text_block_id,
                                                          TextBlockTranslation.language_code == code)).first()
    before = {"title": row.title, "body": row.body} if row else None
    row = row or TextBlockTranslation(tenant_id=ctx.tenant_id, text_block_id=text_block_id, language_code=code)
    row.title, row.body = texts.title, texts.body
    session.add(row)
    session.flush()
    record_change(session, ctx, "text_block_translation", row.id, "update" if before else "create", before,
                  texts.model_dump())
    return row


def text_block_body(session: Session, block: TextBlock, language: str | None) -> str:
    """The block's body in `language` where it has a translation, else its own."""
    if language and language != block.language_code:
        row = session.exec(select(TextBlockTranslation).where(TextBlockTranslation.text_block_id == block.id,
                                                              TextBlockTranslation.language_code == language)).first()
        if row is not None:
            return row.body
    return block.body
