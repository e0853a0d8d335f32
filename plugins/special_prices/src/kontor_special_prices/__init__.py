"""Special prices: pricing beyond the five price classes of the core.

The module will keep special unit prices and discounts per article and customer,
either open-ended or valid for a date range only; quantity-break discounts that apply
to every customer or to one customer; and customer price groups with one or several
levels, including recommended retail prices. From these it will produce price lists
for a single customer, and it will answer the pricing hook (`kontor_unit_price`)
before the core's price-class default.

Tables: kontor_special_prices.models (branch revision special_prices_0002); decision:
kontor_special_prices.pricing; rules and routes: .resources and .plugin.
"""
