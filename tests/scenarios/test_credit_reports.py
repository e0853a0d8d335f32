"""Credit-rating information per customer: what the credit agencies said, kept as history.

The wholesaler asks an agency about Bau GmbH before a large order: in January the agency rates
it 250 and recommends 20.000,00; in May, after late payments, 380 and 5.000,00, which the
bookkeeper takes over as the customer's credit limit. The history reads newest first; the
limit change is audited on the customer.
"""

from datetime import date
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.finance.credit_reports import add_credit_report, credit_reports
from kontor.core.finance.payment_schemas import CreditReportIn
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Invalid, NotFound, PermissionDenied
from kontor.testing import ApiClient
from kontor.web.api import open_items as open_items_api
from kontor.web.problems import EXCEPTION_HANDLERS
from tests.scenarios.test_payments import make_customer

D = Decimal


def test_credit_reports_keep_the_rating_and_limit_history_newest_first(company, other_company):
    ids = make_customer(company)
    with company.write() as (session, ctx):
        add_credit_report(session, ctx, ids["customer"], CreditReportIn(
            reported_on=date(2026, 1, 15), agency="Creditreform", rating="250", recommended_limit=D("20000.00")))
        add_credit_report(session, ctx, ids["customer"], CreditReportIn(
            reported_on=date(2026, 5, 4), agency="Creditreform", rating="380", recommended_limit=D("5000.00"),
            note="Zahlungsweise schleppend", apply_limit=True))
        add_credit_report(session, ctx, ids["customer"], CreditReportIn(
            reported_on=date(2026, 3, 1), agency="KSV1870", rating="B", note="ohne Limitempfehlung"))
    with company.read() as (session, ctx):
        history = credit_reports(session, ctx, ids["customer"])
        assert [(r.reported_on, r.agency, r.rating, r.recommended_limit, r.limit_applied) for r in history] == [
            (date(2026, 5, 4), "Creditreform", "380", D("5000.00"), True),
            (date(2026, 3, 1), "KSV1870", "B", None, False),
            (date(2026, 1, 15), "Creditreform", "250", D("20000.00"), False)]
        assert session.get(Customer, ids["customer"]).credit_limit == D("5000.00")
        audit = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                      AuditEntry.subject == "customers",
                                                      AuditEntry.record_id == ids["customer"])).all()
        assert [(a.before, D(a.after["credit_limit"])) for a in audit] == [({"credit_limit": None}, D("5000.00"))]

    with pytest.raises(Invalid) as no_limit, company.write() as (session, ctx):
        add_credit_report(session, ctx, ids["customer"], CreditReportIn(
            reported_on=date(2026, 6, 1), agency="KSV1870", rating="C", apply_limit=True))
    assert (no_limit.value.problems[0].field, no_limit.value.problems[0].rule) == ("recommended_limit", "required")
    with pytest.raises(NotFound), other_company.read() as (session, ctx):
        credit_reports(session, ctx, ids["customer"])
    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied), company.write(clerk) as (session, ctx):
        add_credit_report(session, ctx, ids["customer"], CreditReportIn(
            reported_on=date(2026, 6, 1), agency="KSV1870", rating="C"))
    with company.read(clerk) as (session, ctx):
        assert len(credit_reports(session, ctx, ids["customer"])) == 3


def test_credit_reports_over_http(kontor_system, company):
    ids = make_customer(company)
    app = Litestar(route_handlers=open_items_api.HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as http:
        api = ApiClient(http, company.token(company.add_user("admin")), company.code)
        path = f"/api/customers/{ids['customer']}/credit-reports"
        created = api.post(path, json={"reported_on": "2026-02-02", "agency": "Creditreform", "rating": "210",
                                       "recommended_limit": "15000.00", "apply_limit": True})
        assert created.status_code == 201, created.text
        assert (created.json()["rating"], D(created.json()["recommended_limit"])) == ("210", D("15000.00"))
        api.post(path, json={"reported_on": "2026-04-02", "agency": "Creditreform", "rating": "290"})
        listed = api.get(path).json()
        assert [r["rating"] for r in listed] == ["290", "210"]
        bad = api.post(path, json={"reported_on": "2026-04-02", "agency": "", "rating": "1"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "agency"
        assert api.get("/api/customers/999999/credit-reports").status_code == 404
