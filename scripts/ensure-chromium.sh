#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no browser download from Playwright). Install it if it is missing.
set -euo pipefail
CHROMIUM=${IPSGATE_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
echo "ensure-chromium: $CHROMIUM not found; installing Debian's chromium package" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM is still missing after installing chromium" >&2; exit 1; }
