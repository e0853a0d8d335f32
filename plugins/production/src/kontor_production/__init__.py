"""Production: making articles from parts, in-house or by a subcontractor.

The module will let articles be built from assemblies nested to any depth and turn
an assembly into a production order, done in-house or by a subcontractor. A
production order is booked with material issued to it (or supplied to the
subcontractor) and with the finished products it yields; it is closed once machine
and labour hours (with their cost centres) and leftover material are assigned. The
module will also schedule production dates by day or calendar week against capacity,
print production orders, material slips, requirement lists and production reports,
track batch numbers, transfer components into finished articles, draw up route and
loading lists for open orders, and compare planned with actual cost afterwards,
including machine data and production times.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
