"""`hotro serve` says where the service is once it answers, not before: a small process beside
gunicorn asks the home page until the first answer, then prints the address (or, after the
timeout, that nothing answered). Run as `python -m hotro.core.readiness URL [SECONDS]`."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.25


def first_answer(url: str, timeout: float) -> int | None:
    """The HTTP status of the first answer from `url` within `timeout` seconds (a server
    error does not count: the service is not ready), or None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (our own URL)
                return int(answer.status)
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return int(exc.code)
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(POLL_SECONDS)
    return None


def main(argv: list[str]) -> int:
    base = argv[0].rstrip("/")
    timeout = float(argv[1]) if len(argv) > 1 else 120.0
    if first_answer(base + "/", timeout) is None:
        print(f"Hỗ trợ: {base}/ did not answer within {timeout:.0f} s", file=sys.stderr)
        return 1
    print(f"Hỗ trợ is ready: {base}/  (API docs: {base}/api/docs)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
