from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ipsgate.partners"
    label = "partners"
    verbose_name = "Partners and signposting"
