"""Putting documents out over HTTP: sending by e-mail (the outbox and its retries, the mail
settings), output profiles and the output of a document through them, its print log, and
reading a supplier's e-invoice into a supplier-invoice draft."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from litestar import Request, delete, get, post, put
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.einvoice.incoming import import_einvoice
from kontor.core.printing import mail as mailing
from kontor.core.printing import outputs
from kontor.web.units import kontor_of, unit

TAGS = ["printing", "mail"]


class SendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(default="", max_length=1000, description="empty: the contacts for this kind, else the party")
    cc: str = Field(default="", max_length=1000)
    subject: str = Field(default="", max_length=300, description="empty: title and number in the party's language")
    text_code: str = Field(default="", max_length=20, description="text block for the message")
    message: str = Field(default="", max_length=20000, description="the message itself (instead of a text block)")
    einvoice: str | None = Field(default=None, description="attach cii, ubl or facturx; '' none; empty: the customer's")


class MailRead(BaseModel):
    id: int
    record_id: int | None
    record_label: str
    recipients: str
    subject: str
    state: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    attachments: list[str] = []


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    force: bool = Field(default=False, description="every unsent mail now, not only those whose time has come")


class OutputRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str | None = Field(default=None, pattern="^(pdf|printer|mail)$", description="empty: as the profiles say")
    copies: int | None = Field(default=None, ge=1, le=99)
    printer: str = Field(default="", max_length=120, pattern=r"^[A-Za-z0-9_.\-@]*$")
    email: str = Field(default="", max_length=1000)


class OutputRead(BaseModel):
    channel: str
    destination: str
    copies: int
    outcome: str
    error: str
    mail_id: int | None


class PrintLogRead(BaseModel):
    id: int
    channel: str
    destination: str
    copies: int
    template: str
    version: str
    record_state: str
    username: str
    printed_at: datetime
    outcome: str
    error: str


class ImportRead(BaseModel):
    document_id: int
    supplier_id: int
    supplier_invoice_number: str
    syntax: str
    receipt_ids: list[int]
    agrees: bool
    net: Decimal
    tax: Decimal
    gross: Decimal
    differences: dict[str, Decimal]
    line_differences: list[str]
    extras: list[str]


def acting(request: Request):
    """Who acts: for the calls that run several units of work themselves (sending, output)."""
    with unit(request) as (_session, ctx):
        return ctx


def _mail_read(session, mail) -> MailRead:
    from sqlmodel import select

    from kontor.core.printing.models import MailAttachment

    names = list(session.exec(select(MailAttachment.filename).where(MailAttachment.mail_id == mail.id)))
    return MailRead.model_validate({**mail.model_dump(), "attachments": names})


@post("/api/documents/{document_id:int}/send", operation_id="send_document", sync_to_thread=True, tags=TAGS,
      status_code=201, summary="Mail the document as PDF (invoices with the e-invoice): queued, then sent; "
                               "a failure stays in the outbox with its error and is retried")
def send_document(request: Request, document_id: int, data: SendRequest) -> MailRead:
    with unit(request, write=True) as (session, ctx):
        mail_id = mailing.queue_document_mail(session, ctx, document_id, **data.model_dump()).id
    mailing.deliver_mail(kontor_of(request).db, ctx, mail_id)
    with unit(request) as (session, ctx):
        return _mail_read(session, session.get(mailing.OutgoingMail, mail_id))


@get("/api/mails", operation_id="list_mails", sync_to_thread=True, tags=TAGS,
     summary="The outbox: mails by state (queued, sent, failed) and document, newest first")
def list_mails(request: Request, mail_state: str | None = Parameter(query="state", default=None),
               document_id: int | None = None, limit: int = 100) -> list[MailRead]:
    with unit(request) as (session, ctx):
        return [_mail_read(session, mail) for mail in
                mailing.list_mails(session, ctx, state=mail_state, document_id=document_id, limit=min(limit, 1000))]


@post("/api/mails/retry", operation_id="retry_mails", sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Send every queued or failed mail whose next attempt is due (force: all of them now)")
def retry_mails(request: Request, data: RetryRequest) -> list[MailRead]:
    ctx = acting(request)
    done = mailing.deliver_due(kontor_of(request).db, ctx, force=data.force)
    with unit(request) as (session, ctx):
        return [_mail_read(session, session.get(mailing.OutgoingMail, mail.id)) for mail in done]


@get("/api/mail/settings", operation_id="mail_settings", sync_to_thread=True, tags=TAGS,
     summary="SMTP server, sender and retry rules of the tenant (the password never shown)")
def get_mail_settings(request: Request) -> mailing.MailSettingsRead:
    with unit(request) as (session, ctx):
        ctx.require("settings", mailing.Level.READ)
        settings = mailing.mail_settings(session, ctx)
        return mailing.MailSettingsRead(**{**settings.model_dump(), "password": "***" if settings.password else ""})


@put("/api/mail/settings", operation_id="set_mail_settings", sync_to_thread=True, tags=TAGS,
     summary="Set the SMTP server, sender and retry rules (an empty password keeps the stored one)")
def put_mail_settings(request: Request, data: mailing.MailSettings) -> mailing.MailSettingsRead:
    with unit(request, write=True) as (session, ctx):
        settings = mailing.set_mail_settings(session, ctx, data)
        return mailing.MailSettingsRead(**{**settings.model_dump(), "password": "***" if settings.password else ""})


@get("/api/output-profiles", operation_id="list_output_profiles", sync_to_thread=True, tags=["printing"],
     summary="Where documents go per kind and user: printer, PDF folder or mail, copies, template")
def list_profiles(request: Request) -> list[outputs.ProfileRead]:
    with unit(request) as (session, ctx):
        return [outputs.ProfileRead.model_validate(p, from_attributes=True) for p in outputs.list_profiles(session, ctx)]


@post("/api/output-profiles", operation_id="create_output_profile", sync_to_thread=True, tags=["printing"],
      summary="A new output profile")
def create_profile(request: Request, data: outputs.ProfileInput) -> outputs.ProfileRead:
    with unit(request, write=True) as (session, ctx):
        return outputs.ProfileRead.model_validate(outputs.save_profile(session, ctx, data), from_attributes=True)


@put("/api/output-profiles/{profile_id:int}", operation_id="update_output_profile", sync_to_thread=True,
     tags=["printing"], summary="Change an output profile")
def update_profile(request: Request, profile_id: int, data: outputs.ProfileInput) -> outputs.ProfileRead:
    with unit(request, write=True) as (session, ctx):
        return outputs.ProfileRead.model_validate(outputs.save_profile(session, ctx, data, profile_id),
                                                  from_attributes=True)


@delete("/api/output-profiles/{profile_id:int}", operation_id="delete_output_profile", sync_to_thread=True,
        tags=["printing"], summary="Remove an output profile")
def delete_profile(request: Request, profile_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        outputs.delete_profile(session, ctx, profile_id)


@post("/api/documents/{document_id:int}/output", operation_id="output_document", sync_to_thread=True,
      tags=["printing"], status_code=200,
      summary="Put the document out as its profiles say, or to one channel (pdf folder, printer, mail)")
def output_document(request: Request, document_id: int, data: OutputRequest) -> list[OutputRead]:
    ctx = acting(request)
    kontor = kontor_of(request)
    done = outputs.put_out(kontor.db, ctx, document_id, to=data.to, copies=data.copies, printer=data.printer,
                           email=data.email, default_folder=kontor.settings.data_dir / "print" / ctx.tenant_code)
    return [OutputRead(**vars(item)) for item in done]


@get("/api/documents/{document_id:int}/print-log", operation_id="document_print_log", sync_to_thread=True,
     tags=["printing"], summary="Every output of the document: who, when, where, copies, template, version")
def document_print_log(request: Request, document_id: int) -> list[PrintLogRead]:
    with unit(request) as (session, ctx):
        return [PrintLogRead.model_validate(row, from_attributes=True)
                for row in outputs.print_log(session, ctx, document_id)]


@post("/api/supplier-invoices/einvoice", operation_id="import_supplier_einvoice", sync_to_thread=True,
      tags=["purchasing", "e-invoices"], status_code=201,
      summary="Read a supplier's XRechnung or ZUGFeRD/Factur-X (XML, or PDF with the XML) into a checked "
              "supplier-invoice draft; the body is the file")
def import_supplier_einvoice(request: Request, data: bytes, filename: str = "") -> ImportRead:
    with unit(request, write=True) as (session, ctx):
        result = import_einvoice(session, ctx, data, filename)
        check = result.check
        return ImportRead(document_id=result.document_id, supplier_id=result.supplier_id,
                          supplier_invoice_number=result.supplier_invoice_number, syntax=result.syntax,
                          receipt_ids=result.receipt_ids, agrees=result.agrees, net=check.net, tax=check.tax,
                          gross=check.gross, differences=check.differences,
                          line_differences=result.line_differences, extras=result.extras)


HANDLERS = [send_document, list_mails, retry_mails, get_mail_settings, put_mail_settings, list_profiles,
            create_profile, update_profile, delete_profile, output_document, document_print_log,
            import_supplier_einvoice]
