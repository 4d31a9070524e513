#!/usr/bin/env bash
# Sourced by the set-up scripts: apt installs that take packages from the machine's own release only.
#
# The machine's own release is read from its apt sources (/etc/apt/sources.list and sources.list.d/, except the
# eosnet-* files that our set-up adds), never from /etc/os-release: on Debian 12 the libstdc++ step
# (scripts/ensure-libstdcxx.sh) upgrades base-files from trixie, after which /etc/os-release says Debian 13 although
# the machine is still a bookworm system with trixie pinned at priority 100.
#
#   own_suites                   the suites of the machine's own apt sources, one a line (bookworm, bookworm-updates, ...)
#   own_release                  the first of them without a '-' (the release's codename, e.g. bookworm)
#   apt_install_own_release P..  installs packages with apt's default priorities (the machine's own release at 500,
#                                the pinned trixie at 100), after checking on a simulation that every package to be
#                                installed comes from one of own_suites; refuses, naming the packages, otherwise.
#
# APT_DIR (default /etc/apt) is where the sources are read; the tests point it at a fixture.

_apt_dir() { echo "${APT_DIR:-/etc/apt}"; }

own_suites() {
  local dir; dir="$(_apt_dir)"
  local files=()
  [[ -f "$dir/sources.list" ]] && files+=("$dir/sources.list")
  local f
  for f in "$dir"/sources.list.d/*.list "$dir"/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    case "$(basename "$f")" in eosnet-*) continue ;; esac
    files+=("$f")
  done
  [[ ${#files[@]} -gt 0 ]] || return 0
  awk '
    FILENAME ~ /\.sources$/ && /^Suites:/ { for (i = 2; i <= NF; i++) print $i; next }
    FILENAME ~ /\.list$/ && /^[[:space:]]*deb[[:space:]]/ {
      i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      print $(i + 1)
    }' "${files[@]}" | awk '!seen[$0]++'
}

own_release() {
  own_suites | awk '!/-/ { print; exit }'
}

# Prints "name version" for each package that an `apt-get -s install` output (stdin) would install or upgrade.
_apt_planned() {
  awk '/^Inst / { v = $3; if (v ~ /^\[/) v = $4; sub(/^\(/, "", v); n = $2; sub(/:.*/, "", n); print n, v }'
}

apt_install_own_release() {
  local suites; suites="$(own_suites)"
  if [[ -z "$suites" ]]; then
    echo "[apt] ERROR: no apt sources of the machine's own release found under $(_apt_dir)" >&2; return 1
  fi
  local simulation
  if ! simulation="$(apt-get -s install "$@" 2>&1)"; then
    apt-get update -q >/dev/null
    if ! simulation="$(apt-get -s install "$@" 2>&1)"; then
      echo "[apt] ERROR: apt cannot install $* from the machine's own release ($(own_release)):" >&2
      grep -E '^(E:|W:| )' <<<"$simulation" >&2 || true
      return 1
    fi
  fi
  local plan; plan="$(_apt_planned <<<"$simulation")"
  if [[ -n "$plan" ]]; then
    # apt-cache madison: "name | version | URI suite/component arch Packages", one line per source of each version.
    local sources; sources="$(apt-cache madison $(awk '{print $1}' <<<"$plan") 2>/dev/null)"
    local foreign
    foreign="$(awk -v suites="$suites" '
      BEGIN { n = split(suites, s, "\n"); for (i = 1; i <= n; i++) own[s[i]] = 1 }
      NR == FNR { want[$1 " " $2] = 1; names[NR] = $1 " " $2; next }
      {
        split($0, col, "|"); name = col[1]; ver = col[2]; src = col[3]
        gsub(/^ +| +$/, "", name); gsub(/^ +| +$/, "", ver)
        m = split(src, w, " "); suite = w[2]; sub(/\/.*/, "", suite)
        if ((name " " ver) in want && suite in own) ok[name " " ver] = 1
      }
      END { for (i = 1; i in names; i++) if (!(names[i] in ok)) print names[i] }
    ' <(printf '%s\n' "$plan") <(printf '%s\n' "$sources"))"
    if [[ -n "$foreign" ]]; then
      echo "[apt] ERROR: installing $* would take packages from outside the machine's own release" \
           "($(paste -sd ' ' <<<"$suites")):" >&2
      sed 's/^/[apt]   /' <<<"$foreign" >&2
      echo "[apt] Nothing was installed. Install these packages from your release by hand, or report this." >&2
      return 1
    fi
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; then
    # A stale package list names versions the mirror no longer has: update once, then check and install again.
    [[ "${_APT_RETRIED:-0}" = 1 ]] && return 1
    apt-get update -q >/dev/null
    _APT_RETRIED=1 apt_install_own_release "$@"
  fi
}
