import datetime as dt

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hotro.core"
    label = "core"

    def ready(self) -> None:
        from hotro import env
        from hotro.core import clock

        start = env.CLOCK_START.get().strip()
        if start:
            clock.start_at(dt.datetime.fromisoformat(start))
