from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "ipsgate.journey"
    label = "journey"
    verbose_name = "Through-the-gate journey"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
