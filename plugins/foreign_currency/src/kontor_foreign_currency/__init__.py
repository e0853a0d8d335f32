"""Foreign currency: buying and selling in currencies other than the tenant's own.

The module will keep as many foreign currencies as a company needs, each with a table
of conversion rates used when purchasing and when selling, and it will let an article
carry fixed prices in a foreign currency, which take precedence over a converted
price when a document is written in that currency.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
