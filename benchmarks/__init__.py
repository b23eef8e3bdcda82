"""Benchmark scripts: figures are printed beside their budgets, never asserted."""
