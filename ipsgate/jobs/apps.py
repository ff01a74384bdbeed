from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ipsgate.jobs"
    label = "jobs"
    verbose_name = "Jobs"
