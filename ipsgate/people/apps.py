from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ipsgate.people"
    label = "people"
    verbose_name = "Participants, referrals and episodes"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
