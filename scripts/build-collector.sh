#!/usr/bin/env bash
# Builds ScaleTrace's OpenTelemetry Collector and prints the binary's path (nothing else on stdout).
#
# The sources in otel-collector/distribution/ are what the OpenTelemetry Collector Builder (ocb)
# generates from manifest.yaml there, committed with go.sum so every build takes the same module
# versions. The binary is cached under a hash of those files: a build happens only when they
# change (cold ~10 min on 2 cores, with the module downloads; warm: instant).
#
#   scripts/build-collector.sh               build if needed, print the path
#   scripts/build-collector.sh --regenerate  after editing manifest.yaml: run ocb to rewrite the
#                                            sources and go.sum, then build
#
# Needs Go >= 1.26 and the Go module proxy. SCALETRACE_COLLECTOR_CACHE moves the cache
# (default: .cache/otelcol in the repository).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/otel-collector/distribution"
cache="${SCALETRACE_COLLECTOR_CACHE:-$root/.cache/otelcol}"
# The ocb release that generated the sources: the same release as every component in the manifest.
ocb_version="v0.161.0"

if ! command -v go >/dev/null 2>&1; then
  echo "build-collector: Go is not installed (need Go >= 1.26 to build the collector)" >&2
  exit 1
fi

if [ "${1:-}" = "--regenerate" ]; then
  GOBIN="$cache/ocb-$ocb_version" go install "go.opentelemetry.io/collector/cmd/builder@$ocb_version" >&2
  (cd "$src" && rm -f go.mod go.sum ./*.go && "$cache/ocb-$ocb_version/builder" --config manifest.yaml --skip-compilation) >&2
elif [ -n "${1:-}" ]; then
  echo "build-collector: unknown argument '$1' (only --regenerate)" >&2
  exit 2
fi

stamp="$(cd "$src" && cat manifest.yaml go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
out="$cache/$stamp/otelcol-scaletrace"
if [ ! -x "$out" ]; then
  mkdir -p "$cache/$stamp"
  echo "build-collector: building otelcol-scaletrace ($ocb_version) from otel-collector/distribution …" >&2
  started=$(date +%s)
  # -mod=readonly: go.sum is the lock; a build never rewrites it.
  (cd "$src" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$out.tmp" .) >&2
  mv "$out.tmp" "$out"
  echo "build-collector: built in $(( $(date +%s) - started )) s" >&2
fi
echo "$out"
