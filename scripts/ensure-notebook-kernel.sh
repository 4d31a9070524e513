#!/usr/bin/env bash
# Installs what executing the C# notebooks headless needs, idempotently: Jupyter's nbconvert/nbclient/ipykernel
# (Debian packages of the machine's own release, as root) and the .NET Interactive kernel (dotnet tool 1.0.712001 into .tools/, registered with
# Jupyter). Prints the reason and exits 1 when something cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import nbclient, nbconvert, ipykernel" 2>/dev/null; then
  echo "[notebooks] installing jupyter-nbconvert, python3-nbclient, python3-ipykernel (Debian) ..."
  if [ "$(id -u)" -ne 0 ]; then echo "[notebooks] ERROR: need root to install the Jupyter packages (Debian)" >&2; exit 1; fi
  # From the machine's own release with apt's default priorities, never from a suite read in /etc/os-release: after
  # the libstdc++ step on Debian 12 that file says trixie (scripts/apt-own-release.sh explains).
  source scripts/apt-own-release.sh
  apt_install_own_release jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client
fi
if [ ! -x .tools/dotnet-interactive ]; then
  echo "[notebooks] installing the .NET Interactive kernel (Microsoft.dotnet-interactive 1.0.712001) ..."
  dotnet tool install Microsoft.dotnet-interactive --version 1.0.712001 --tool-path .tools >/dev/null
fi
if ! PATH="$PWD/.tools:/usr/bin:$PATH" jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp'; then
  PATH="$PWD/.tools:/usr/bin:$PATH" .tools/dotnet-interactive jupyter install >/dev/null 2>&1
fi
echo "[notebooks] kernel ready: $(PATH="$PWD/.tools:/usr/bin:$PATH" jupyter kernelspec list 2>/dev/null | grep '\.net-csharp' | awk '{print $1}')"
