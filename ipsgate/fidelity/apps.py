from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "ipsgate.fidelity"
    label = "fidelity"
    verbose_name = "Fidelity reviews"
