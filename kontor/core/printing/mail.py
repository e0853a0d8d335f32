"""Sending documents by e-mail through SMTP, with an outbox that never loses a mail.

`queue_document_mail` writes the mail with its attachments (the document's PDF, for an
invoice the customer's e-invoice) into the outbox inside the caller's transaction: to the
customer's contacts for that document kind, else the party's address; the message from a
text block in the party's language. `deliver_mail` runs after that commit and outside any
transaction: it reads the mail, hands it to the SMTP server of the tenant's mail settings,
and records the outcome in a transaction of its own (state, attempts, error, next attempt,
a print-log row on the document). A failure leaves the mail `failed` with its error and
the time of the next attempt; `deliver_due` (API `POST /api/mails/retry`, `kontor mail
retry`) sends every mail whose time has come, up to `max_attempts`. The Message-ID is fixed
when the mail is queued, so a receiver can drop a copy sent twice after a crash between the
server's acceptance and the record of it.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.header import placeholder_values
from kontor.core.masterdata.parties.models import Customer, CustomerContact, Supplier, SupplierContact
from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.masterdata.texts.placeholders import fill
from kontor.core.printing.documents import load_document, party_of, print_document
from kontor.core.printing.language import load_language
from kontor.core.printing.models import MailAttachment, OutgoingMail, PrintLog
from kontor.core.printing.translations import text_block_body
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Invalid, NotFound

MAIL_KEY = "printing.mail"
EMAIL = r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$"
DEFAULT_MESSAGE = "Please find our %(title)s %(number)s attached."


class MailSettings(BaseModel):
    smtp_host: str = Field(default="", max_length=200, description="empty: mail is not set up")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    security: str = Field(default="starttls", pattern="^(none|starttls|ssl)$")
    username: str = Field(default="", max_length=200)
    password: str = Field(default="", max_length=200)
    sender: str = Field(default="", max_length=200, pattern=r"^$|" + EMAIL[1:])
    sender_name: str = Field(default="", max_length=120)
    bcc: str = Field(default="", max_length=200, pattern=r"^$|" + EMAIL[1:], description="a copy of every mail")
    timeout_seconds: int = Field(default=20, ge=1, le=300)
    max_attempts: int = Field(default=8, ge=1, le=100)
    retry_minutes: int = Field(default=5, ge=1, le=1440, description="wait before the next attempt, times the attempts")


class MailSettingsRead(MailSettings):
    password: str = Field(default="", description="never shown: '***' when one is set")


def mail_settings(session: Session, ctx: Context) -> MailSettings:
    return MailSettings.model_validate(get_setting(session, ctx.tenant_id, MAIL_KEY, {}) or {})


def set_mail_settings(session: Session, ctx: Context, settings: MailSettings) -> MailSettings:
    ctx.require("settings", Level.ADMIN)
    before = mail_settings(session, ctx)
    if not settings.password and before.password and settings.username == before.username:
        settings = settings.model_copy(update={"password": before.password})  # kept unless changed
    set_setting(session, ctx.tenant_id, MAIL_KEY, settings.model_dump())
    hidden = {"password"}
    record_change(session, ctx, "mail_settings", ctx.tenant_id, "update", before.model_dump(exclude=hidden),
                  settings.model_dump(exclude=hidden))
    return settings


def _addresses(text: str, field: str) -> list[str]:
    import re

    found = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    for address in found:
        if not re.match(EMAIL, address):
            raise Invalid.field(field, "email", f"'{address}' is no e-mail address")
    return found


def recipients_for(session: Session, document, party) -> list[str]:
    """The party's contacts who receive this kind of document, else the party's own address."""
    if isinstance(party, Customer):
        contacts = session.exec(select(CustomerContact).where(CustomerContact.customer_id == party.id))
    elif isinstance(party, Supplier):
        contacts = session.exec(select(SupplierContact).where(SupplierContact.supplier_id == party.id))
    else:
        contacts = []
    chosen = [c.email for c in contacts if c.email and document.kind in c.document_kinds.split()]
    return chosen or ([party.email] if party is not None and party.email else [])


def queue_document_mail(session: Session, ctx: Context, document_id: int, *, to: str = "", cc: str = "",
                        subject: str = "", text_code: str = "", message: str = "",
                        einvoice: str | None = None) -> OutgoingMail:
    """Put the document's mail into the outbox (see the module docstring); `einvoice`
    None: as the customer's e-invoice setting says; '' none; cii, ubl or facturx."""
    from kontor.core.einvoice.outgoing import SYNTAXES, einvoice_file

    document = load_document(session, ctx, document_id)
    party = party_of(session, document)
    recipients = _addresses(to, "to") if to else recipients_for(session, document, party)
    if not recipients:
        raise Invalid.field("to", "required", "the party has no e-mail address and no contact for "
                                              f"{document.kind.replace('_', ' ')}s; give the address")
    settings = mail_settings(session, ctx)
    if not settings.smtp_host or not settings.sender:
        raise Invalid.field("smtp_host", "mail_settings", "mail is not set up: give the SMTP server and the "
                                                         "sender in the mail settings (PUT /api/mail/settings)")
    language = load_language(session, ctx.tenant_id, getattr(party, "language_code", None))
    printed = print_document(session, ctx, document.id, "pdf")
    from kontor.core.printing.documents import TITLES

    title = language.gettext(TITLES.get(document.kind, document.kind))
    number = document.number or f"({language.gettext('(draft)').strip('()')} {document.id})"
    body = message or _text_block(session, ctx, document, party, text_code) or \
        language.gettext(DEFAULT_MESSAGE) % {"title": title, "number": number}
    mail = OutgoingMail(tenant_id=ctx.tenant_id, record_id=document.id, record_label=f"{title} {number}",
                        sender=formataddr((settings.sender_name, settings.sender)), recipients=", ".join(recipients),
                        subject=subject or f"{title} {number}", body=body, username=ctx.username,
                        message_id=make_msgid(domain=settings.sender.split("@")[-1]), next_attempt_at=utcnow())
    if cc:
        mail.recipients += ", " + ", ".join(_addresses(cc, "cc"))
    session.add(mail)
    session.flush()
    syntax = einvoice if einvoice is not None else (party.einvoice_syntax if isinstance(party, Customer) else "")
    if syntax and syntax not in SYNTAXES:
        raise Invalid.field("einvoice", "one_of", f"attach one of {', '.join(SYNTAXES)}")
    files = []
    if syntax and document.kind in ("invoice", "partial_invoice", "final_invoice", "credit_note"):
        made = einvoice_file(session, ctx, document.id, syntax)
        files.append((made.filename, made.media_type, made.content))
    if syntax != "facturx" or not files:  # a Factur-X PDF is the printed invoice already
        files.insert(0, (f"{title} {number}.pdf".replace("/", "-"), "application/pdf", printed.content))
    for name, media_type, content in files:
        session.add(MailAttachment(tenant_id=ctx.tenant_id, mail_id=mail.id, filename=name, media_type=media_type,
                                   content=content))
    session.add(PrintLog(tenant_id=ctx.tenant_id, record_id=document.id, record_label=mail.record_label,
                         channel="mail", destination=mail.recipients[:300], template=printed.template_name,
                         version=_digest(printed.content), record_state=document.state, username=ctx.username,
                         outcome="queued"))
    session.flush()
    return mail


