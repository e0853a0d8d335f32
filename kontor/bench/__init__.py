"""`kontor bench`: a realistic company at a chosen scale, and the headline operations timed
through the same service layer the API uses. See kontor.bench.runner for the figures."""
