"""`python -m bench`: every benchmark in turn."""

from bench import due_dates, signatures

due_dates.run()
signatures.run()
