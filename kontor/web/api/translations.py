"""Foreign-language documents over HTTP (kontor.core.printing.translations): the languages
documents print in with how much of their wording is translated, the wording of a language
(change any phrase, or start a new language by giving it phrases), and the translations of
an article's texts and of a text block."""

from __future__ import annotations

from litestar import Request, delete, get, put
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.printing import translations as t
from kontor.web.units import unit

TAGS = ["printing", "languages"]


class WordingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    texts: dict[str, str] = Field(description="phrase (English source) -> text in this language; '' drops the own text")


class ArticleTranslationRead(BaseModel):
    language_code: str
    description: str
    description2: str
    long_description: str


class TextBlockTranslationRead(BaseModel):
    language_code: str
    title: str
    body: str


@get("/api/document-languages", operation_id="document_languages", sync_to_thread=True, tags=TAGS,
     summary="The languages documents print in: shipped (de, en) and the tenant's own, with translated phrases")
def languages(request: Request) -> list[t.LanguageRow]:
    with unit(request) as (session, ctx):
        return t.list_languages(session, ctx)


@get("/api/document-languages/{code:str}/wording", operation_id="document_wording", sync_to_thread=True, tags=TAGS,
     summary="Every phrase of the documents in a language: shipped text, the tenant's own, and what prints")
def get_wording(request: Request, code: str) -> list[t.WordingRow]:
    with unit(request) as (session, ctx):
        return t.wording(session, ctx, code)


@put("/api/document-languages/{code:str}/wording", operation_id="set_document_wording", sync_to_thread=True,
     tags=TAGS, summary="Set phrases of a language (a new language starts with its first phrase)")
def put_wording(request: Request, code: str, data: WordingUpdate) -> list[t.WordingRow]:
    with unit(request, write=True) as (session, ctx):
        return t.set_wording(session, ctx, code, data.texts)


@get("/api/articles/{article_id:int}/translations", operation_id="article_translations", sync_to_thread=True,
     tags=TAGS, summary="An article's texts in other languages")
def get_article_translations(request: Request, article_id: int) -> list[ArticleTranslationRead]:
    with unit(request) as (session, ctx):
        return [ArticleTranslationRead.model_validate(row, from_attributes=True)
                for row in t.article_translations(session, ctx, article_id)]


@put("/api/articles/{article_id:int}/translations/{code:str}", operation_id="set_article_translation",
     sync_to_thread=True, tags=TAGS, summary="Set an article's texts in a language")
def put_article_translation(request: Request, article_id: int, code: str,
                            data: t.ArticleTexts) -> ArticleTranslationRead:
    with unit(request, write=True) as (session, ctx):
        row = t.set_article_translation(session, ctx, article_id, code, data)
        return ArticleTranslationRead.model_validate(row, from_attributes=True)


@delete("/api/articles/{article_id:int}/translations/{code:str}", operation_id="delete_article_translation",
        sync_to_thread=True, tags=TAGS, summary="Drop an article's texts in a language")
def delete_article_translation(request: Request, article_id: int, code: str) -> None:
    with unit(request, write=True) as (session, ctx):
        t.delete_article_translation(session, ctx, article_id, code)


@put("/api/text-blocks/{text_block_id:int}/translations/{code:str}", operation_id="set_text_block_translation",
     sync_to_thread=True, tags=TAGS, summary="Set a text block's title and body in a language (same placeholders)")
def put_text_block_translation(request: Request, text_block_id: int, code: str,
                               data: t.TextBlockTexts) -> TextBlockTranslationRead:
    with unit(request, write=True) as (session, ctx):
        row = t.set_text_block_translation(session, ctx, text_block_id, code, data)
        return TextBlockTranslationRead.model_validate(row, from_attributes=True)


HANDLERS = [languages, get_wording, put_wording, get_article_translations, put_article_translation,
            delete_article_translation, put_text_block_translation]
