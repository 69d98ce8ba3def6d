"""pytest plugin (pyproject: addopts `-p hotro.testenv`): the tests run as the demo does
(HOTRO_ENV=demo: plain HTTP, the embedded key). It is loaded before pytest-django reads the
settings, which a conftest is not; processes the tests start inherit it."""

from __future__ import annotations

import os

os.environ["HOTRO_ENV"] = "demo"
