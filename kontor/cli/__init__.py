"""The `kontor` command line.

    kontor init                 data folder, database, migrations, first tenant and admin
    kontor demo                 the same with the demo company (tenant "demo")
    kontor serve                the web API on 127.0.0.1:8000
    kontor db upgrade           core and every installed plugin to the newest revision
    kontor plugins list|enable|disable|bundles
    kontor users list|add|passwd|grant|revoke|token
    kontor tenants list|add
    kontor runs deliver|invoice  batch runs: delivery notes, invoices (single or collective)
    kontor print DOCUMENT       a document to a PDF folder, a printer or by mail (also: mail, einvoice)

Commands that act in a tenant take `--tenant CODE` (or KONTOR_TENANT); with a single
tenant in the database it is chosen without asking. Plugins add commands through the
`kontor_register_commands` hook; those run only for tenants that enabled the plugin.
"""

from kontor.cli import (  # noqa: F401  (the command groups register on `main`)
    accounting, admin, availability, bench, documents, dunning, jobs, open_items, printing, purchasing, risk, runs, setup, stock,
    stocktaking,
)
from kontor.cli.base import State, clear_errors, current_context, current_session, main, pass_state

__all__ = ["State", "clear_errors", "current_context", "current_session", "main", "pass_state"]

if __name__ == "__main__":  # pragma: no cover
    main()
