from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ipsgate.imports"
    label = "imports"
    verbose_name = "Bulk import"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
