"""`python -m bench`: every benchmark in turn. The supervision and submission benchmarks need
PostgreSQL (see bench/stats.py, bench/dataset.py and bench/submit.py)."""

from bench import due_dates, signatures, stats, submit

due_dates.run()
signatures.run()
stats.run()
submit.run()
