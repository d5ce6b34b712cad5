#!/usr/bin/env bash
# Debian packages Tadrib needs beyond Python and Node: gettext (compiles the
# translations), Chromium (browser tests) and fonts with Arabic and Turkish glyphs.
# Installs what is missing when run as root; otherwise says exactly what to install.
set -euo pipefail
want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
# PDFs (WeasyPrint): Pango, and fonts with Arabic and Turkish glyphs.
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || want+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-noto-core >/dev/null 2>&1 || want+=(fonts-noto-core)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || want+=(chromium)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${want[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
else
  echo "Missing Debian packages: ${want[*]}" >&2
  echo "Install them with: sudo apt-get install ${want[*]}" >&2
  exit 1
fi
