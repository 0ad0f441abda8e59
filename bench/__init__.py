"""Benchmarks: each module prints figures; `make bench` runs them all (`python -m bench`)."""
