#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; Playwright's own browser download
# cannot be used). Sourced by test.sh.

chromium_log() { printf '[chromium] %s\n' "$*" >&2; }

# Installs Debian's chromium package when /usr/bin/chromium is missing; does nothing otherwise.
chromium_ensure_installed() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  chromium_log "Chromium not found; installing Debian's chromium package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ]
}
