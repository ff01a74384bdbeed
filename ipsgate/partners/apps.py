from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ipsgate.partners"
    label = "partners"
    verbose_name = "Partners and signposting"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
