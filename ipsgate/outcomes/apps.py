from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ipsgate.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
