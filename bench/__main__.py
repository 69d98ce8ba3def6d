"""`python -m bench`: every benchmark in turn."""

from bench import due_dates

due_dates.run()
