"""Render every notebook with its saved outputs to HTML without Quarto, into _preview/, with an index page linking
them in the order of nbs/sidebar.yml. Cells marked `#| hide` are left out and nbdev's `#| ...` directive lines are
removed from the code shown, as the Quarto site does; images are embedded in the pages.
Usage: python scripts/docs_preview.py [--out _preview]"""
import argparse, html, re
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter

_DIRECTIVE = re.compile(r"^\s*#\|.*$\n?", re.M)

def order(nbs: Path) -> list[Path]:
    "The notebooks in the sidebar's order (then any others)."
    listed = re.findall(r"^\s*-\s*(\S+\.ipynb)\s*$", (nbs/"sidebar.yml").read_text(), re.M) if (nbs/"sidebar.yml").exists() else []
    rest = sorted(p.name for p in nbs.glob("*.ipynb") if p.name not in listed)
    return [nbs/n for n in listed + rest if (nbs/n).exists()]

def prepare(nb):
    "The notebook as the site shows it: no hidden cells, no directive lines, no empty code cells."
    cells = []
    for c in nb.cells:
        if c.cell_type == "code":
            if re.search(r"^\s*#\|\s*(hide|default_exp)\b", c.source, re.M): continue
            c.source = _DIRECTIVE.sub("", c.source).strip("\n")
            if not c.source and not c.get("outputs"): continue
        cells.append(c)
    nb.cells = cells
    return nb

def title(nb, fallback: str) -> str:
    for c in nb.cells:
        if c.cell_type == "markdown":
            m = re.match(r"#\s+(.+)", c.source.strip())
            if m: return m[1].strip().replace("`", "")
    return fallback

def main(out="_preview", nbs="nbs"):
    out, nbs = Path(out), Path(nbs)
    out.mkdir(parents=True, exist_ok=True)
    ex = HTMLExporter(template_name="classic", embed_images=True)
    local = Path("/usr/share/javascript/mathjax/MathJax.js")          # Debian's libjs-mathjax: equations without the internet
    if local.exists(): ex.mathjax_url = local.as_uri() + "?config=TeX-AMS_HTML"
    links = []
    for p in order(nbs):
        nb = prepare(nbformat.read(p, as_version=4))
        body, _ = ex.from_notebook_node(nb, resources={"metadata": {"path": str(nbs)}})
        (out/f"{p.stem}.html").write_text(body)
        links.append((p.stem, title(nb, p.stem)))
    items = "\n".join(f'<li><a href="{s}.html">{html.escape(t)}</a> <code>{s}</code></li>' for s, t in links)
    (out/"index.html").write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>phasekd docs preview</title></head>"
                                  f"<body><h1>phasekd: docs preview</h1><p>The notebooks with their saved outputs, in the site's order.</p>"
                                  f"<ol>{items}</ol></body></html>")
    print(f"docs preview: {len(links)} pages in {out}/ (open {out}/index.html)")
    return links

if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0]); a.add_argument("--out", default="_preview")
    main(a.parse_args().out)
