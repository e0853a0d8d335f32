"""Finance: open items, payments, dunning, customer credit risk, accounting transfer."""
