#!/usr/bin/env bash
# Install the Debian packages the bench or the load test needs, if missing:
#   bench/system-packages.sh wrk           (make bench)
#   bench/system-packages.sh postgresql    (make loadtest)
set -euo pipefail
missing=()
for package in "$@"; do
  case "$package" in
    wrk) command -v wrk >/dev/null 2>&1 || missing+=(wrk) ;;
    postgresql) ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql) ;;
    *) dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} from Debian's packages"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
