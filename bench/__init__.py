"""Benchmarks (`make bench`). Not part of the test run; each writes its results with the data
size, the machine and a baseline measured in the same run to bench/results/."""