def _text_block(session: Session, ctx: Context, document, party, code: str) -> str:
    if not code:
        return ""
    block = session.exec(select(TextBlock).where(TextBlock.tenant_id == ctx.tenant_id, TextBlock.code == code)).first()
    if block is None:
        raise Invalid.field("text_code", "exists", f"no text block '{code}'")
    return fill(text_block_body(session, block, getattr(party, "language_code", None)),
                placeholder_values(session, ctx, document))


def _digest(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


def build_message(mail: OutgoingMail, attachments: list[MailAttachment], bcc: str = "") -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.recipients
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    if bcc:
        message["Bcc"] = bcc
    message.set_content(mail.body)
    for attachment in attachments:
        main, _, sub = attachment.media_type.partition("/")
        message.add_attachment(attachment.content, maintype=main, subtype=sub.split(";")[0],
                               filename=attachment.filename)
    return message


def _send(settings: MailSettings, message: EmailMessage) -> None:
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.timeout_seconds,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout_seconds)
    with client:
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.username:
            client.login(settings.username, settings.password)
        client.send_message(message)


def deliver_mail(db, ctx: Context, mail_id: int) -> OutgoingMail:
    """Hand one mail to the SMTP server and record the outcome (see the module docstring)."""
    with db.read() as session:
        mail = session.get(OutgoingMail, mail_id)
        if mail is None or mail.tenant_id != ctx.tenant_id:
            raise NotFound(f"no mail with id {mail_id}")
        attachments = list(session.exec(select(MailAttachment).where(MailAttachment.mail_id == mail_id)
                                        .order_by(MailAttachment.id)))
        settings = mail_settings(session, ctx)
        for row in (mail, *attachments):
            session.expunge(row)
    if mail.state == "sent":
        return mail
    error = ""
    try:
        _send(settings, build_message(mail, attachments, settings.bcc))
    except (OSError, smtplib.SMTPException) as failure:  # refused, unreachable, timed out, rejected
        error = f"{type(failure).__name__}: {failure}"[:1000] or type(failure).__name__
    with db.write() as session:
        stored = session.get(OutgoingMail, mail_id)
        stored.attempts += 1
        stored.last_error = error
        if error:
            stored.state = "failed"
            stored.next_attempt_at = utcnow() + timedelta(minutes=settings.retry_minutes * stored.attempts)
        else:
            stored.state, stored.sent_at, stored.next_attempt_at = "sent", utcnow(), None
        session.add(stored)
        session.add(PrintLog(tenant_id=ctx.tenant_id, record_id=stored.record_id or 0, record_label=stored.record_label,
                             channel="mail", destination=stored.recipients[:300], username=ctx.username,
                             outcome="failed" if error else "done", error=error))
        session.flush()
        session.expunge(stored)
        return stored


