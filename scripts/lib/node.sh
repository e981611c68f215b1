# shellcheck shell=bash
# Spectral (the OpenAPI lint the contract tests run) is an npm package: Node.js and npm come from
# Debian's archive when missing, Spectral from the lock file in tools/spectral, installed once per
# change of that lock file.

spectral_ensure_installed() {
  local dir="tools/spectral"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "[setup] Node.js or npm missing; installing Debian's nodejs and npm packages" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
  fi
  local stamp="$dir/node_modules/.installed-from-lock"
  if [ -x "$dir/node_modules/.bin/spectral" ] && [ -e "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    return 0
  fi
  echo "[setup] installing Spectral into $dir (npm ci)" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$dir/package-lock.json" "$stamp"
}
