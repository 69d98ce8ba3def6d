"""`python -m bench`: every benchmark in turn. The supervision benchmark needs PostgreSQL
(`BENCH_DATABASE_URL`, see bench/stats.py)."""

from bench import due_dates, stats

due_dates.run()
stats.run()
