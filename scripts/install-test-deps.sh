#!/usr/bin/env bash
# Installs the real parts the tests and the demo run against, from Debian's packages.
# Idempotent; needs root (or sudo). Installing starts no service: every test starts its own
# registry, dockerd or podman on 127.0.0.1 with private directories, and stops it by pid.
set -euo pipefail

packages=(
  docker-registry   # the CNCF distribution registry (2.8) under test
  skopeo            # cross-checks digests; benchmark peer
  docker.io         # dockerd 20.10 + containerd: `docker load` target, `docker pull` peer
  podman            # `podman load` target
  apache2-utils     # htpasswd -B for the registry's bcrypt password file
  socat netcat-openbsd  # the credential helper's tools on the agent
  busybox           # the pod-container simulation (withRegistryAuth in a busybox-only container)
  openssl jq curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-test-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-test-deps: done"
