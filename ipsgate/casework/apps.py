from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The pages that combine several domain apps: My caseload, the participant list and summary, referral intake
    with its evaluation arm, To do, team caseloads and the service overview. It sits above the domain apps (see
    docs/architecture.md) and owns the registry they fill in with their sections, timeline entries and flags."""

    name = "ipsgate.casework"
    label = "casework"
    verbose_name = "Casework pages"
