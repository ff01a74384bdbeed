from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ipsgate.demo"
    label = "demo"
    verbose_name = "Synthetic data"
