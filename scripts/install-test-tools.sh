#!/usr/bin/env bash
# Installs the system programs the tests drive for real: Prometheus + promtool (rule tests and the
# real-Prometheus query test), Chromium (report and plugin page tests) and kubectl (Debian's
# kubernetes-client: the playground test drives the API simulator with it) from Debian's packages,
# and builds the OpenTelemetry Collector the end-to-end tests run (scripts/build-collector.sh, from
# the Go module proxy; cached, so a second run costs nothing). Nothing is downloaded by a test
# tool itself. Skips what is already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's prometheus package would start a daemon on :9090 where an init system runs; tests start
  # their own on free loopback ports, so make sure none is left holding the default port.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    $SUDO systemctl stop prometheus || true
  fi
fi

"$here/build-collector.sh" >/dev/null
