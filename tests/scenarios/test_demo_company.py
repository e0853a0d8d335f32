"""The demo company: loaded through the service layer into a fresh tenant, complete and valid."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select
from stdnum import ean

from kontor.core.audit import AuditEntry
from kontor.core.masterdata.articles.models import (
    ARTICLE_TYPES,
    Article,
    ArticleFollowUp,
    ArticleQuantityBreak,
    ArticleSupplier,
    CustomerArticleNumber,
)
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.basics.parameters import get_parameters
from kontor.core.masterdata.parties.models import (
    Agent,
    Bank,
    Customer,
    CustomerAddress,
    CustomerBankAccount,
    CustomerContact,
    Staff,
    Supplier,
    SupplierDiscountAgreement,
)
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import read_record
from kontor.core.tenancy.models import Tenant
from kontor.core.tenancy.services import tenant_by_code
from kontor.tenant_setup import setup_tenant
from kontor.core.users import services as users
from kontor.demo import DemoSummary, ensure_demo, load_demo
from kontor.errors import Conflict


@dataclass
class Demo:
    code: str
    tenant_id: int
    summary: DemoSummary
    seconds: float


@pytest.fixture(scope="module")
def demo(kontor_system) -> Demo:
    """The demo company, loaded once per backend into a tenant with a random code."""
    code = f"d{uuid.uuid4().hex[:12]}"
    with kontor_system.db.write() as session:
        tenant = setup_tenant(session, kontor_system, code, "Muster Haustechnik GmbH", plugins=[])
        started = time.perf_counter()
        summary = load_demo(session, kontor_system, code)
        seconds = time.perf_counter() - started
    return Demo(code, tenant.id, summary, seconds)


def rows(session, model, tenant_id, *conditions):
    return session.exec(select(model).where(model.tenant_id == tenant_id, *conditions)).all()


def count(session, model, tenant_id, *conditions) -> int:
    statement = select(func.count()).select_from(model).where(model.tenant_id == tenant_id, *conditions)
    return session.exec(statement).one()


def test_summary_counts_the_demo_company(demo):
    s = demo.summary
    assert s.customers >= 25
    assert s.suppliers >= 5
    assert s.staff >= 5
    assert s.agents == 2
    assert s.banks == 2
    assert s.articles_by_type["M"] >= 40
    assert set(s.articles_by_type) == set(ARTICLE_TYPES)
    assert s.articles == sum(s.articles_by_type.values())
    assert s.text_blocks >= 3
    assert s.basics >= 40
    assert s.customer_article_numbers >= 4


def test_database_holds_what_the_summary_says(kontor_system, demo):
    s, t = demo.summary, demo.tenant_id
    with kontor_system.db.read() as session:
        assert count(session, Customer, t) == s.customers
        assert count(session, Supplier, t) == s.suppliers
        assert count(session, Staff, t) == s.staff
        assert count(session, Agent, t) == s.agents
        assert count(session, Bank, t) == s.banks
        assert count(session, CustomerArticleNumber, t) == s.customer_article_numbers
        for kind, expected in s.articles_by_type.items():
            assert count(session, Article, t, Article.article_type == kind) == expected, kind


def test_company_parameters(kontor_system, demo):
    with kontor_system.db.read() as session:
        parameters = get_parameters(session, kontor_system.system_context(session, demo.code))
    assert parameters.company_name == "Muster Haustechnik GmbH"
    assert parameters.vat_id == "DE136695976"
    assert parameters.postal_code == "86161" and parameters.city == "Augsburg"
    assert parameters.default_credit_limit == Decimal(10000)
    assert "HRB" in parameters.footer_text


def test_material_articles_have_consistent_prices_suppliers_and_barcodes(kontor_system, demo):
    with kontor_system.db.read() as session:
        u19 = session.exec(select(TaxCode).where(TaxCode.tenant_id == demo.tenant_id, TaxCode.code == "U19")).one()
        materials = rows(session, Article, demo.tenant_id, Article.article_type == "M")
        for article in materials:
            prices = [getattr(article, f"sales_price_{n}") for n in range(1, 6)]
            assert prices == sorted(prices, reverse=True) and prices[0] > prices[4], article.short_name
            assert prices[4] > article.landed_cost >= article.purchase_price > 0, article.short_name
            assert article.tax_code_id == u19.id and article.revenue_code_id is not None
            assert ean.is_valid(article.barcode), article.barcode
            assert article.group_id and article.main_group_id and article.unit_id
            suppliers = rows(session, ArticleSupplier, demo.tenant_id, ArticleSupplier.article_id == article.id)
            main = [s for s in suppliers if s.is_main]
            assert len(main) == 1, article.short_name
            expected_net = main[0].gross_price * (100 - main[0].discount_percent) / 100
            assert main[0].net_price == expected_net.quantize(Decimal("0.0001"))
            assert main[0].net_price == article.purchase_price and main[0].order_number
        tracking = {a.tracking for a in materials}
        assert {"serial", "batch", "none"} <= tracking
        assert any(a.max_stock > 0 and a.reorder_stock >= a.safety_stock > 0 for a in materials)
        assert any(a.max_stock == 0 for a in materials), "made-to-order articles carry no stock limits"
        assert any(a.warranty_months >= 60 for a in materials)
        assert count(session, ArticleQuantityBreak, demo.tenant_id) > 0
        assert len({a.barcode for a in materials}) == len(materials)


def test_service_articles_carry_no_stock(kontor_system, demo):
    with kontor_system.db.read() as session:
        services = rows(session, Article, demo.tenant_id, Article.article_type != "M")
        types = {a.number: a.article_type for a in services}
        assert all(a.tracking == "none" and a.max_stock == 0 and a.min_stock == 0 for a in services)
    assert {"MONTEUR", "MEISTER", "KRAN", "FRACHT", "VERPACKUNG", "TRANSPORTVERS", "PROVISION"} <= set(types)
    assert (types["MONTEUR"], types["KRAN"], types["FRACHT"], types["PROVISION"]) == ("L", "F", "D", "P")


def test_follow_ups_and_customer_article_numbers(kontor_system, demo):
    with kontor_system.db.read() as session:
        by_id = {a.id: a for a in rows(session, Article, demo.tenant_id)}
        pairs = {(by_id[f.article_id].short_name, by_id[f.follow_up_id].short_name)
                 for f in rows(session, ArticleFollowUp, demo.tenant_id)}
        assert ("GAS-BW-24", "ABGAS-SET") in pairs
        assert ("WP-LW-9", "WP-AUFSTELL") in pairs
        links = rows(session, CustomerArticleNumber, demo.tenant_id)
        assert len({link.customer_id for link in links}) == 2


def test_foreign_customers_are_tax_exempt_with_their_vat_ids(kontor_system, demo):
    with kontor_system.db.read() as session:
        foreign = {c.country_code: (c.eu_tax_exempt, c.vat_id)
                   for c in rows(session, Customer, demo.tenant_id, Customer.country_code != "DE")}
    assert foreign == {"AT": (True, "ATU13585627"), "NL": (True, "NL004495445B01")}


def test_one_customer_is_invoiced_to_another(kontor_system, demo):
    with kontor_system.db.read() as session:
        invoiced_elsewhere = rows(session, Customer, demo.tenant_id, Customer.invoice_recipient_id.is_not(None))
        assert len(invoiced_elsewhere) == 1
        recipient = session.get(Customer, invoiced_elsewhere[0].invoice_recipient_id)
        assert recipient.tenant_id == demo.tenant_id and recipient.id != invoiced_elsewhere[0].id


def test_customers_cover_the_cases_of_the_trade(kontor_system, demo):
    t = demo.tenant_id
    with kontor_system.db.read() as session:
        customers = rows(session, Customer, t)
        reps = {s.id for s in rows(session, Staff, t, Staff.is_sales_rep.is_(True))}
        assert {c.price_class for c in customers} == {1, 2, 3, 4, 5}
        assert sum(c.blocked for c in customers) == 1
        assert any(c.partial_delivery_blocked for c in customers)
        assert any(c.collective_invoice and c.invoicing_cycle == "monthly" for c in customers)
        assert sum(c.agent_id is not None for c in customers) >= 2
        assert all(c.sales_rep_id in reps for c in customers)
        assert all(c.discount_group_id and c.payment_term_id and c.email for c in customers)
        assert any(c.credit_limit is None for c in customers) and any(c.credit_limit for c in customers)
        assert count(session, CustomerAddress, t) >= 3
        assert count(session, CustomerContact, t) >= 10
        assert count(session, CustomerBankAccount, t, CustomerBankAccount.sepa_mandate_reference != "") >= 2


def test_staff_suppliers_and_agents(kontor_system, demo):
    t = demo.tenant_id
    with kontor_system.db.read() as session:
        staff = rows(session, Staff, t)
        suppliers = rows(session, Supplier, t)
        agents = rows(session, Agent, t)
        assert count(session, SupplierDiscountAgreement, t) >= len(suppliers) - 1
        reps = [s for s in staff if s.is_sales_rep]
        assert len(reps) == 2 and all(r.commission_basis and r.commission_percent > 0 for r in reps)
        assert any(s.hourly_wage > 0 and s.hourly_cost > s.hourly_wage for s in staff)
        assert len({s.org_unit_id for s in staff}) == 2
        assert sum(not s.approved for s in suppliers) == 1
        assert {"A", "B", "C"} <= {s.rating for s in suppliers}
        assert all(s.minimum_order_value > 0 for s in suppliers)
        commissions = sorted((a.commission_percent > 0, a.commission_amount > 0) for a in agents)
        assert commissions == [(False, True), (True, False)]


def test_loading_through_the_services_left_an_audit_trail(kontor_system, demo):
    with kontor_system.db.read() as session:
        subjects = [e.subject for e in rows(session, AuditEntry, demo.tenant_id, AuditEntry.action == "create")]
    assert {"customers", "suppliers", "articles", "staff", "agents", "banks", "text-blocks",
            "basics/article-groups", "customer-article-numbers"} <= set(subjects)
    created = demo.summary
    assert len(subjects) == (created.basics + created.text_blocks + created.staff + created.agents + created.banks
                            + created.suppliers + created.customers + created.articles
                            + created.customer_article_numbers)


def test_demo_records_read_back_through_the_services(kontor_system, demo):
    with kontor_system.db.read() as session:
        ctx = kontor_system.system_context(session, demo.code)
        for name, model in (("customers", Customer), ("suppliers", Supplier), ("articles", Article)):
            for record in rows(session, model, demo.tenant_id):
                assert read_record(session, ctx, BY_NAME[name], record.id)["id"] == record.id


def test_load_takes_seconds_at_most(demo):
    assert demo.seconds < 30, f"loading the demo took {demo.seconds:.1f} s"


def test_load_refuses_a_tenant_with_data_and_writes_nothing(kontor_system, demo):
    with kontor_system.db.read() as session:
        before = count(session, AuditEntry, demo.tenant_id)
    with pytest.raises(Conflict), kontor_system.db.write() as session:
        load_demo(session, kontor_system, demo.code)
    with kontor_system.db.read() as session:
        assert count(session, AuditEntry, demo.tenant_id) == before


def test_ensure_demo_creates_the_demo_tenant_once(kontor_system):
    # The tenant "demo" is shared by everything using this database: the first call may
    # find it made already; the second must.
    created, summary = ensure_demo(kontor_system, admin_password="demo-admin-test")
    assert (summary is not None) == created
    if created:
        assert summary.customers >= 25
    assert ensure_demo(kontor_system) == (False, None)
    with kontor_system.db.read() as session:
        tenant = tenant_by_code(session, "demo")
        assert tenant.name == "Muster Haustechnik GmbH"
        assert session.exec(select(func.count()).select_from(Tenant).where(Tenant.code == "demo")).one() == 1
        assert count(session, Customer, tenant.id) >= 25
        admin = users.user_by_name(session, "admin")
        ctx = kontor_system.context(session, tenant, admin)
    assert ctx.can("masterdata", users.Level.ADMIN)
