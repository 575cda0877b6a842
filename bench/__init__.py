"""Benchmarks of the hub (issue 7): `make bench`, `python -m bench.run`; see docs/performance.md."""
