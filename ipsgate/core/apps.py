from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ipsgate.core"
    label = "core"
    verbose_name = "Staff, sites and audit"

    def ready(self) -> None:
        from .security import connect_signals

        connect_signals()
