"""Output profiles (Druckerzuordnung) and putting a document out: to a printer queue, a PDF
folder, or by e-mail, with a print log entry for every output.

A profile says for a document kind ('' = every kind) and a user (None = everybody) where
documents go: `printer` (a CUPS queue, printed with `lp`), `folder` (the PDF written there)
or `mail`, how many copies, and which template family. The profiles of the acting user win
over the general ones; a profile for the kind wins over one for every kind. Every output
writes a `PrintLog` row: who, when, where, how many, which template and which version (the
SHA-256 of the PDF), and whether it went out.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.kinds import KINDS
from kontor.core.printing.documents import load_document, print_document
from kontor.core.printing.models import CHANNELS, OutputProfile, PrintLog
from kontor.core.printing.renderer import check_template_family
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound


class ProfileInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_kind: str = Field(default="", max_length=30, description="'' for every kind")
    user_id: int | None = Field(default=None, description="empty: for everybody")
    channel: str = Field(default="folder", pattern="^(printer|folder|mail)$")
    printer: str = Field(default="", max_length=120, pattern=r"^[A-Za-z0-9_.\-@]*$", description="CUPS queue")
    folder: str = Field(default="", max_length=300)
    copies: int = Field(default=1, ge=1, le=99)
    template: str = Field(default="", max_length=80)
    active: bool = True


class ProfileRead(ProfileInput):
    id: int


def _check(session: Session, ctx: Context, data: ProfileInput) -> None:
    if data.document_kind and data.document_kind not in KINDS:
        raise Invalid.field("document_kind", "one_of", f"unknown document kind '{data.document_kind}'")
    if data.channel == "printer" and not data.printer:
        raise Invalid.field("printer", "required", "a printer profile names its CUPS queue")
    if data.channel == "folder" and not data.folder:
        raise Invalid.field("folder", "required", "a folder profile names the folder the PDFs go to")
    if data.template:
        check_template_family(data.template)
    if data.user_id is not None:
        from kontor.core.users.models import User

        if session.get(User, data.user_id) is None:
            raise Invalid.field("user_id", "exists", f"no user with id {data.user_id}")


def list_profiles(session: Session, ctx: Context) -> list[OutputProfile]:
    ctx.require("sales", Level.READ)
    return list(session.exec(select(OutputProfile).where(OutputProfile.tenant_id == ctx.tenant_id)
                             .order_by(OutputProfile.document_kind, OutputProfile.id)))


def save_profile(session: Session, ctx: Context, data: ProfileInput, profile_id: int | None = None) -> OutputProfile:
    ctx.require("settings", Level.ADMIN)
    _check(session, ctx, data)
    profile = _profile(session, ctx, profile_id) if profile_id else OutputProfile(tenant_id=ctx.tenant_id)
    before = profile.model_dump(include=set(ProfileInput.model_fields)) if profile_id else None
    for name, value in data.model_dump().items():
        setattr(profile, name, value)
    session.add(profile)
    session.flush()
    record_change(session, ctx, "output_profile", profile.id, "update" if before else "create", before,
                  data.model_dump())
    return profile


def delete_profile(session: Session, ctx: Context, profile_id: int) -> None:
    ctx.require("settings", Level.ADMIN)
    profile = _profile(session, ctx, profile_id)
    record_change(session, ctx, "output_profile", profile.id, "delete",
                  profile.model_dump(include=set(ProfileInput.model_fields)), None)
    session.delete(profile)


def _profile(session: Session, ctx: Context, profile_id: int) -> OutputProfile:
    profile = session.get(OutputProfile, profile_id)
    if profile is None or profile.tenant_id != ctx.tenant_id:
        raise NotFound(f"no output profile with id {profile_id}")
    return profile


def profiles_for(session: Session, ctx: Context, kind: str) -> list[OutputProfile]:
    """The profiles that apply to `kind` for the acting user, one per channel."""
    rows = list(session.exec(select(OutputProfile).where(
        OutputProfile.tenant_id == ctx.tenant_id, OutputProfile.active.is_(True),
        OutputProfile.document_kind.in_((kind, "")),
        or_(OutputProfile.user_id.is_(None), OutputProfile.user_id == ctx.user_id))))
    mine = [row for row in rows if row.user_id is not None] or rows
    chosen: dict[str, OutputProfile] = {}
    for row in sorted(mine, key=lambda r: (r.document_kind == "", r.id)):
        chosen.setdefault(row.channel, row)
    return [chosen[channel] for channel in CHANNELS if channel in chosen]


@dataclass(frozen=True)
class Output:
    channel: str
    destination: str
    copies: int
    outcome: str
    error: str = ""
    mail_id: int | None = None


def put_out(db, ctx: Context, document_id: int, *, to: str | None = None, copies: int | None = None,
            printer: str = "", folder: str = "", email: str = "", default_folder: Path | None = None) -> list[Output]:
    """Output a document as its profiles say, or to the one channel `to` (pdf = a folder,
    printer, mail) with what is given overriding the profile. Each output is logged."""
    from kontor.core.printing.mail import deliver_mail, queue_document_mail

    if to not in (None, "pdf", "printer", "mail"):
        raise Invalid.field("to", "one_of", "output to pdf, printer or mail")
    with db.read() as session:
        document = load_document(session, ctx, document_id)
        profiles = profiles_for(session, ctx, document.kind)
    channel = {"pdf": "folder", "printer": "printer", "mail": "mail"}.get(to or "")
    plans = [p for p in profiles if channel in (None, p.channel)] or \
        ([OutputProfile(tenant_id=ctx.tenant_id, channel=channel)] if channel else [])
    if not plans:
        raise Conflict(f"no output profile for {document.kind.replace('_', ' ')}s; say where to "
                       "(--to pdf|printer|mail) or set up a profile")
    done = []
    for plan in plans:
        count = copies or plan.copies or 1
        if plan.channel == "mail":
            with db.write() as session:
                mail = queue_document_mail(session, ctx, document_id, to=email)
                mail_id = mail.id
            sent = deliver_mail(db, ctx, mail_id)
            done.append(Output("mail", sent.recipients, 1, "done" if sent.state == "sent" else "failed",
                               sent.last_error, mail_id))
            continue
        with db.read() as session:
            printed = print_document(session, ctx, document_id, "pdf", family=plan.template)
            label = f"{document.kind}-{document.number or f'draft-{document.id}'}"
        if plan.channel == "printer":
            destination, error = _to_printer(printed.content, printer or plan.printer, count, label)
        else:
            destination, error = _to_folder(printed.content, Path(folder or plan.folder or default_folder or "."),
                                            label)
        with db.write() as session:
            session.add(PrintLog(tenant_id=ctx.tenant_id, record_id=document_id, record_label=label,
                                 channel=plan.channel, destination=destination[:300], copies=count,
                                 template=printed.template_name, version=hashlib.sha256(printed.content).hexdigest(),
                                 record_state=document.state, username=ctx.username,
                                 outcome="failed" if error else "done", error=error[:1000]))
        done.append(Output(plan.channel, destination, count, "failed" if error else "done", error))
    return done


def _to_folder(content: bytes, folder: Path, label: str) -> tuple[str, str]:
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", label) + ".pdf"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        target.write_bytes(content)
    except OSError as failure:
        return str(folder / name), f"{type(failure).__name__}: {failure}"
    return str(target), ""


def _to_printer(content: bytes, queue: str, copies: int, title: str) -> tuple[str, str]:
    if not queue:
        return "", "no printer queue is configured for this output"
    lp = shutil.which("lp")
    if lp is None:
        return queue, "CUPS is not installed here (no 'lp' command)"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        try:
            subprocess.run([lp, "-d", queue, "-n", str(copies), "-t", title, handle.name], check=True,
                           capture_output=True, text=True, timeout=60)
        except subprocess.CalledProcessError as failure:
            return queue, (failure.stderr or failure.stdout or str(failure)).strip()
        except subprocess.TimeoutExpired:
            return queue, "lp did not answer within 60 seconds"
    return queue, ""


def print_log(session: Session, ctx: Context, document_id: int) -> list[PrintLog]:
    load_document(session, ctx, document_id)
    return list(session.exec(select(PrintLog).where(PrintLog.tenant_id == ctx.tenant_id,
                                                    PrintLog.subject == "document",
                                                    PrintLog.record_id == document_id).order_by(PrintLog.id)))
