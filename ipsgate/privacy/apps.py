from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ipsgate.privacy"
    label = "privacy"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
