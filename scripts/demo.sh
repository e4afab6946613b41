#!/usr/bin/env bash
# The main job, end to end, on this machine only (127.0.0.1):
#   installs what it needs, builds, starts a registry with token auth over TLS and a token
#   server, pushes a multi-platform sample image, pulls it with credentials through the engine
#   into an OCI layout, prints the verified digest and where the image went, stops everything.
# The demo password travels from the registry fixture to the engine through pipes only: no
# file, no command-line argument, no environment variable.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-test-deps.sh
echo "demo: building (mvn package, tests skipped)"
mvn -B -q -DskipTests package -pl cli,testkit -am
mvn -B -q dependency:build-classpath -pl testkit -Dmdep.outputFile=target/demo-classpath.txt >/dev/null
classpath="testkit/target/classes:$(cat testkit/target/demo-classpath.txt)"

out="$(pwd)/target/demo/app-oci"
rm -rf "$out"
mkdir -p "$(dirname "$out")"

coproc DEMO { exec java -cp "$classpath" io.jenkins.registrypull.testkit.DemoRegistry; }
demo_pid=$DEMO_PID
stop() { kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; }
trap stop EXIT

read -r ready host ca user password <&"${DEMO[0]}"
[ "$ready" = "READY" ] || { echo "demo: the registry did not start" >&2; exit 1; }
echo "demo: registry with token auth over TLS at https://$host (pid $demo_pid), user '$user'"

image="$host/demo/app:1.0"
echo "demo: pulling $image with the engine (password on stdin)"
result=$(printf '%s' "$password" | java -jar cli/target/registry-pull.jar pull "$image" \
  --username "$user" --password-stdin --ca-cert "$ca" --output "oci:$out" --store "$(pwd)/target/demo/store")
unset password

echo "$result"
digest=$(jq -r .digest <<<"$result")
manifest=$(jq -r .manifestDigest <<<"$result")
platform=$(jq -r .platform <<<"$result")
echo
echo "demo: verified $image"
echo "demo:   index digest    $digest"
echo "demo:   manifest digest $manifest ($platform)"
echo "demo:   OCI layout at   $out"
stop
trap - EXIT
echo "demo: registry and token server stopped"
