#!/usr/bin/env bash
# Installs what the test suite needs beyond Go and Java, only when it is missing, from
# Debian's packages: chromium and a font with the report's glyphs (the HTML report is
# rendered headless in the tests), openssl (jwtcore's interop tests sign and verify
# with it), zsh and fish (the shell completion scripts are checked by the shells
# themselves), and a C compiler (`go test -race` needs cgo). Go modules come with `go test`, the search engines' artifacts (and a Java
# they run on, if missing) with testenv/opensearch/run.sh and testenv/elasticsearch/run.sh.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The font file itself: fc-list is absent until the fontconfig package is installed, and
# `fc-list | grep -q` fails under pipefail when grep closes the pipe early.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v fish >/dev/null 2>&1 || need+=(fish)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev) # go test -race needs cgo
if [ ${#need[@]} -gt 0 ]; then
  echo "testenv/setup.sh: installing ${need[*]} from Debian's packages" >&2
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
