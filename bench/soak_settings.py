"""`make soak`'s own process: the production settings plus the demo app, whose `generate` command fills the throwaway
database. The gunicorn it starts runs on `ipsgate.settings.production` alone, as deployed."""

from ipsgate.settings.production import *

INSTALLED_APPS = [*INSTALLED_APPS, "ipsgate.demo"]
