#!/usr/bin/env bash
# Installs the Debian packages Nash needs, when they are missing:
#   libopenblas-dev, liblapacke-dev  BLAS and LAPACK (the numerical kernels)
#   pkg-config                       how SwiftPM finds OpenBLAS
#   lrslib                           lrsnash, the exact oracle the tests cross-check against
# Safe to run again: it installs nothing when everything is present.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev pkg-config lrslib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "setup: need root to install ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
