"""Test plugin: prints invoices with its own template and adds a greeting to every print.

For invoices it answers the template hook with a file of its own (which extends the
core's document template); for every record it adds `greeting` to the context and, for
dunning letters, replaces the letter's `title`.
"""

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_printing", title="Test printing", version="1.0")

TEMPLATE = Path(__file__).resolve().parent / "printing_templates" / "plain_invoice.html.j2"


@hookimpl
def kontor_print_template(kind, output):
    if kind == "invoice" and output == "html":
        return TEMPLATE
    return None


@hookimpl
def kontor_print_context(ctx, kind, context):
    answer = {"greeting": f"Gruß vom Testplugin an {ctx.tenant_code}"}
    if kind == "dunning_letter":
        answer["title"] = f"Freundliche Erinnerung ({context['title']})"
    return answer
