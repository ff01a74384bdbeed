from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "ipsgate.advice"
    label = "advice"
    verbose_name = "Disclosure and benefits advice"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
