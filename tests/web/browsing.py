"""The browser tests' plumbing: Debian's Chromium through Playwright, and a tab that records
console errors and Content-Security-Policy violations and takes named screenshots.

No browser is downloaded: `/usr/bin/chromium` is used (`.ci/run` installs it). When it is
missing the tests are skipped with the reason, except in CI (`CI` set), where they fail."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotro.accounts.models import User
from tests.web.helpers import otp_code

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "secret-password-1"
ACCESS_CHECK = """() => {
  const unnamed = [];
  for (const el of document.querySelectorAll("input, select, textarea, button")) {
    if (el.type === "hidden" || el.getClientRects().length === 0) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent.trim());
    if (!named) unnamed.push(el.outerHTML.slice(0, 120));
  }
  const skip = document.querySelector("a.skip");
  return {
    lang: document.documentElement.lang,
    h1: document.querySelectorAll("h1").length,
    skip: !!skip && !!document.querySelector(skip.getAttribute("href")),
    unnamed: unnamed,
  };
}"""
# Every document reports what the policy blocked (the event fires for each blocked script,
# style, image, connection, form target or frame) to the test, whatever the page does.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.hotroCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.documentURI}` +
    (e.sample ? ` (${e.sample})` : ""));
});
"""
CSP_CONSOLE = re.compile(r"Content.Security.Policy|Refused to (apply|execute|load|connect|frame)")


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI needs it for the browser tests")
    pytest.skip(f"{reason}: the browser tests were skipped")


def launch() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page steps are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class Tab:
    """A page that records console errors, Content-Security-Policy violations and documents
    served without the policy, and takes named screenshots. `close` fails on any of them."""

    def __init__(self, browser: Any, base: str, *, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN"
        )
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.unprotected: list[str] = []
        self.context.expose_function("hotroCspViolation", self._violation)
        self.context.add_init_script(CSP_LISTENER)
        self.page = self.context.new_page()
        self.base = base
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.on("response", self._response)
        self.page.on("dialog", lambda d: d.accept())
        self.page.set_default_timeout(15_000)

    def _violation(self, text: str) -> None:
        self.violations.append(text)

    def _console(self, message: Any) -> None:
        if CSP_CONSOLE.search(message.text):
            self.violations.append(f"{self.page.url}: {message.text}")
        elif message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def _response(self, response: Any) -> None:
        if response.request.resource_type == "document" and response.url.startswith(self.base):
            policy = response.headers.get("content-security-policy", "")
            if "default-src 'self'" not in policy or "frame-ancestors 'none'" not in policy:
                self.unprotected.append(f"{response.status} {response.url}: {policy!r}")

    def expected_status(self, status: int) -> None:
        """A page answered `status` on purpose: Chromium's console line for it is no error."""
        said = f"the server responded with a status of {status}"
        self.errors = [e for e in self.errors if said not in e]

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def shot(self, name: str) -> None:
        self.check_access()
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def check_access(self) -> None:
        """WCAG basics on the page as it stands: a language, one h1, a skip link to the main
        content, and a name for every visible form control."""
        found = self.page.evaluate(ACCESS_CHECK)
        assert found["lang"] in ("vi", "en"), found
        assert found["h1"] == 1, found
        assert found["skip"], found
        assert found["unnamed"] == [], (self.page.url, found["unnamed"])

    def login(self, user: User, *, second_factor: bool = False) -> None:
        self.go("/dang-nhap/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        if second_factor:
            self.page.wait_for_url(re.compile(r".*/xac-thuc/$"))
            self.page.fill("#id_token", otp_code())
            self.page.get_by_role("button", name="Xác nhận").click()
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()
        assert self.violations == [], self.violations
        assert self.unprotected == [], self.unprotected
        assert self.errors == [], self.errors
