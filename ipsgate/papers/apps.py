from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "ipsgate.papers"
    verbose_name = "The person's own papers"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
