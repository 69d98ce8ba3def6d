"""Every setting read from the environment is listed in .env.example, with its default."""

from __future__ import annotations

from pathlib import Path

from hotro import env


def test_env_example_lists_every_setting() -> None:
    text = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    for setting in env.ALL:
        assert f"\n{setting.name}={setting.default}\n" in text, setting.name
        assert setting.help
