"""kontor: order and materials management (Auftrags- und Materialwirtschaft) with plugin modules."""

__version__ = "0.1.0"
