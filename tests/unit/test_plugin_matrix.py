"""The plugin matrix: marked scenarios run with the core alone, each plugin alone, and all plugins."""

import pytest

from kontor.testing import plugin_sets

SEVEN = ("edi", "foreign_currency", "multi_warehouse", "pos", "production", "repair", "special_prices")


def test_the_matrix_has_the_core_alone_each_installed_plugin_alone_and_all_of_them():
    sets = dict(plugin_sets())
    assert sets["core"] == () and sets["all"] == SEVEN
    assert all(sets[name] == (name,) for name in SEVEN)
    assert list(sets)[0] == "core" and list(sets)[-1] == "all" and len(sets) == len(SEVEN) + 2


@pytest.mark.plugin_matrix
def test_the_company_of_a_matrix_test_has_exactly_its_set_enabled_with_what_it_requires(company, plugin_set):
    expected = set(company.kontor.host.enable_order(plugin_set))
    with company.read() as (session, ctx):
        assert ctx.enabled_plugins == expected
    assert ("repair" in expected) <= ("multi_warehouse" in expected)


def test_outside_the_matrix_a_company_enables_nothing(company, plugin_set):
    assert plugin_set == ()
    with company.read() as (session, ctx):
        assert ctx.enabled_plugins == frozenset()
