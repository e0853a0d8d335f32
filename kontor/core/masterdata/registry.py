"""Every master-data resource the API serves; basics live under /api/basics/<name>."""

from __future__ import annotations

from dataclasses import replace

from kontor.core.masterdata.articles.resources import ARTICLES, CUSTOMER_ARTICLE_NUMBERS
from kontor.core.masterdata.basics.resources import BASICS
from kontor.core.masterdata.parties.resources import PARTIES
from kontor.core.masterdata.texts.resources import TEXT_BLOCKS

RESOURCES = (
    *PARTIES,
    ARTICLES,
    CUSTOMER_ARTICLE_NUMBERS,
    TEXT_BLOCKS,
    *(replace(res, name=f"basics/{res.name}") for res in BASICS),
)

BY_NAME = {res.name: res for res in RESOURCES}
