"""Benchmarks (`make bench`): page cost at 1k against 100k participants, the outcome dashboard and matching
against hand-written SQL, and generating the national dataset. Never part of `make test`."""
