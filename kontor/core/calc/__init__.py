"""Calculations of sales documents: the pre-calculation (Vorkalkulation) of quotes and orders and
the line calculation (Positionskalkulation); see kontor.core.calc.precalc."""
