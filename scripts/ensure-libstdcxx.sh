#!/usr/bin/env bash
# Makes sure the C++ runtime that TorchSharp 0.107's native library needs (GLIBCXX_3.4.32) is present.
# Idempotent: does nothing when the installed libstdc++ already exports that symbol version.
# On Debian 12 (bookworm) it adds the 'trixie' suite at pin priority 100 and upgrades libstdc++6 from it. Trixie's
# libstdc++6 needs trixie's libc6 (>= 2.38), which in turn Breaks bookworm's base-files and locales, so apt also takes
# base-files, libc6, locales, dpkg, the GCC runtime family and zstd from trixie; afterwards /etc/os-release says
# Debian 13 (trixie). The script lists every such package (name, old and new version) before it installs them.
# Later install steps must not read the release from /etc/os-release: scripts/apt-own-release.sh reads it from the
# machine's apt sources. No route that changes less was found in the registries this project can use (Debian's,
# NuGet, npm): Debian has no GCC >= 13 libstdc++6 built against bookworm's libc6 (README, "Why the set-up touches
# the system").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/apt-own-release.sh

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

RELEASE="$(own_release)"
if [[ "$RELEASE" != "bookworm" ]]; then
  echo "[setup] ERROR: libstdc++ lacks $NEEDED and this is not Debian 12 (apt sources name '${RELEASE:-nothing}');" \
       "install a GCC >= 13 libstdc++6 with your package manager. Nothing was changed." >&2
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

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# What apt will take from trixie, listed before anything is installed.
PLAN="$(apt-get -s install -t trixie libstdc++6 | awk '/^Inst / {
  old = ""; if ($3 ~ /^\[/) { old = $3; gsub(/[][]/, "", old); new = $4 } else new = $3
  sub(/^\(/, "", new); printf "[setup]   %-14s %s\n", $2, (old == "" ? "(new) " : old " -> ") new }')"
echo "[setup] libstdc++ lacks $NEEDED (TorchSharp 0.107's libtorch needs GCC >= 13's runtime). Installing from Debian 13"
echo "[setup] (trixie, pinned at priority 100 so nothing else follows it) these $(grep -c . <<<"$PLAN") packages:"
echo "$PLAN"
apt-get install -y -qq -t trixie libstdc++6 >/dev/null
if has_symbol; then
  echo "[setup] libstdc++ now provides $NEEDED"
  echo "[setup] /etc/os-release now says: $(. /etc/os-release && echo "$PRETTY_NAME") (base-files came from trixie);" \
       "the apt sources still name $RELEASE, and later installs take packages from $RELEASE only."
else
  echo "[setup] ERROR: libstdc++ still lacks $NEEDED after the upgrade" >&2
  exit 1
fi
