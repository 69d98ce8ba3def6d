"""`python -m bench`: every benchmark in turn. The supervision benchmark needs PostgreSQL
(`BENCH_DATABASE_URL`, see bench/stats.py)."""

from bench import due_dates, signatures, stats

due_dates.run()
signatures.run()
stats.run()
