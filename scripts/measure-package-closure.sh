#!/usr/bin/env bash
# Sizes of the shipped packages and of what a minimal app that references only EOSnet.MLNet restores (issue 27).
#   scripts/measure-package-closure.sh [PACKAGES_DIR]
# Packs every shipped package (./build.sh pack) unless PACKAGES_DIR already holds them, then restores a console app
# (Microsoft.ML + EOSnet.MLNet, nothing else) into a package folder of its own and reports, as one JSON object:
# each .nupkg's size, the app's closure (every package project.assets.json lists, with the size of its .nupkg and of
# its extracted folder) and the publish folder of the app (framework-dependent, linux-x64).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-artifacts/packages}"
# Packs unless the folder already holds the tool package (./build.sh pack makes it last, after every library).
if ! ls "$dir"/EOSnet.Cli.[0-9]*.nupkg >/dev/null 2>&1; then PACKAGES_DIR="$dir" ./build.sh pack >&2; fi
dir="$(cd "$dir" && pwd)"
version="$(ls "$dir"/EOSnet.MLNet.[0-9]*.nupkg | head -1 | sed 's/.*EOSnet\.MLNet\.\(.*\)\.nupkg/\1/')"
mlnet="$(sed -n 's:.*<EosNetMLNetVersion[^>]*>\([^<]*\)<.*:\1:p' Directory.Packages.props | head -1)"
mlnet="${mlnet:-5.0.1}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
global="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' >"$work/$f"; done
cat >"$work/NuGet.config" <<EOF
<configuration>
  <packageSources><add key="eosnet-local" value="$dir" /></packageSources>
  <fallbackPackageFolders><add key="user" value="$global" /></fallbackPackageFolders>
</configuration>
EOF
cat >"$work/App.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><SatelliteResourceLanguages>en</SatelliteResourceLanguages></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML" Version="$mlnet" />
    <PackageReference Include="EOSnet.MLNet" Version="$version" />
  </ItemGroup>
</Project>
EOF
echo 'System.Console.WriteLine(typeof(EOSnet.MLNet.CrystalColumns).Assembly.GetName().Name);' >"$work/Program.cs"
export NUGET_PACKAGES="$work/packages"
dotnet publish "$work/App.csproj" -c Release -r linux-x64 --self-contained false -o "$work/publish" -nologo -v q >&2
python3 - "$dir" "$work" "$global" "$version" <<'EOF'
import json, os, sys
packages, work, glob, version = sys.argv[1:5]
def size(path):
    if os.path.isfile(path): return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs if not os.path.islink(os.path.join(r, f)))
mb = lambda b: round(b / 1048576, 1)
own = {f: mb(os.path.getsize(os.path.join(packages, f))) for f in sorted(os.listdir(packages)) if f.endswith('.nupkg')}
assets = json.load(open(os.path.join(work, 'obj', 'project.assets.json')))
closure = []
for key, lib in assets['libraries'].items():
    if lib.get('type') != 'package': continue
    folder = next((os.path.join(root, lib['path']) for root in (os.path.join(work, 'packages'), glob) if os.path.isdir(os.path.join(root, lib['path']))), None)
    nupkg = next((os.path.join(folder, f) for f in os.listdir(folder) if f.endswith('.nupkg')), None) if folder else None
    closure.append({'package': key, 'nupkg_mb': mb(size(nupkg)) if nupkg else None, 'extracted_mb': mb(size(folder)) if folder else None})
closure.sort(key=lambda c: -(c['extracted_mb'] or 0))
print(json.dumps({
    'eosnet_version': version,
    'nupkg_mb': own,
    'minimal_app': {
        'references': ['Microsoft.ML', 'EOSnet.MLNet'],
        'packages': len(closure),
        'closure_nupkg_mb': round(sum(c['nupkg_mb'] or 0 for c in closure), 1),
        'closure_extracted_mb': round(sum(c['extracted_mb'] or 0 for c in closure), 1),
        'publish_mb': mb(size(os.path.join(work, 'publish'))),
        'largest': closure[:12],
        'all': [c['package'] for c in closure],
    },
}, indent=2))
EOF
