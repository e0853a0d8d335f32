"""E-invoices: XRechnung (CII, UBL) and Factur-X out, supplier e-invoices in."""
