"""Write README.md from nbs/index.ipynb (Quarto's `nbdev-readme` does this where Quarto is installed).

Markdown cells are copied, code cells become ```python blocks followed by their text output.
A Quarto include shortcode alone on a line (`{{< include ../results/cpu/results.md >}}`) is
replaced by that file with its headings moved two levels down; image links become absolute URLs of
the files on the repository's main branch (pyproject.toml's Repository URL), so that they also show on
a package index page, where relative links break.
`--check` exits 1 if README.md is not what index.ipynb gives.
"""
import json, re, sys
from pathlib import Path

_INCLUDE = re.compile(r"^\{\{< include (\S+) >\}\}$", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\((?!https?:)([^)]+)\)")

def _raw_base() -> str:
    import tomllib
    repo = tomllib.loads(Path("pyproject.toml").read_text())["project"]["urls"]["Repository"].rstrip("/")
    return repo.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/"

def _resolve(folder: Path, link: str) -> Path:
    "The file a link of a notebook in `folder` names: a site asset (assets/NAME, scripts/site_assets.py) is its results file."
    if link.startswith("assets/"):
        sys.path.insert(0, str(Path(__file__).parent)); from site_assets import source
        return source(link[len("assets/"):])
    return folder/link

def _rebase(txt: str, folder: Path) -> str:
    "Image links relative to `folder` made absolute URLs of the files on the repository's main branch."
    import os
    rel = lambda i: Path(os.path.relpath(_resolve(folder, i[2]).resolve(), Path.cwd().resolve())).as_posix()
    return _IMAGE.sub(lambda i: f"![{i[1]}]({_raw_base()}{rel(i)})", txt)

def _include(m, base: Path) -> str:
    f = _resolve(base, m[1])
    txt = re.sub(r"^(#+) ", lambda h: "#"*(len(h[1]) + 2) + " ", f.read_text().strip(), flags=re.M)
    return _rebase(txt, f.parent)

def render(nb_path="nbs/index.ipynb") -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown":
            m = re.match(r"^# (.+)\n\n> (.+)$", src, re.S)   # nbdev title cell: '# title' then '> description'
            src = f"# {m[1]}\n\n{m[2]}" if m else src
            base = Path(nb_path).parent
            parts.append(_INCLUDE.sub(lambda i: _include(i, base), _rebase(src, base)))
        elif c["cell_type"] == "code" and not src.startswith("#| hide"):
            parts.append(f"```python\n{src}\n```")
            text = "".join("".join(o.get("text", "")) for o in c.get("outputs", []) if o.get("output_type") == "stream")
            if text.strip(): parts.append("    " + text.rstrip("\n").replace("\n", "\n    "))
    return "<!-- generated from nbs/index.ipynb by scripts/make_readme.py: edit the notebook -->\n\n" + "\n\n".join(parts) + "\n"

if __name__ == "__main__":
    txt = render()
    if "--check" in sys.argv:
        if Path("README.md").read_text() != txt: sys.exit("README.md is out of step with nbs/index.ipynb: run scripts/make_readme.py")
        print("README.md matches nbs/index.ipynb")
    else: Path("README.md").write_text(txt)
