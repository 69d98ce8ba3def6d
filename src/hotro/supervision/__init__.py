"""Supervision: statistics counters, the statistics service and the overdue lists."""
