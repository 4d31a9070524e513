#!/usr/bin/env bash
# Fails when an install step of the project could take Debian packages from a release other than the machine's own.
# Usage: scripts/check-apt-steps.sh [ROOT]   (default: the repository). Scans the shell scripts, Python scripts and
# CI files under ROOT. Rules (a comment line is ignored):
#   1. apt installs only through apt_install_own_release (scripts/apt-own-release.sh), which checks on a simulation
#      that every package comes from the machine's own release; the one exception is scripts/ensure-libstdcxx.sh, the
#      step that takes libstdc++6 from trixie on purpose.
#   2. no target release (-t, --target-release, APT::Default-Release) outside scripts/ensure-libstdcxx.sh;
#   3. no release read from /etc/os-release outside scripts/ensure-libstdcxx.sh (after the libstdc++ step on
#      Debian 12 that file says trixie).
# Prints one line per violation (file:line: rule) and exits 1 when there is any; exits 0 with a summary otherwise.
set -euo pipefail
ROOT="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
helper="scripts/apt-own-release.sh"; libstdcxx="scripts/ensure-libstdcxx.sh"
violations=0; scanned=0
while IFS= read -r -d '' file; do
  rel="${file#"$ROOT"/}"
  [[ "$rel" == scripts/check-apt-steps.sh ]] && continue   # this file names the patterns it looks for
  scanned=$((scanned + 1))
  while IFS= read -r hit; do
    line="${hit%%:*}"; text="${hit#*:}"
    code="$(sed -E 's/^[[:space:]]*#.*$//; s/[[:space:]]#[^"'"'"']*$//' <<<"$text")"
    [[ -z "${code// }" ]] && continue
    if [[ "$rel" != "$helper" && "$rel" != "$libstdcxx" ]] \
       && grep -qE '(^|[^[:alnum:]_-])apt(-get)?[[:space:]]+(-[^[:space:]]+[[:space:]]+)*install([[:space:]]|$)' <<<"$code" \
       && ! grep -qE '^[[:space:]]*(echo|printf)[[:space:]]' <<<"$code"; then
      echo "$rel:$line: apt install outside apt_install_own_release ($helper)"; violations=$((violations + 1))
    fi
    if [[ "$rel" != "$libstdcxx" ]] \
       && grep -qE '(^|[^[:alnum:]_-])apt(-get)?[[:space:]].*([[:space:]]-t[[:space:]]|--target-release|Default-Release)' <<<"$code"; then
      echo "$rel:$line: apt told a target release"; violations=$((violations + 1))
    fi
    if [[ "$rel" != "$libstdcxx" ]] && grep -q 'os-release' <<<"$code"; then
      echo "$rel:$line: release read from /etc/os-release"; violations=$((violations + 1))
    fi
  done < <(grep -nE 'apt|os-release' "$file" || true)
done < <(find "$ROOT" \( -name .git -o -name bin -o -name obj -o -name artifacts -o -name node_modules -o -name .tools \) -prune \
           -o -type f \( -name '*.sh' -o -name '*.py' -o -path '*/.ci/*' -o -name 'Dockerfile*' \) -print0)
if (( violations > 0 )); then
  echo "[check-apt] $violations install step(s) could take packages from outside the machine's own release"; exit 1
fi
echo "[check-apt] $scanned files: every apt install takes the machine's own release"
