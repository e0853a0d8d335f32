"""A plugin declares typed settings; each tenant keeps its own, validated, audited."""

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.plugin_settings import change_settings, plugin_settings
from kontor.errors import Invalid, NotFound
from kontor.testing import api_as


def test_a_tenant_reads_the_defaults_changes_one_setting_and_the_plugin_follows(api, company, other_company, http):
    company.enable("test_rules", "test_extras")
    other_company.enable("test_rules", "test_extras")
    answer = api.get("/api/plugins/test_extras/settings")
    assert answer.status_code == 200
    body = answer.json()
    assert body["values"] == {"greeting": "hello", "repeat": 1, "case": "lower"}
    assert body["schema"]["properties"]["repeat"]["maximum"] == 5
    assert api.get("/api/test_extras/greeting").json() == {"greeting": "hello"}

    changed = api.patch("/api/plugins/test_extras/settings", json={"greeting": "moin", "repeat": 2})
    assert changed.status_code == 200, changed.text
    assert changed.json()["values"] == {"greeting": "moin", "repeat": 2, "case": "lower"}
    assert api.patch("/api/plugins/test_extras/settings", json={"case": "upper"}).json()["values"]["greeting"] == "moin"
    assert api.get("/api/test_extras/greeting").json() == {"greeting": "MOIN MOIN"}

    other = api_as(http, other_company, "admin")
    assert other.get("/api/test_extras/greeting").json() == {"greeting": "hello"}
    assert [s["plugin"] for s in api.get("/api/plugins/settings").json()] == ["test_extras"]
    with company.read() as (session, ctx):
        entries = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                        AuditEntry.subject == "plugin_settings.test_extras")
                               .order_by(AuditEntry.id)).all()
    assert [(e.before, e.after) for e in entries] == [
        ({"greeting": "hello", "repeat": 1}, {"greeting": "moin", "repeat": 2}),
        ({"case": "lower"}, {"case": "upper"}),
    ]


@pytest.mark.parametrize("body, field, rule", [
    ({"repeat": 9}, "repeat", "less_than_equal"),
    ({"case": "title"}, "case", "literal_error"),
    ({"greeting": ""}, "greeting", "string_too_short"),
    ({"volume": 3}, "volume", "unknown"),
])
def test_a_bad_setting_is_refused_naming_field_and_rule_and_nothing_changes(api, company, body, field, rule):
    company.enable("test_rules", "test_extras")
    refused = api.patch("/api/plugins/test_extras/settings", json=body)
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [(field, rule)]
    assert api.get("/api/plugins/test_extras/settings").json()["values"] == {"greeting": "hello", "repeat": 1,
                                                                            "case": "lower"}


def test_settings_need_the_settings_permission_and_a_plugin_that_has_some(api, company, http):
    clerk = api_as(http, company, "clerk")
    assert clerk.patch("/api/plugins/test_extras/settings", json={"repeat": 2}).status_code == 403
    assert api.get("/api/plugins/test_prices/settings").status_code == 404
    assert api.get("/api/plugins/nope/settings").json()["detail"] == "plugin 'nope' is not installed"
    assert api.get("/api/plugins/settings").json() == []  # nothing enabled yet


def test_a_stored_value_the_plugin_no_longer_accepts_falls_back_to_its_default(company):
    from kontor.core.tenancy.services import set_setting

    with company.write() as (session, ctx):
        set_setting(session, ctx.tenant_id, "plugin.test_extras", {"greeting": "servus", "repeat": 99, "old": 1})
        settings = plugin_settings(session, ctx, "test_extras")
    assert (settings.greeting, settings.repeat) == ("servus", 1)
    with pytest.raises(Invalid, match="repeat"):
        with company.write() as (session, ctx):
            change_settings(session, ctx, "test_extras", {"repeat": 0})
    with pytest.raises(NotFound):
        with company.write() as (session, ctx):
            plugin_settings(session, ctx, "test_prices")
