#!/usr/bin/env python3
"""Native-library folders of the packages a restore resolved: for each project.assets.json given, every package
with files under runtimes/linux-x64/native, as <package folder>/<id>/<version>/runtimes/linux-x64/native.
Prints them joined by ':' (for LD_LIBRARY_PATH), in a stable order, each once.

  python3 scripts/package-natives.py obj/project.assets.json [more.assets.json ...]
"""
import json
import os
import sys

NATIVE = "runtimes/linux-x64/native/"


def natives(assets_file):
    with open(assets_file, encoding="utf-8") as f:
        assets = json.load(f)
    folders = list(assets.get("packageFolders", {}))
    for name, library in sorted(assets.get("libraries", {}).items()):
        if library.get("type") != "package" or not any(p.startswith(NATIVE) for p in library.get("files", [])):
            continue
        for root in folders:
            folder = os.path.join(root, library["path"], NATIVE)
            if os.path.isdir(folder):
                yield os.path.normpath(folder)
                break


def main():
    seen = []
    for assets_file in sys.argv[1:]:
        for folder in natives(assets_file):
            if folder not in seen:
                seen.append(folder)
    if not seen:
        sys.exit("package-natives: no native folders in " + ", ".join(sys.argv[1:]))
    print(":".join(seen))


if __name__ == "__main__":
    main()
