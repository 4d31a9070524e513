#!/usr/bin/env bash
# Makes sure the C++ runtime that TorchSharp 0.107's native library needs (GLIBCXX_3.4.32) is present.
# Idempotent: does nothing when the installed libstdc++ already exports that symbol version.
# On Debian 12 (bookworm) it adds the 'trixie' suite at pin priority 100 and upgrades libstdc++6 from it.
set -euo pipefail

NEEDED="GLIBCXX_3.4.32"

find_libstdcxx() {
  local candidates=(/usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6)
  for f in "${candidates[@]}"; do [[ -e "$f" ]] && { readlink -f "$f"; return 0; }; done
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}

has_symbol() {
  local lib; lib="$(find_libstdcxx)"
  [[ -n "$lib" ]] && grep -aq "$NEEDED" "$lib"
}

if has_symbol; then
  echo "[setup] libstdc++ provides $NEEDED: nothing to do"
  exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
  echo "[setup] ERROR: libstdc++ lacks $NEEDED (TorchSharp 0.107 needs GCC >= 13's runtime) and this script is not root." >&2
  echo "[setup] Run as root, or install libstdc++6 >= 13 yourself (Debian 12: from the trixie suite)." >&2
  exit 1
fi

if ! grep -qs "bookworm" /etc/os-release; then
  echo "[setup] ERROR: libstdc++ lacks $NEEDED and this is not Debian 12; install a GCC >= 13 libstdc++6 with your package manager." >&2
  exit 1
fi

SRC=/etc/apt/sources.list.d/debian.sources
URI="$(awk '/^URIs:/{u=$2} /^Suites:/ && /bookworm( |$)/{print u; exit}' "$SRC" 2>/dev/null || true)"
URI="${URI:-http://deb.debian.org/debian}"

if [[ ! -f /etc/apt/sources.list.d/eosnet-trixie.sources ]]; then
  cat > /etc/apt/sources.list.d/eosnet-trixie.sources <<SRCS
Types: deb
URIs: $URI
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRCS
fi
if [[ ! -f /etc/apt/preferences.d/eosnet-trixie.pref ]]; then
  cat > /etc/apt/preferences.d/eosnet-trixie.pref <<PREF
Package: *
Pin: release n=trixie
Pin-Priority: 100
PREF
fi

echo "[setup] installing libstdc++6 from trixie (needed for $NEEDED) ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t trixie libstdc++6 >/dev/null
if has_symbol; then
  echo "[setup] libstdc++ now provides $NEEDED"
else
  echo "[setup] ERROR: libstdc++ still lacks $NEEDED after the upgrade" >&2
  exit 1
fi
