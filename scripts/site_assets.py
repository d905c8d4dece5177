"""The results files the docs show (figures and tables under results/), copied into the docs project's assets/ folder, so
that they are part of the Quarto site and of the preview: a file outside the project folder (nbs/, or nbdev's _proc/) is
not. Quarto runs this before it renders (`pre-render` in nbs/_quarto.yml, from the project folder); docs_preview.py calls
`copy`; make_readme.py maps assets/ back to the results files. The notebooks refer to them as assets/NAME.

Usage: python scripts/site_assets.py [PROJECT_FOLDER]   (default: the current folder)"""
import shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = {"cpu_fig_recoveries.png": "results/cpu/fig_recoveries.png",            # the name in assets/: the file under the repository
          "cpu_tables.md": "results/cpu/tables.md",
          "refine_cpu24_tables.md": "results/refine/cpu24/tables.md"}

def source(name: str) -> Path:
    "The file of the repository that assets/`name` is a copy of."
    if name not in ASSETS: raise KeyError(f"assets/{name} is not a site asset; add it to ASSETS in scripts/site_assets.py")
    return ROOT/ASSETS[name]

def copy(project=".") -> list[Path]:
    "Copy every asset into `project`/assets/ (when missing or changed); returns the files there."
    dest = Path(project)/"assets"; dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name in ASSETS:
        f, src = dest/name, source(name)
        if not f.exists() or f.read_bytes() != src.read_bytes(): shutil.copyfile(src, f)
        out.append(f)
    return out

if __name__ == "__main__":
    files = copy(sys.argv[1] if len(sys.argv) > 1 else ".")
    print(f"site assets: {len(files)} files in {files[0].parent}")
