"""Tables of printing and sending: translations of article texts, text blocks and the
documents' own wording; output profiles; the print log; the mail outbox.

A document's language is its party's `language_code`. German and English wording ship with
kontor (Babel catalogs in `kontor/templates/locale`); `DocumentWording` rows of a tenant
override them or add a language of its own. `PrintLog` says who printed or sent which
version of a document where; `OutgoingMail` keeps every mail until the SMTP server took it,
with the exact attachments it was queued with, so a failed send is retried and never lost.
"""

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped, utcnow

CHANNELS = ("printer", "folder", "mail")
MAIL_STATES = ("queued", "sent", "failed")


class ArticleTranslation(TenantOwned, Timestamped, table=True):
    """An article's texts in another language than the master data's."""

    __tablename__ = "article_translation"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", "language_code"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    language_code: str = Field(max_length=2, sa_type=String(2))
    description: str = Field(default="", max_length=120)
    description2: str = Field(default="", max_length=120)
    long_description: str = Field(default="", sa_type=Text)


class TextBlockTranslation(TenantOwned, Timestamped, table=True):
    """A text block's title and body in another language (same placeholders)."""

    __tablename__ = "text_block_translation"
    __table_args__ = (UniqueConstraint("tenant_id", "text_block_id", "language_code"),)

    id: int | None = Field(default=None, primary_key=True)
    text_block_id: int = Field(foreign_key="text_block.id", index=True)
    language_code: str = Field(max_length=2, sa_type=String(2))
    title: str = Field(default="", max_length=120)
    body: str = Field(default="", sa_type=Text)


class DocumentWording(TenantOwned, Timestamped, table=True):
    """One phrase of the printed documents (titles, labels, legal notes) in one language;
    `msgid` is the English source text of the shipped catalog."""

    __tablename__ = "document_wording"
    __table_args__ = (UniqueConstraint("tenant_id", "language_code", "msgid"),)

    id: int | None = Field(default=None, primary_key=True)
    language_code: str = Field(max_length=2, sa_type=String(2))
    msgid: str = Field(max_length=200, sa_type=String(200))
    text: str = Field(default="", sa_type=Text)


class OutputProfile(TenantOwned, Timestamped, table=True):
    """Where a document kind goes (Druckerzuordnung): per kind ('' = every kind) and per user
    (None = everybody); a user's own profile wins over the general one."""

    __tablename__ = "output_profile"
    __table_args__ = (Index("ix_output_profile_kind", "tenant_id", "document_kind", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    document_kind: str = Field(default="", max_length=30, sa_type=String(30))
    user_id: int | None = Field(default=None, foreign_key="user.id")
    channel: str = Field(default="folder", max_length=10, sa_type=String(10))
    printer: str = Field(default="", max_length=120, description="CUPS queue for `lp -d`")
    folder: str = Field(default="", max_length=300, description="folder the PDF is written to")
    copies: int = Field(default=1)
    template: str = Field(default="", max_length=80, description="template family; empty: the default")
    active: bool = True


class PrintLog(TenantOwned, table=True):
    """One output of a record: who, when, where, how many copies, which template and version."""

    __tablename__ = "print_log"
    __table_args__ = (Index("ix_print_log_record", "tenant_id", "subject", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(default="document", max_length=20, sa_type=String(20))
    record_id: int
    record_label: str = Field(default="", max_length=80)
    channel: str = Field(max_length=10, sa_type=String(10))
    destination: str = Field(default="", max_length=300)
    copies: int = 1
    template: str = Field(default="", max_length=200)
    version: str = Field(default="", max_length=64, description="SHA-256 of the PDF that went out")
    record_state: str = Field(default="", max_length=20, description="the document's state at output")
    username: str = Field(default="", max_length=60)
    printed_at: datetime = Field(default_factory=utcnow)
    outcome: str = Field(default="done", max_length=10, sa_type=String(10), description="done, queued or failed")
    error: str = Field(default="", max_length=1000)


class OutgoingMail(TenantOwned, table=True):
    """A mail in the outbox until the SMTP server accepted it; failures stay for a retry."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_state", "tenant_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_kind: str = Field(default="document", max_length=20, sa_type=String(20))
    record_id: int | None = None
    record_label: str = Field(default="", max_length=80)
    sender: str = Field(default="", max_length=200)
    recipients: str = Field(max_length=1000, description="comma-separated addresses")
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", sa_type=Text)
    state: str = Field(default="queued", max_length=10, sa_type=String(10))
    attempts: int = 0
    last_error: str = Field(default="", max_length=1000)
    message_id: str = Field(default="", max_length=200)
    username: str = Field(default="", max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None


class MailAttachment(TenantOwned, table=True):
    """A file of a queued mail, kept byte for byte so a retry sends what was queued."""

    __tablename__ = "mail_attachment"

    id: int | None = Field(default=None, primary_key=True)
    mail_id: int = Field(foreign_key="outgoing_mail.id", index=True)
    filename: str = Field(max_length=200)
    media_type: str = Field(default="application/pdf", max_length=100)
    content: bytes = Field(sa_type=LargeBinary)
