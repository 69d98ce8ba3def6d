"""`python -m bench.submit`: the submission benchmark (see the package's docstring)."""

from bench.submit.run import run

run()
