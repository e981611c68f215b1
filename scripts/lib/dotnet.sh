# shellcheck shell=bash
# The .NET SDK is not in Debian's archive, so it cannot be installed from here: check for it and
# say what is needed. NuGet packages are restored by the build itself.

dotnet_ensure_available() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
  fi
  local sdk
  sdk=$(dotnet --list-sdks | awk '{print $1}' | grep -E '^10\.' | tail -n 1 || true)
  if [ -z "$sdk" ]; then
    echo "The .NET 10 SDK is required; found: $(dotnet --list-sdks | awk '{print $1}' | tr '\n' ' ')" >&2
    exit 1
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Office calendars use IANA time zones (America/Mexico_City, America/Ciudad_Juarez), which .NET
# reads from the system's tzdata; minimal Debian images leave it out.
tzdata_ensure_installed() {
  [ -e /usr/share/zoneinfo/America/Ciudad_Juarez ] && return 0
  echo "[setup] time zone data missing; installing Debian's tzdata package" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tzdata >/dev/null
}

