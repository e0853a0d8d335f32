"""Program parts and permission levels.

Levels are ordered: admin includes post, post includes write, write includes read.
Plugins add program parts through the `kontor_register_permissions` hook.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2
    POST = 3
    ADMIN = 4

    @classmethod
    def parse(cls, text: str) -> "Level":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown permission level '{text}' (read, write, post, admin)") from None


@dataclass(frozen=True)
class ProgramPart:
    name: str
    title: str


CORE_PARTS: tuple[ProgramPart, ...] = (
    ProgramPart("masterdata", "Master data: customers, suppliers, agents, banks, staff, articles, text blocks"),
    ProgramPart("basics", "Basics: number ranges, terms, tax codes, countries, currencies, units, groups"),
    ProgramPart("sales", "Sales documents: quotes, orders, delivery notes, invoices, credit notes"),
    ProgramPart("returns", "Taking goods back from customers with a negative quantity"),
    ProgramPart("purchasing", "Purchasing: reorder proposals, purchase orders, goods receipt, supplier invoices"),
    ProgramPart("stock", "Stock: ledger, stocktaking, availability"),
    ProgramPart("finance", "Finance: open items, payments, dunning, credit risk, accounting transfer"),
    ProgramPart("credit_limits", "Redefining customers' credit limits (apart from master data and finance)"),
    ProgramPart("users", "Users, roles and permissions"),
    ProgramPart("settings", "Parameter settings and plugins of the tenant"),
)
