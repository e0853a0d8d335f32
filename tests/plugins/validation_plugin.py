"""Test plugin: a partner's rule that every customer needs an e-mail address."""

from kontor.api import PluginMeta, Problem, hookimpl

PLUGIN = PluginMeta(name="test_rules", title="Test customer rules", version="1.0")


@hookimpl
def kontor_validate(subject, action, record):
    if subject == "customers" and action != "delete" and not record.email:
        return [Problem("email", "required_by_test_rules", "this company requires an e-mail address for customers")]
    return None
