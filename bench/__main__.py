"""`python -m bench`: every benchmark in turn, each in its own process (each sets Django up
on its own database). The supervision and submission benchmarks need PostgreSQL (see
bench/stats.py, bench/dataset.py and bench/submit/)."""

import subprocess
import sys

for name in ("due_dates", "signatures", "stats", "submit"):
    subprocess.run([sys.executable, "-m", f"bench.{name}"], check=True)  # noqa: S603
