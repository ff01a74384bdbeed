from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "ipsgate.mentoring"
    verbose_name = "Peer mentoring"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
