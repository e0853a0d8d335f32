"""Point of sale: cash sales over the counter.

The module will run any number of tills (cash registers) within one company. A sale is
entered in a single quick screen, with barcode scanning against the article master,
the customer master and staff data; the till prints the receipt, checks the payment
method and the change given, closes the till at the end of the day and reports what
was sold. Tills will be able to keep selling while offline and catch up afterwards.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