def due_mails(session: Session, ctx: Context, now: datetime | None = None) -> list[int]:
    settings = mail_settings(session, ctx)
    now = now or utcnow()
    return [mail.id for mail in session.exec(select(OutgoingMail).where(
        OutgoingMail.tenant_id == ctx.tenant_id, OutgoingMail.state.in_(("queued", "failed")),
        OutgoingMail.attempts < settings.max_attempts).order_by(OutgoingMail.id))
        if mail.next_attempt_at is None or _aware(mail.next_attempt_at) <= now]


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def deliver_due(db, ctx: Context, *, now: datetime | None = None, force: bool = False) -> list[OutgoingMail]:
    """Send every mail whose time has come (`force`: every unsent one, now)."""
    ctx.require("sales", Level.WRITE)
    with db.read() as session:
        if force:
            ids = [m.id for m in session.exec(select(OutgoingMail).where(
                OutgoingMail.tenant_id == ctx.tenant_id, OutgoingMail.state.in_(("queued", "failed"))))]
        else:
            ids = due_mails(session, ctx, now)
    return [deliver_mail(db, ctx, mail_id) for mail_id in ids]


def list_mails(session: Session, ctx: Context, *, state: str | None = None, document_id: int | None = None,
               limit: int = 100) -> list[OutgoingMail]:
    ctx.require("sales", Level.READ)
    statement = select(OutgoingMail).where(OutgoingMail.tenant_id == ctx.tenant_id)
    if state:
        statement = statement.where(OutgoingMail.state == state)
    if document_id is not None:
        statement = statement.where(OutgoingMail.record_id == document_id)
    return list(session.exec(statement.order_by(OutgoingMail.id.desc()).limit(limit)))
