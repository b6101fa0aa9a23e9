#!/bin/sh
# Installs what report's browser test (TestHTMLInChromium) needs: Debian's chromium and a
# font with the glyphs the report uses. Run as root; does nothing when chromium is there.
set -eu
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "DejaVu Sans"; then
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
chromium --version
