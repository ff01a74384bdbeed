from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "ipsgate.mentoring"
    verbose_name = "Peer mentoring"
