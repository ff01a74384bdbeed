from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "ipsgate.employers"
    label = "employers"
    verbose_name = "Employers"
