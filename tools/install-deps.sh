#!/usr/bin/env bash
# Installs the Debian 12 packages displace needs, and only those that are missing.
# Idempotent and quiet when everything is present. Uses sudo when not root.
# Build, test and notebook dependencies, Open MPI included (the release preset builds with MPI).
set -euo pipefail

packages=(
  build-essential cmake git pkg-config ca-certificates
  libgdal-dev gdal-bin libhdf5-dev libeigen3-dev libyaml-cpp-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy clang libclang-rt-14-dev libomp-dev
  python3 python3-numpy python3-h5py python3-netcdf4 python3-xarray python3-pandas
  python3-matplotlib python3-pytest python3-nbconvert python3-nbclient python3-ipykernel
  python3-nbformat python3-venv python3-pip python3-setuptools python3-wheel
  locales libopenmpi-dev openmpi-bin
  chromium  # headless, renders `displace report` in the test suite (PNG, PDF)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-deps: need root to install: ${missing[*]}" >&2
    echo "install-deps: run as root, or install sudo, or install those packages yourself" >&2
    exit 1
  fi
}

if ((${#missing[@]} > 0)); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: apt-get not found; this script supports Debian 12 (bookworm)." >&2
    echo "install-deps: missing packages: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get update -qq; then
    echo "install-deps: apt-get update failed (network? sources.list?)" >&2
    exit 1
  fi
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "install-deps: apt-get install failed for: ${missing[*]}" >&2
    exit 1
  fi
fi

# The scenario tests check number parsing under a German locale (decimal comma).
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "install-deps: generating the de_DE.UTF-8 locale (used by the locale tests)"
  as_root sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
  as_root locale-gen >/dev/null
fi
