"""Helpers the master-data and basics tests share (this module holds no tests itself).

- `created(api, path, **body)`: POST and return the stored record (asserting 201).
- `refused(response, field, rule)`: a 422 problem details answer naming that field and rule.
- `conflict(response, *words)`: a 409 problem details answer whose detail says the words.
- `rows(company, Model, **where)`: how many rows of the table the company holds.
- `nothing_written(company, *models)`: the block adds or removes no row of those tables and
  no audit entry; `unchanged(api, path)` also compares the record read before and after.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import func, select

from kontor.core.audit import AuditEntry

PROBLEM_JSON = "application/problem+json"

# Identifiers with correct check digits (and ones with a wrong digit).
DE_VAT_ID = "DE136695976"
AT_VAT_ID = "ATU13585627"
FR_VAT_ID = "FR40303265045"
GR_VAT_ID = "EL094259216"
BAD_DE_VAT_ID = "DE136695977"
IBAN_DE = "DE89370400440532013000"
IBAN_AT = "AT611904300234573201"
BAD_IBAN = "DE89370400440532013001"
BIC = "COBADEFFXXX"
EAN = "4006381333931"
BAD_EAN = "4006381333932"


def created(api, path: str, **body) -> dict:
    response = api.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def refused(response, field: str, rule: str | None = None) -> dict:
    """The answer is a 422 naming `field` (and `rule`, when given); returns that error."""
    body = problem(response, 422)
    for error in body.get("errors", []):
        if error["field"] == field and (rule is None or error["rule"] == rule):
            assert error["message"], error
            return error
    raise AssertionError(f"no error for {field} ({rule}) in {body}")


def conflict(response, *words: str) -> dict:
    body = problem(response, 409)
    for word in words:
        assert word in body["detail"], body
    return body


def rows(company, model, **where) -> int:
    with company.read() as (session, _ctx):
        conditions = [model.tenant_id == company.tenant_id]
        conditions += [getattr(model, name) == value for name, value in where.items()]
        return session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one()


def audit_entries(company, subject: str | None = None, record_id: int | None = None) -> list[AuditEntry]:
    with company.read() as (session, _ctx):
        statement = select(AuditEntry).where(AuditEntry.tenant_id == company.tenant_id)
        if subject is not None:
            statement = statement.where(AuditEntry.subject == subject)
        if record_id is not None:
            statement = statement.where(AuditEntry.record_id == record_id)
        entries = list(session.scalars(statement.order_by(AuditEntry.id)))
        session.expunge_all()  # keep the loaded values after the read unit ends
        return entries


@contextmanager
def nothing_written(company, *models):
    """Assert that the block leaves the row counts of `models` and the audit trail as they were."""
    tables = (AuditEntry, *models)
    before = {model.__name__: rows(company, model) for model in tables}
    yield
    after = {model.__name__: rows(company, model) for model in tables}
    assert after == before, f"rows changed: {before} -> {after}"


@contextmanager
def unchanged(api, company, path: str, *models):
    """Like `nothing_written`, and the record at `path` reads the same afterwards."""
    before = api.get(path).json()
    with nothing_written(company, *models):
        yield
    assert api.get(path).json() == before
