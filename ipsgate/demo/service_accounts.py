"""The demo's service account (issue 20): a system that would read the outcomes API with a token. It has no token:
signed in as admin1, *API tokens → Add* issues one and shows its key once."""

from __future__ import annotations

from ipsgate.core.choices import Role
from ipsgate.core.models import User

DEMO_SERVICE_ACCOUNT = "outcomes-feed"


def write_demo_service_accounts() -> list[User]:
    account = User(
        username=DEMO_SERVICE_ACCOUNT,
        first_name="Outcomes",
        last_name="feed (service account)",
        role=Role.ANALYST,
        is_service_account=True,
        email=f"{DEMO_SERVICE_ACCOUNT}@ipsgate.invalid",
    )
    account.set_unusable_password()
    account.save()
    return [account]
