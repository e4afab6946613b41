#!/usr/bin/env bash
# The benchmark: engine vs skopeo, docker pull and jib-core on one machine, alternating, in one run.
#
#   bench/run.sh                      # everything (about 30-40 minutes on 2 cores)
#   bench/run.sh --runs 3 --sections steady,oneshot
#   BENCH_LAYER_MIB=16 BENCH_IGNORE_LOAD=1 bench/run.sh --runs 1 --warmup 0   # a smoke test of the harness
#
# Needs (as for the tests: scripts/install-test-deps.sh): docker-registry, skopeo, docker.io (dockerd,
# run as root), curl, time. Everything listens on 127.0.0.1 and is stopped by its pid at the end.
# Results: Markdown on stdout and in $BENCH_WORK/results.md (a temp dir, kept; delete it when done).
# Every client pulls with an anonymous pull token: no credential exists anywhere during the run.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in /usr/bin/docker-registry /usr/bin/skopeo /usr/sbin/dockerd /usr/bin/docker /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-test-deps.sh; apt-get install time curl)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "bench: run as root (dockerd, and /etc/docker/certs.d for docker pull)" >&2; exit 1; }

echo "bench: building (mvn -Pbench package)" >&2
mvn -B -q -Pbench -pl testkit,core,cli,bench -am package -DskipTests

# Other builds share this machine: start only when it is quiet (the harness checks again per section).
for _ in $(seq 1 "$([ -n "${BENCH_IGNORE_LOAD:-}" ] && echo 0 || echo "${BENCH_MAX_WAIT_MIN:-5}")"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v l="$load" 'BEGIN { exit !(l < 0.7) }' && break
  echo "bench: load average $load, waiting 60 s for a quiet machine" >&2
  sleep 60
done

work=${BENCH_WORK:-$(mktemp -d /tmp/registry-pull-bench.XXXXXX)}
echo "bench: working in $work" >&2
classpath="bench/target/registry-pull-bench.jar:$(cat bench/target/classpath.txt)"
java -Xmx2g -cp "$classpath" io.jenkins.registrypull.bench.BenchMain --work "$work" \
  --cli-jar cli/target/registry-pull.jar --launcher bin/registry-pull \
  --layer-mib "${BENCH_LAYER_MIB:-200}" "$@"
echo "bench: results in $work/results.md; big files under $work can go: rm -rf $work" >&2
