from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ipsgate.privacy"
    label = "privacy"
    verbose_name = "Data protection"
