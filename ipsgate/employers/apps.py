from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "ipsgate.employers"
    label = "employers"
    verbose_name = "Employers"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
