"""Benchmarks and the load-and-fault run: bench-only code, never imported by the apps."""
