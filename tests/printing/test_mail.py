"""Sending documents by e-mail through a real SMTP server (aiosmtpd on loopback, started by
the test). An invoice goes to the customer's contact for invoices, with its PDF and the
customer's e-invoice, the message from a text block; the sending is recorded on the
document. With the server down the mail stays in the outbox as failed, with its error,
and goes out on the retry, once."""

import email
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.printing.mail import MailSettings, deliver_due, deliver_mail, queue_document_mail, set_mail_settings
from kontor.core.printing.outputs import print_log
from kontor.db.base import utcnow
from kontor.errors import Invalid
from tests.printing.print_shop import acting, pdf_text, shop, simple_invoice


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def mail_setup(company, port: int, **extra) -> None:
    with company.write() as (session, ctx):
        set_mail_settings(session, ctx, MailSettings(smtp_host="127.0.0.1", smtp_port=port, security="none",
                                                     sender="rechnung@muster-haustechnik.de",
                                                     sender_name="Muster Haustechnik", **extra))
        session.add(TextBlock(tenant_id=ctx.tenant_id, code="RE-MAIL", usage="any",
                              body="Guten Tag,\n\nanbei Ihre Rechnung {document_number} über {total} {currency}."))


def test_an_invoice_is_mailed_to_the_contact_for_invoices_with_pdf_and_e_invoice(company, smtp):
    controller, inbox = smtp
    ids = shop(company)
    mail_setup(company, controller.port)
    invoice = simple_invoice(company, ids)
    with company.write() as (session, ctx):
        from kontor.core.masterdata.parties.models import Customer

        session.get(Customer, ids["bau"]).einvoice_syntax = "cii"
        mail_id = queue_document_mail(session, ctx, invoice, text_code="RE-MAIL").id
    sent = _deliver(company, mail_id)
    assert sent.state == "sent" and sent.attempts == 1
    [(recipients, message)] = inbox.messages
    assert recipients == ["anna.huber@baumeister-huber.de"]  # the contact for invoices, not the general address
    assert message["Subject"] == "Rechnung RE000001" and "Muster Haustechnik" in message["From"]
    body, pdf, xml = list(message.walk())[1:]
    assert "anbei Ihre Rechnung RE000001 über 1035.33 EUR" in body.get_payload(decode=True).decode()
    assert pdf.get_filename() == "Rechnung RE000001.pdf" and "Rechnung RE000001" in pdf_text(pdf.get_payload(decode=True))
    assert xml.get_filename() == "RE000001-xrechnung-cii.xml"
    assert b"<ram:BuyerReference>04011000-12345-67</ram:BuyerReference>" in xml.get_payload(decode=True)
    with company.read() as (session, ctx):
        log = print_log(session, ctx, invoice)
    assert [(row.channel, row.outcome) for row in log] == [("mail", "queued"), ("mail", "done")]
    assert log[0].version and log[0].destination == "anna.huber@baumeister-huber.de"


def _deliver(company, mail_id: int):
    return deliver_mail(company.kontor.db, acting(company), mail_id)


def test_a_failed_send_stays_in_the_outbox_and_goes_out_once_on_retry(company, smtp):
    controller, inbox = smtp
    ids = shop(company)
    dead_port = free_port()  # nothing listens here
    mail_setup(company, dead_port, retry_minutes=10)
    invoice = simple_invoice(company, ids)
    with company.write() as (session, ctx):
        mail_id = queue_document_mail(session, ctx, invoice, to="einkauf@baumeister-huber.de").id
    failed = _deliver(company, mail_id)
    assert failed.state == "failed" and failed.attempts == 1 and "ConnectionRefusedError" in failed.last_error
    ctx = acting(company)
    assert deliver_due(company.kontor.db, ctx) == []  # not due for ten minutes
    with company.write() as (session, ctx):
        set_mail_settings(session, ctx, MailSettings(smtp_host="127.0.0.1", smtp_port=controller.port,
                                                     security="none", sender="rechnung@muster-haustechnik.de"))
    [retried] = deliver_due(company.kontor.db, ctx, now=utcnow() + timedelta(minutes=11))
    assert retried.state == "sent" and retried.attempts == 2 and retried.last_error == ""
    assert deliver_due(company.kontor.db, ctx, force=True) == []  # sent mails are never sent again
    assert [recipients for recipients, _ in inbox.messages] == [["einkauf@baumeister-huber.de"]]
    with company.read() as (session, ctx):
        assert [row.outcome for row in print_log(session, ctx, invoice)] == ["queued", "failed", "done"]


def test_sending_over_http_and_the_refusals(api, company, smtp):
    controller, inbox = smtp
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    unset = api.post(f"/api/documents/{invoice}/send", json={})
    assert unset.status_code == 422 and unset.json()["errors"][0]["rule"] == "mail_settings"
    assert api.put("/api/mail/settings", json={"smtp_host": "127.0.0.1", "smtp_port": controller.port,
                                               "security": "none", "sender": "rechnung@muster-haustechnik.de",
                                               "username": "", "password": ""}).status_code == 200
    answer = api.post(f"/api/documents/{invoice}/send", json={"einvoice": "facturx", "subject": "Ihre Rechnung"})
    assert answer.status_code == 201, answer.text
    mail = answer.json()
    assert mail["state"] == "sent" and mail["attachments"] == ["RE000001.pdf"]  # the Factur-X PDF is the invoice
    [(_, message)] = inbox.messages
    assert message["Subject"] == "Ihre Rechnung"
    assert api.get("/api/mails", params={"document_id": invoice}).json()[0]["id"] == mail["id"]
    bad = api.post(f"/api/documents/{invoice}/send", json={"to": "not-an-address"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "to"
    assert api.get("/api/mail/settings").json()["password"] == ""
    log = api.get(f"/api/documents/{invoice}/print-log").json()
    assert [row["outcome"] for row in log] == ["queued", "done"]
