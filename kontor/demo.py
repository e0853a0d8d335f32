"""A demo company: "Muster Haustechnik GmbH", a building-services wholesaler and installer.

`load_demo` fills a freshly set-up tenant with realistic master data (basics, staff, agents,
banks, suppliers, customers, articles of every type) entirely through the service layer
(`kontor.core.resources.create_record` with each resource's create schema), so every field
check, rule, number range, validation hook and audit entry applies exactly as for a clerk.
`ensure_demo` creates the tenant "demo" with an admin user and loads it, once.

The data itself lives in `kontor.demo_data`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kontor import demo_data as data
from kontor.core.masterdata.basics.parameters import CompanyParameters, get_parameters, set_parameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import create_record, find_by_key, update_record
from kontor.core.tenancy.models import Tenant
from kontor.errors import Conflict
from kontor.runtime import Kontor

CENT = Decimal("0.01")
PLACES_4 = Decimal("0.0001")


@dataclass
class DemoSummary:
    """How many records of each kind the demo loaded."""

    basics: int = 0
    text_blocks: int = 0
    staff: int = 0
    agents: int = 0
    banks: int = 0
    suppliers: int = 0
    customers: int = 0
    articles_by_type: dict[str, int] = field(default_factory=dict)
    customer_article_numbers: int = 0

    @property
    def articles(self) -> int:
        return sum(self.articles_by_type.values())

    def __str__(self) -> str:
        types = ", ".join(f"{kind} {n}" for kind, n in sorted(self.articles_by_type.items()))
        return (f"{self.customers} customers, {self.suppliers} suppliers, {self.articles} articles ({types}), "
                f"{self.staff} staff, {self.agents} agents, {self.banks} banks, {self.basics} basics, "
                f"{self.text_blocks} text blocks, {self.customer_article_numbers} customer article numbers")


def load_demo(session: Session, kontor: Kontor, tenant_code: str = data.DEMO_CODE) -> DemoSummary:
    """Fill the freshly set-up tenant `tenant_code` with the demo company (in the caller's
    transaction). Refuses a tenant that holds customers already."""
    ctx = kontor.system_context(session, tenant_code)
    if session.exec(select(Customer.id).where(Customer.tenant_id == ctx.tenant_id)).first() is not None:
        raise Conflict(f"tenant '{tenant_code}' holds data already; load the demo into a fresh tenant")
    loader = _Loader(session, ctx)
    loader.run()
    return loader.summary


def ensure_demo(kontor: Kontor, *, admin_password: str = "demo-admin") -> tuple[bool, DemoSummary | None]:
    """Create the tenant "demo" with the user "admin" and the demo data in one transaction.
    Returns (False, None) and changes nothing if the tenant exists already. A user "admin"
    that exists already (admin of another tenant) keeps its password and becomes admin here too."""
    from kontor.tenant_setup import setup_tenant

    try:
        with kontor.db.write() as session:
            if _tenant_exists(session):
                return False, None
            setup_tenant(session, kontor, data.DEMO_CODE, data.DEMO_NAME, admin_username="admin",
                         admin_password=admin_password, plugins=[])
            return True, load_demo(session, kontor, data.DEMO_CODE)
    except IntegrityError:
        # Another process created the tenant at the same moment (PostgreSQL): it is there now.
        with kontor.db.read() as session:
            if _tenant_exists(session):
                return False, None
        raise


def _tenant_exists(session: Session) -> bool:
    return session.exec(select(Tenant.id).where(Tenant.code == data.DEMO_CODE)).first() is not None


def _price(value: Decimal, factor: Decimal = Decimal(1)) -> Decimal:
    """value x factor, rounded half up to cents, or to 4 places for prices given with 4."""
    places = PLACES_4 if value.as_tuple().exponent < -2 else CENT
    return (value * factor).quantize(places, rounding=ROUND_HALF_UP)


def _contact(row: tuple, ids: _Loader, primary: bool) -> dict[str, Any]:
    salutation, title, first, last, position, phone, email = row
    return dict(salutation_id=ids.id("basics/salutations", salutation), title=title, first_name=first,
                last_name=last, position=position, phone=phone, email=email, is_primary=primary)


class _Loader:
    """Creates the demo records in dependency order and remembers their ids by code/short name."""

    def __init__(self, session: Session, ctx) -> None:
        self.session = session
        self.ctx = ctx
        self.ids: dict[tuple[str, str], int] = {}
        self.created: Counter[str] = Counter()
        self.summary = DemoSummary()

    def run(self) -> None:
        for step in (self.parameters, self.basics, self.text_blocks, self.staff, self.agents, self.banks,
                     self.suppliers, self.customers, self.materials, self.services, self.follow_ups,
                     self.customer_article_numbers, self.finance):
            step()
        counts = self.created
        self.summary.basics = sum(n for name, n in counts.items() if name.startswith("basics/"))
        for name in ("text_blocks", "staff", "agents", "banks", "suppliers", "customers", "customer_article_numbers"):
            setattr(self.summary, name, counts[name.replace("_", "-")])

    # -- helpers ---------------------------------------------------------------------------

    def create(self, resource: str, key: str | None, values: dict[str, Any]) -> Any:
        res = BY_NAME[resource]
        record = create_record(self.session, self.ctx, res, res.create_schema.model_validate(values))
        if key is not None:
            self.ids[(resource, key)] = record.id
        self.created[resource] += 1
        return record

    def id(self, resource: str, key: str | None) -> int | None:
        """The id of a record created here, or of a seeded basic looked up by its code."""
        if not key:
            return None
        if (resource, key) not in self.ids:
            if not resource.startswith("basics/"):
                raise KeyError(f"demo data refers to unknown {resource} '{key}'")
            self.ids[(resource, key)] = find_by_key(self.session, self.ctx, BY_NAME[resource], key).id
        return self.ids[(resource, key)]

    # -- steps -----------------------------------------------------------------------------

    def finance(self) -> None:
        """Three dunning levels and the DATEV client, so dunning runs and the accounting
        transfer work in the demo as they would at a customer's after set-up."""
        from kontor.core.finance.datev_settings import DatevSettings, put_datev_settings
        from kontor.core.finance.dunning_levels import LevelInput, set_levels

        set_levels(self.session, self.ctx, [LevelInput.model_validate(level) for level in data.DUNNING_LEVELS])
        put_datev_settings(self.session, self.ctx, DatevSettings.model_validate(data.DATEV))

    def parameters(self) -> None:
        current = get_parameters(self.session, self.ctx).model_dump()
        set_parameters(self.session, self.ctx, CompanyParameters.model_validate({**current, **data.COMPANY}))

    def basics(self) -> None:
        for name, rows in data.CODE_LISTS.items():
            for code, title in rows:
                self.create(f"basics/{name}", code, {"code": code, "name": title})
        for code, title, *_classification in data.ARTICLE_GROUPS:
            self.create("basics/article-groups", code, {"code": code, "name": title})
        for code, title, decimals, un_ece in data.UNITS:
            values = {"code": code, "name": title, "decimals": decimals, "un_ece_code": un_ece}
            self.create("basics/units", code, values)
        for term in data.PAYMENT_TERMS:
            self.create("basics/payment-terms", term["code"], term)
        for code, title, account, tax in data.REVENUE_CODES:
            self.create("basics/revenue-codes", code, {"code": code, "name": title, "account": account,
                                                       "tax_code_id": self.id("basics/tax-codes", tax)})

    def text_blocks(self) -> None:
        for code, title, usage, body in data.TEXT_BLOCKS:
            self.create("text-blocks", code, {"code": code, "title": title, "usage": usage, "body": body})

    def staff(self) -> None:
        for row in data.STAFF:
            values = {k: v for k, v in row.items() if k != "org_unit"}
            values["org_unit_id"] = self.id("basics/org-units", row["org_unit"])
            self.create("staff", row["short_name"], values)

    def agents(self) -> None:
        for row in data.AGENTS:
            values = {k: v for k, v in row.items() if k not in ("salutation", "contacts")}
            values["salutation_id"] = self.id("basics/salutations", row["salutation"])
            values["contacts"] = [_contact(c, self, i == 0) for i, c in enumerate(row["contacts"])]
            self.create("agents", row["short_name"], values)

    def banks(self) -> None:
        for row in data.BANKS:
            values = {k: v for k, v in row.items() if k != "notes"}
            values["dated_notes"] = [{"noted_on": on, "person": who, "text": text} for on, who, text in row["notes"]]
            self.create("banks", row["short_name"], values)

    def suppliers(self) -> None:
        for row in data.SUPPLIERS:
            self.create("suppliers", row["short_name"], self._supplier_values(row))

    def _supplier_values(self, row: dict[str, Any]) -> dict[str, Any]:
        children = ("payment_term", "delivery_term", "shipping_method", "contacts", "bank_accounts",
                    "discount_agreements")
        values = {k: v for k, v in row.items() if k not in children}
        values |= self._terms(row)
        values["salutation_id"] = self.id("basics/salutations", "FIRMA")
        values["contacts"] = [_contact(c, self, i == 0) for i, c in enumerate(row.get("contacts", []))]
        values["bank_accounts"] = [
            {"iban": iban, "bic": bic, "bank_id": self.id("banks", bank), "account_holder": row["name1"],
             "is_default": True}
            for iban, bic, bank in row.get("bank_accounts", [])
        ]
        values["discount_agreements"] = [
            {"description": text, "article_group_id": self.id("basics/article-groups", group),
             "discount_percent": percent, "minimum_order_value": minimum, "valid_from": start, "valid_until": end}
            for text, group, percent, minimum, start, end in row.get("discount_agreements", [])
        ]
        return values

    def _terms(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "payment_term_id": self.id("basics/payment-terms", row.get("payment_term")),
            "delivery_term_id": self.id("basics/delivery-terms", row.get("delivery_term")),
            "shipping_method_id": self.id("basics/shipping-methods", row.get("shipping_method")),
        }

    def customers(self) -> None:
        for row in data.CUSTOMERS:
            self.create("customers", row[0], self._customer_values(row))

    def _customer_values(self, row: tuple) -> dict[str, Any]:
        short, segment, price_class, category, name, street, postal_code, city, phone, email = row
        spec = {**data.SEGMENTS[segment], **data.CUSTOMER_EXTRAS.get(short, {})}
        domestic = spec.get("country_code", "DE") == "DE"
        territory = data.TERRITORIES.get(postal_code[:2], "EXPORT") if domestic else "EXPORT"
        refs = ("discount_group", "payment_term", "delivery_term", "shipping_method", "salutation", "agent",
                "invoice_recipient")
        values = {k: v for k, v in spec.items() if k not in refs}
        values |= dict(short_name=short, name1=name, street=street, postal_code=postal_code, city=city, phone=phone,
                       email=email, price_class=price_class, **self._terms(spec))
        values |= dict(
            category_id=self.id("basics/categories", category),
            discount_group_id=self.id("basics/customer-discount-groups", spec["discount_group"]),
            salutation_id=self.id("basics/salutations", spec.get("salutation")),
            sales_territory_id=self.id("basics/sales-territories", territory),
            sales_rep_id=self.id("staff", data.TERRITORY_REPS[territory]),
            agent_id=self.id("agents", spec.get("agent")),
            invoice_recipient_id=self.id("customers", spec.get("invoice_recipient")),
        )
        return values | self._customer_children(short, name)

    def _customer_children(self, short: str, name: str) -> dict[str, list[dict[str, Any]]]:
        contacts = data.CUSTOMER_CONTACTS.get(short, [])
        addresses = data.CUSTOMER_ADDRESSES.get(short, [])
        return {
            "contacts": [_contact(c, self, i == 0) for i, c in enumerate(contacts)],
            "addresses": [
                {"label": label, "name1": title, "street": street, "postal_code": code, "city": city,
                 "is_default": i == 0}
                for i, (label, title, street, code, city) in enumerate(addresses)
            ],
            "bank_accounts": [
                {"iban": iban, "bic": bic, "bank_id": self.id("banks", bank), "account_holder": name,
                 "sepa_mandate_reference": mandate, "sepa_mandate_date": signed, "is_default": True}
                for iban, bic, bank, mandate, signed in data.CUSTOMER_BANK_ACCOUNTS.get(short, [])
            ],
            "mailing_features": [
                {"mailing_feature_id": self.id("basics/mailing-features", code)}
                for code in data.CUSTOMER_MAILINGS.get(short, ())
            ],
        }

    def materials(self) -> None:
        for index, row in enumerate(data.MATERIALS, start=1):
            self.create("articles", row.short_name, self._material_values(row, index))
            self._count("M")

    def _material_values(self, row: data.Material, index: int) -> dict[str, Any]:
        net = _net(row.gross_price, row.discount)
        lead_days, gs1_prefix = data.SUPPLIER_LOGISTICS[row.supplier]
        barcode = data.ean13(f"{gs1_prefix}{index:05d}")
        values = self._classification(row.group, row.unit, stocked=row.stock is not None)
        values |= self._prices(Decimal(row.list_price), net, flat=False)
        values |= dict(
            short_name=row.short_name, description=row.description, article_type="M",
            series_id=self.id("basics/article-series", row.series), barcode=barcode,
            package_quantity=Decimal(row.package_quantity), gross_weight_kg=Decimal(row.weight_kg),
            net_weight_kg=Decimal(row.weight_kg), warranty_months=24,
        )
        if row.stock is not None:
            values |= dict(zip(("min_stock", "reorder_stock", "safety_stock", "max_stock"), map(Decimal, row.stock)))
        values |= data.MATERIAL_EXTRAS.get(row.short_name, {})
        values["suppliers"] = self._article_suppliers(row, net, lead_days, barcode)
        values["quantity_breaks"] = [
            {"min_quantity": Decimal(qty), "discount_percent": Decimal(pct)}
            for qty, pct in data.QUANTITY_BREAKS.get(row.short_name, [])
        ]
        return values

    def _article_suppliers(self, row: data.Material, net: Decimal, lead_days: int, barcode: str) -> list[dict]:
        main = dict(supplier_id=self.id("suppliers", row.supplier), order_number=row.order_number,
                    order_barcode=barcode, gross_price=Decimal(row.gross_price), discount_percent=Decimal(row.discount),
                    net_price=net, lead_time_days=lead_days, minimum_quantity=Decimal(row.package_quantity),
                    is_main=True)
        entries = [main]
        if row.short_name in data.SECOND_SUPPLIERS:
            supplier, order_number, gross, discount = data.SECOND_SUPPLIERS[row.short_name]
            entries.append(dict(supplier_id=self.id("suppliers", supplier), order_number=order_number,
                                gross_price=Decimal(gross), discount_percent=Decimal(discount),
                                net_price=_net(gross, discount), lead_time_days=data.SUPPLIER_LOGISTICS[supplier][0]))
        return entries

    def _classification(self, group: str, unit: str, *, stocked: bool) -> dict[str, Any]:
        main, discount_group, commission_group = next(g[2:] for g in data.ARTICLE_GROUPS if g[0] == group)
        assortment = "DL" if main == "DL" else ("LAGER" if stocked else "BESTELL")
        return dict(
            main_group_id=self.id("basics/article-main-groups", main),
            assortment_id=self.id("basics/article-assortments", assortment),
            group_id=self.id("basics/article-groups", group),
            unit_id=self.id("basics/units", unit),
            discount_group_id=self.id("basics/article-discount-groups", discount_group),
            commission_group_id=self.id("basics/commission-groups", commission_group),
            tax_code_id=self.id("basics/tax-codes", "U19"),
            revenue_code_id=self.id("basics/revenue-codes", "8400"),
        )

    @staticmethod
    def _prices(list_price: Decimal, cost: Decimal, *, flat: bool) -> dict[str, Decimal]:
        factors = [Decimal(1)] * 5 if flat else data.PRICE_CLASS_FACTORS
        prices = {f"sales_price_{n}": _price(list_price, f) for n, f in enumerate(factors, start=1)}
        landed = (cost * (1 + data.LANDED_COST_SURCHARGE)).quantize(PLACES_4, rounding=ROUND_HALF_UP)
        return prices | {"purchase_price": cost, "landed_cost": landed}

    def services(self) -> None:
        for number, text, kind, group, unit, cost, list_price, flat in data.SERVICES:
            values = self._classification(group, unit, stocked=False)
            values |= self._prices(Decimal(list_price), Decimal(cost), flat=flat)
            values |= dict(number=number, short_name=number, description=text, article_type=kind,
                           discountable=not flat, bonus_eligible=kind != "P")
            self.create("articles", number, values)
            self._count(kind)

    def _count(self, kind: str) -> None:
        self.summary.articles_by_type[kind] = self.summary.articles_by_type.get(kind, 0) + 1

    def follow_ups(self) -> None:
        res = BY_NAME["articles"]
        by_article: dict[str, list[dict]] = {}
        for main, follow, quantity in data.FOLLOW_UPS:
            by_article.setdefault(main, []).append(
                {"follow_up_id": self.id("articles", follow), "quantity": Decimal(quantity)})
        for main, items in by_article.items():
            update = res.update_schema.model_validate({"follow_ups": items})
            update_record(self.session, self.ctx, res, self.id("articles", main), update)

    def customer_article_numbers(self) -> None:
        for customer, article, number, text in data.CUSTOMER_ARTICLE_NUMBERS:
            self.create("customer-article-numbers", None, {
                "customer_id": self.id("customers", customer), "article_id": self.id("articles", article),
                "number": number, "text": text})


def _net(gross: str, discount: str) -> Decimal:
    return (Decimal(gross) * (100 - Decimal(discount)) / 100).quantize(PLACES_4, rounding=ROUND_HALF_UP)

