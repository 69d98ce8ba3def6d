from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "hotro.signatures"
    label = "signatures"

    def ready(self) -> None:
        from hotro.signatures import trust  # noqa: F401 (registers the revocation mode check)
