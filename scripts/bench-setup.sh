#!/usr/bin/env bash
# Installs what `npm run bench` compares ScaleTrace with, pinned, and never from `npm run test:all`:
#   nginx + wrk   Debian's packages (the loopback target and the C reference), when missing
#   Locust        PyPI, into a venv:           $cache/locust/bin/locust
#   Vegeta        Go module proxy, go install: $cache/bin/vegeta
# autocannon is a root devDependency (npm ci). Idempotent: a second run checks versions and exits
# within a second. SCALETRACE_BENCH_TOOLS moves the cache (default: .cache/bench-tools in the
# repository); the bench reads the same variable.
#
#   scripts/bench-setup.sh            install what is missing, print the versions
#   scripts/bench-setup.sh --no-apt   leave Debian's packages alone (no root)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${SCALETRACE_BENCH_TOOLS:-$root/.cache/bench-tools}"
# Pinned peers (docs/performance.md "Method"). Change a version here and rerun: it reinstalls.
LOCUST_VERSION="2.47.0"
VEGETA_VERSION="v12.13.0"

apt=1
case "${1:-}" in
  "") ;;
  --no-apt) apt=0 ;;
  *) echo "bench-setup: unknown argument '$1' (only --no-apt)" >&2; exit 2 ;;
esac

mkdir -p "$cache/bin"

if [ "$apt" = 1 ]; then
  missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    echo "bench-setup: apt-get install ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian's nginx package starts a daemon on :80 where an init system runs; the bench starts its own.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
      $SUDO systemctl stop nginx || true
    fi
  fi
fi

# Locust: one venv per pinned version, recorded in VERSION (a changed pin rebuilds it).
locust_dir="$cache/locust"
if [ "$(cat "$locust_dir/VERSION" 2>/dev/null || true)" != "$LOCUST_VERSION" ] || ! "$locust_dir/bin/locust" --version >/dev/null 2>&1; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "bench-setup: python3 is missing (apt-get install -y python3 python3-venv): Locust not installed" >&2
  else
    echo "bench-setup: installing locust==$LOCUST_VERSION into $locust_dir (PyPI) …" >&2
    rm -rf "$locust_dir"
    python3 -m venv "$locust_dir"
    "$locust_dir/bin/pip" install --quiet --disable-pip-version-check "locust==$LOCUST_VERSION" >&2
    "$locust_dir/bin/pip" freeze --disable-pip-version-check > "$locust_dir/pip-freeze.txt"
    echo "$LOCUST_VERSION" > "$locust_dir/VERSION"
  fi
fi

# Vegeta: built from the Go module proxy with the local Go toolchain (go install sets no version
# string in the binary, so the pinned version is recorded beside it).
if [ "$(cat "$cache/bin/vegeta.version" 2>/dev/null || true)" != "$VEGETA_VERSION" ] || [ ! -x "$cache/bin/vegeta" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "bench-setup: Go is missing (need Go >= 1.22 to build Vegeta): Vegeta not installed" >&2
  else
    echo "bench-setup: go install github.com/tsenart/vegeta/v12@$VEGETA_VERSION into $cache/bin …" >&2
    GOBIN="$cache/bin" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" >&2
    # go install names the binary after the module's last element that is not a major version: vegeta.
    echo "$VEGETA_VERSION" > "$cache/bin/vegeta.version"
  fi
fi

printf 'nginx      %s\n' "$( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1 || echo missing) | head -1)"
printf 'wrk        %s\n' "$( (wrk -v 2>&1 || true) | grep -o 'wrk [^ ]*' | head -1 || echo missing)"
printf 'locust     %s\n' "$("$locust_dir/bin/locust" --version 2>/dev/null | head -1 || echo missing)"
printf 'vegeta     %s (%s)\n' "$(cat "$cache/bin/vegeta.version" 2>/dev/null || echo missing)" "$cache/bin/vegeta"
