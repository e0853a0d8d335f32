"""Multiple warehouses: stock kept in several warehouses, each with its own locations.

Any number of warehouses (rows of the core's warehouse table) with any number of storage
locations; goods receipts and delivery notes book into or out of the warehouse and location
chosen for the document, the line, the order behind them or the article; transfers between
warehouses and locations; consignment stock per customer (made by the first consignment
delivery note, billed by consignment invoices); drop shipments that move no stock of ours;
stock per warehouse and location in the plugin's stock list.

Tables: kontor_multi_warehouse.models (branch revision multi_warehouse_0002); decisions:
.planning (the stock-posting hooks); services: .choices, .consignment, .transfers,
.stock_lists; rules: .resources; routes: .api; commands: .cli; hooks: .plugin.
"""
