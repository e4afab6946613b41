#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the Debian test dependencies, then build and
# run every module's tests against the real registry, skopeo, dockerd and podman.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-deps.sh
exec mvn -B verify "$@"
