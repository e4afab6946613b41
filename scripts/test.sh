#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the Debian test dependencies, then build and
# run every module's tests against the real registry, skopeo, dockerd and podman; then run the
# engine's tests (core, with the test kit) a second time on the OkHttp / Okio / Kotlin / Jackson
# versions a real Jenkins gives the plugin through okhttp-api and jackson2-api (-Pjenkins-runtime-libs,
# versions in the root pom's jenkins-runtime.* properties, the AWS SDK of aws-java-sdk2-core too). `clean` makes
# that pass compile the engine and its tests against those libraries, not reuse the first pass's classes.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-deps.sh
mvn -B verify "$@"
mvn -B -Pjenkins-runtime-libs -pl testkit,core clean test "$@"
