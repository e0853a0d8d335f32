"""The multi_warehouse plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestMultiWarehousePackage(PluginPackageChecks):
    NAME = "multi_warehouse"
    TITLE = "Multiple warehouses"
    DISTRIBUTION = "kontor-multi-warehouse"
    REQUIRES = ()
    HEAD = "multi_warehouse_0002"
