"""Benchmarks and load scripts; results in docs/benchmarks.md."""
