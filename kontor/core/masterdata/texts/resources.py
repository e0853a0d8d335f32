from __future__ import annotations

from kontor.core.masterdata.texts import models as m
from kontor.core.masterdata.texts.placeholders import text_block_rules
from kontor.core.resources import Resource
from kontor.core.schemas import read_model, update_model

TEXT_BLOCKS = Resource(
    name="text-blocks",
    title="text block",
    model=m.TextBlock,
    create_schema=m.TextBlockFields,
    update_schema=update_model(m.TextBlockFields, "TextBlockUpdate"),
    read_schema=read_model(m.TextBlockFields, "TextBlockRead", timestamps=True),
    key="code",
    search=("code", "title", "body"),
    filters=("usage", "language_code"),
    rules=(text_block_rules,),
)
