"""Console entry point: `ipsgate <command>` is `manage.py <command>` with ipsgate's settings.

`ipsgate migrate` runs `ipsgate preflight` first (database reachable, Django's deployment checks, the migrations
about to be applied, a reminder to back up) and migrates only if it passes; `--skip-preflight` skips it."""

import os
import sys

SKIP_PREFLIGHT = "--skip-preflight"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsgate.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] == "migrate" and not any(a in ("-h", "--help") for a in argv):
        if SKIP_PREFLIGHT in argv:
            argv.remove(SKIP_PREFLIGHT)
        else:
            execute_from_command_line([argv[0], "preflight"])  # exits with status 1 on a problem
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
