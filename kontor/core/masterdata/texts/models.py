from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.core.masterdata.validators import LanguageCode
from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import long_text


class TextBlockFields(SQLModel):
    code: str = Field(min_length=1, max_length=20, description="short code the clerk types")
    title: str = Field(default="", max_length=120)
    usage: str = Field(default="any", max_length=10, description="any, header, footer or set")
    language_code: LanguageCode = Field(default="de", max_length=2)
    body: str = long_text(min_length=1, description="text with {placeholders}")


class TextBlock(TextBlockFields, TenantOwned, Timestamped, table=True):
    __tablename__ = "text_block"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
