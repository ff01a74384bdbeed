#!/usr/bin/env python
"""Django's command-line utility; the same as the `ipsgate` console command."""

from ipsgate.__main__ import main

if __name__ == "__main__":
    main()
