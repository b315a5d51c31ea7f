"""Code shared by tests and benchmarks (never imported by the product): the synthetic library generator."""
