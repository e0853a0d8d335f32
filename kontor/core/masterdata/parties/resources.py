"""Parties as resources (served under /api/<name>)."""

from __future__ import annotations

from kontor.core.masterdata.collections import at_most_one, unique_in_list
from kontor.core.masterdata.parties import models as m
from kontor.core.masterdata.parties import rules
from kontor.core.resources import Child, Resource
from kontor.core.schemas import child_models, create_model_with, read_model, update_model

CONTACT_IN, CONTACT_OUT = child_models(m.ContactFields, "Contact")
ADDRESS_IN, ADDRESS_OUT = child_models(m.AddressFields, "Address")
BANK_ACCOUNT_IN, BANK_ACCOUNT_OUT = child_models(m.BankAccountFields, "BankAccount")
MAILING_IN, MAILING_OUT = child_models(m.MailingFeatureLink, "MailingFeatureLink")
AGREEMENT_IN, AGREEMENT_OUT = child_models(m.DiscountAgreementFields, "DiscountAgreement")
NOTE_IN, NOTE_OUT = child_models(m.BankNoteFields, "BankNote")

PARTY_SEARCH = ("number", "short_name", "name1", "city")


def _party(name, title, model, fields, children, *, number_range, rules_=(), filters=(), search=PARTY_SEARCH):
    stem = model.__name__
    collections_in = {child.name: (list[child.schema] | None, None) for child, _ in children}
    collections_out = {child.name: (list[out] | None, None) for child, out in children}
    return Resource(
        name=name,
        title=title,
        model=model,
        create_schema=create_model_with(fields, f"{stem}Create", **collections_in),
        update_schema=update_model(fields, f"{stem}Update", **collections_in),
        read_schema=read_model(fields, f"{stem}Read", timestamps=True, **collections_out),
        number_range=number_range,
        search=search,
        filters=filters,
        children=tuple(child for child, _ in children),
        rules=tuple(rules_),
    )


def _contacts(model, parent_key):
    return Child("contacts", model, parent_key, CONTACT_IN, rules=(at_most_one("is_primary", "primary contact"),)), CONTACT_OUT


def _bank_accounts(model, parent_key):
    return (
        Child("bank_accounts", model, parent_key, BANK_ACCOUNT_IN, rules=(at_most_one("is_default", "default account"),)),
        BANK_ACCOUNT_OUT,
    )


CUSTOMERS = _party(
    "customers", "customer", m.Customer, m.CustomerFields,
    [
        _contacts(m.CustomerContact, "customer_id"),
        (Child("addresses", m.CustomerAddress, "customer_id", ADDRESS_IN,
               rules=(at_most_one("is_default", "default delivery address"),)), ADDRESS_OUT),
        _bank_accounts(m.CustomerBankAccount, "customer_id"),
        (Child("mailing_features", m.CustomerMailingFeature, "customer_id", MAILING_IN,
               rules=(unique_in_list("mailing_feature_id", "mailing feature"),)), MAILING_OUT),
    ],
    number_range="customer",
    rules_=[rules.customer_rules],
    filters=("blocked", "price_class", "agent_id", "sales_rep_id", "category_id", "country_code"),
)

SUPPLIERS = _party(
    "suppliers", "supplier", m.Supplier, m.SupplierFields,
    [
        _contacts(m.SupplierContact, "supplier_id"),
        _bank_accounts(m.SupplierBankAccount, "supplier_id"),
        (Child("discount_agreements", m.SupplierDiscountAgreement, "supplier_id", AGREEMENT_IN,
               rules=(rules.agreement_dates,)), AGREEMENT_OUT),
    ],
    number_range="supplier",
    rules_=[rules.supplier_rules],
    filters=("blocked", "rating", "approved", "country_code"),
)

AGENTS = _party(
    "agents", "agent", m.Agent, m.AgentFields,
    [_contacts(m.AgentContact, "agent_id")],
    number_range="agent",
    rules_=[rules.agent_rules],
)

BANKS = _party(
    "banks", "bank", m.Bank, m.BankFields,
    [(Child("dated_notes", m.BankNote, "bank_id", NOTE_IN, order_by="noted_on"), NOTE_OUT)],
    number_range="bank",
    search=PARTY_SEARCH + ("bic",),
)

STAFF = _party(
    "staff", "staff member", m.Staff, m.StaffFields, [],
    number_range="staff",
    rules_=[rules.staff_rules],
    search=("number", "short_name", "last_name", "first_name"),
    filters=("is_sales_rep", "org_unit_id", "employment_type"),
)

PARTIES = (CUSTOMERS, SUPPLIERS, AGENTS, BANKS, STAFF)
