#!/usr/bin/env python3
"""Notebooks from their file-based-app twins: notebooks/NN_name.cs -> notebooks/NN_name.ipynb (outputs cleared).

The .cs twin is the single source. Cells are separated by `// %%` lines (`// %% [markdown]` for a text cell whose
lines are `// ` comments, `// %% [setup]` for the first cell, `// %% [types]` for type declarations, which C# wants at the end of a file and a
notebook before their first use). In the notebook the setup cell's `#:project`/`#:property`
directives become `#r` references to the built library (src/EOSnet.Cli/bin/<config>/net10.0) and `Show(png)` displays
the image inline instead of printing its path.

  python3 scripts/notebooks.py generate   # rewrite every .ipynb
  python3 scripts/notebooks.py check      # exit 1 when an .ipynb is not what generate would write
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BIN = "../src/EOSnet.Cli/bin/Release/net10.0"
ASSEMBLIES = ["EOSnet.Crystals", "EOSnet.Featurization", "EOSnet.Model", "EOSnet.MLNet", "EOSnet.MLNet.Plots", "eosnet",
              "Microsoft.ML.Core", "Microsoft.ML.Data", "Microsoft.ML.DataView", "Microsoft.ML.FastTree",
              "Microsoft.ML.LightGbm", "Microsoft.ML.StandardTrainers", "Microsoft.ML.Transforms", "Microsoft.Data.Analysis",
              "ScottPlot", "TorchSharp", "MathNet.Numerics"]
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
        refs = [f'#r "{BIN}/{a}.dll"' for a in ASSEMBLIES]
        body = [l for l in lines if not l.startswith("#:") and not l.startswith("static void Show(")]
        implicit = ["using System;", "using System.Collections.Generic;", "using System.IO;", "using System.Linq;"]
        lines = refs + implicit + body + [SHOW]
    return {"cell_type": "code", "execution_count": None, "id": f"cell-{index}",
            "metadata": {"dotnet_interactive": {"language": "csharp"}}, "outputs": [], "source": lines_of(lines)}


def lines_of(lines):
    return [l + "\n" for l in lines[:-1]] + ([lines[-1]] if lines else [])


def notebook(cs: pathlib.Path) -> str:
    # C# needs type declarations after the top-level statements of a file, a notebook before their first use:
    # `// %% [types]` cells (last in the twin) come right after the setup cell in the notebook.
    parsed = cells_of(cs.read_text())
    ordered = [c for c in parsed if c[0] == "setup"] + [c for c in parsed if c[0] == "types"] \
        + [c for c in parsed if c[0] not in ("setup", "types")]
    cells = [to_cell(k, l, i) for i, (k, l) in enumerate(ordered)]
    nb = {"cells": cells,
          "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                       "language_info": {"name": "C#"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "generate"
    stale = []
    for cs in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.cs")):
        target = cs.with_suffix(".ipynb")
        text = notebook(cs)
        if mode == "check":
            if not target.exists() or target.read_text() != text:
                stale.append(target.name)
        else:
            target.write_text(text)
            print(f"[notebooks] wrote {target.relative_to(ROOT)}")
    if stale:
        print(f"[notebooks] out of date (run: python3 scripts/notebooks.py generate): {', '.join(stale)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
