from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ipsgate.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
