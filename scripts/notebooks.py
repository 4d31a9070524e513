#!/usr/bin/env python3
"""Notebooks from their file-based-app twins: notebooks/NN_name.cs -> notebooks/NN_name.ipynb (outputs cleared).

The .cs twin is the single source. Cells are separated by `// %%` lines (`// %% [markdown]` for a text cell whose
lines are `// ` comments, `// %% [setup]` for the first cell, `// %% [types]` for type declarations, which C# wants at the end of a file and a
notebook before their first use). Both consume EOSnet as NuGet packages from the local feed that ./build.sh pack
writes (artifacts/packages): the twin's `#:package EOSnet.MLNet@0.1.0` directives (with notebooks/NuGet.config adding
the feed) become a first cell that submits `#i "nuget: <absolute path of ../artifacts/packages>"` and
`#r "nuget: EOSnet.MLNet, 0.1.0"` in the setup cell of the notebook, other `#:` directives are dropped, and
`Show(png)` displays the image inline instead of printing its path.

  python3 scripts/notebooks.py generate   # rewrite every .ipynb
  python3 scripts/notebooks.py check      # exit 1 when an .ipynb is not what generate would write, or a twin's
                                          # EOSnet package version is not the repository's <Version>
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# The notebook's first cell adds the local feed as a restore source. .NET Interactive rejects a relative path in
# `#i "nuget: ../artifacts/packages"` ("Invalid URI"), and an absolute one would tie the notebook to one checkout,
# so the cell submits the `#i` directive with the absolute path of ../artifacts/packages (the kernel runs in the
# notebook's folder); the `#r "nuget: ..."` lines follow in the next cell.
FEED_CELL = [
    "// EOSnet comes from the local feed that ./build.sh pack writes: #i \"nuget: <absolute path of ../artifacts/packages>\".",
    "using Microsoft.DotNet.Interactive;",
    "using Microsoft.DotNet.Interactive.Commands;",
    "using Microsoft.DotNet.Interactive.Events;",
    "var eosnetFeed = System.IO.Path.GetFullPath(System.IO.Path.Combine(\"..\", \"artifacts\", \"packages\"));",
    "var added = await Kernel.Root.SendAsync(new SubmitCode($\"#i \\\"nuget: {eosnetFeed}\\\"\", \"csharp\"));",
    "if (added.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed) throw new Exception($\"#i nuget: {eosnetFeed}: {failed.Message}\");",
]
SHOW = ('void Show(string png) => display(HTML($"<img src=\\"data:image/png;base64,'
        '{Convert.ToBase64String(File.ReadAllBytes(png))}\\" />"));')


def cells_of(source: str):
    kind, lines, out = None, [], []
    for line in source.splitlines():
        if line.startswith("// %%"):
            if kind is not None:
                out.append((kind, lines))
            kind = ("markdown" if "[markdown]" in line else "setup" if "[setup]" in line
                    else "types" if "[types]" in line else "code")
            lines = []
        else:
            lines.append(line)
    if kind is not None:
        out.append((kind, lines))
    return out


def to_cell(kind, lines, index):
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if kind == "markdown":
        text = [l[3:] if l.startswith("// ") else l[2:] if l.startswith("//") else l for l in lines]
        return {"cell_type": "markdown", "id": f"cell-{index}", "metadata": {}, "source": lines_of(text)}
    if kind == "setup":
        refs = [f'#r "nuget: {pid}, {version}"' for pid, version in packages(lines)]
        body = [l for l in lines if not l.startswith("#:") and not l.startswith("static void Show(")]
        implicit = ["using System;", "using System.Collections.Generic;", "using System.IO;", "using System.Linq;"]
        lines = refs + implicit + body + [SHOW]
    return {"cell_type": "code", "execution_count": None, "id": f"cell-{index}",
            "metadata": {"dotnet_interactive": {"language": "csharp"}}, "outputs": [], "source": lines_of(lines)}


def packages(lines):
    """(id, version) of the `#:package ID@VERSION` directives."""
    return [tuple(l[len("#:package "):].strip().split("@", 1)) for l in lines if l.startswith("#:package ")]


def repository_version():
    text = (ROOT / "Directory.Build.props").read_text()
    return text.split("<Version>", 1)[1].split("</Version>", 1)[0].strip()


def lines_of(lines):
    return [l + "\n" for l in lines[:-1]] + ([lines[-1]] if lines else [])


def notebook(cs: pathlib.Path) -> str:
    # C# needs type declarations after the top-level statements of a file, a notebook before their first use:
    # `// %% [types]` cells (last in the twin) come right after the setup cell in the notebook.
    parsed = cells_of(cs.read_text())
    ordered = [c for c in parsed if c[0] == "setup"] + [c for c in parsed if c[0] == "types"] \
        + [c for c in parsed if c[0] not in ("setup", "types")]
    ordered = [("feed", FEED_CELL)] + ordered
    cells = [to_cell(k, l, i) for i, (k, l) in enumerate(ordered)]
    nb = {"cells": cells,
          "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                       "language_info": {"name": "C#"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "generate"
    stale, wrong = [], []
    for cs in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.cs")):
        target = cs.with_suffix(".ipynb")
        text = notebook(cs)
        if mode == "check":
            if not target.exists() or target.read_text() != text:
                stale.append(target.name)
            setup = [l for k, l in cells_of(cs.read_text()) if k == "setup"]
            for pid, version in packages(setup[0] if setup else []):
                if pid.startswith("EOSnet.") and version != repository_version():
                    wrong.append(f"{cs.name}: {pid}@{version} (repository version {repository_version()})")
        else:
            target.write_text(text)
            print(f"[notebooks] wrote {target.relative_to(ROOT)}")
    if wrong:
        print(f"[notebooks] EOSnet package versions differ from Directory.Build.props: {'; '.join(wrong)}")
        sys.exit(1)
    if stale:
        print(f"[notebooks] out of date (run: python3 scripts/notebooks.py generate): {', '.join(stale)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
