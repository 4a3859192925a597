"""Benchmarks for the design's targets; run with `make bench` (prints ratios, asserts nothing)."""
