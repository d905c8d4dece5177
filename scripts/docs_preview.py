"""Render every notebook with its saved outputs to HTML without Quarto, into _preview/: the home page is the rendered
index notebook, one flat page per notebook of any layer folder, and every page opens with links to the others in the order of nbs/sidebar.yml. Cells marked `#| hide` are
left out and nbdev's `#| ...` directive lines are removed from the code shown, as the Quarto site does; no input or output
prompts; markdown outputs (tables a cell displays) are rendered; images are embedded in the pages.
Quarto's constructs the notebooks use are rendered as Quarto renders them: include shortcodes (`{{< include F >}}`: the file's
markdown in place), callouts (`::: {.callout-note}` ... `:::`), links to notebooks (to their pages), math (MathJax, Debian's
libjs-mathjax); the results figures and tables the pages show are copied in first (scripts/site_assets.py), as Quarto does.
Usage: python scripts/docs_preview.py [--out _preview]"""
import argparse, html, re
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown import markdown2html

_DIRECTIVE = re.compile(r"^\s*#\|.*$\n?", re.M)

def order(nbs: Path) -> list[Path]:
    "The notebooks in the sidebar's order (then any others)."
    listed = re.findall(r"^\s*-\s*(\S+\.ipynb)\s*$", (nbs/"sidebar.yml").read_text(), re.M) if (nbs/"sidebar.yml").exists() else []
    rest = sorted(p.relative_to(nbs).as_posix() for p in nbs.rglob("*.ipynb") if p.relative_to(nbs).as_posix() not in listed)
    return [nbs/n for n in listed + rest if (nbs/n).exists()]

_MDIMG = re.compile(r"!\[([^\]]*)\]\((?!https?:|data:)([^)\s]+)\)")
_INCLUDE = re.compile(r"^\{\{< include (\S+) >\}\}[ \t]*$", re.M)
_CALLOUT = re.compile(r"^:::+\s*\{\.callout-(\w+)[^}]*\}[ \t]*\n(.*?)^:::+[ \t]*$", re.M | re.S)
_NBLINK = re.compile(r"\]\((?!https?:)([^)\s#]*?)([\w.-]+)\.ipynb(#[^)]*)?\)")

def quarto_markdown(text: str, src: Path) -> str:
    "Markdown as Quarto renders it: includes in place (relative to the notebook's folder `src`), callouts as boxes, notebook links to pages."
    text = _INCLUDE.sub(lambda m: (src/m[1]).read_text(), text)
    text = _CALLOUT.sub(lambda m: f'<div class="callout callout-{m[1]}" style="border-left:4px solid #3a7;padding:4px 12px;margin:8px 0">\n\n{m[2]}\n</div>', text)
    return _NBLINK.sub(lambda m: f"]({m[2]}.html{m[3] or ''})", text)

def prepare(nb, src: Path | None = None, out: Path | None = None):
    """The notebook as the site shows it: no hidden cells, no directive lines, no empty code cells; image links of markdown
    cells (relative to the notebook's folder `src`) made relative to the preview folder `out`."""
    import os
    cells = []
    for c in nb.cells:
        if c.cell_type == "markdown" and src is not None: c.source = quarto_markdown(c.source, src)
        if c.cell_type == "markdown" and src is not None and out is not None:
            c.source = _MDIMG.sub(lambda m: f"![{m[1]}]({Path(os.path.relpath((src/m[2]).resolve(), out.resolve())).as_posix()})", c.source)
        if c.cell_type == "code":
            if re.search(r"^\s*#\|\s*(hide|default_exp)\b", c.source, re.M): continue
            c.source = _DIRECTIVE.sub("", c.source).strip("\n")
            if not c.source and not c.get("outputs"): continue
            for o in c.get("outputs", []):                         # a displayed Markdown table shows as a table
                d = o.get("data", {})
                if "text/markdown" in d and "text/html" not in d: d["text/html"] = markdown2html(d["text/markdown"])
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
    import sys; sys.path.insert(0, str(Path(__file__).parent)); import site_assets
    site_assets.copy(nbs)                                           # the results files the pages show, inside the docs folder
    ex = HTMLExporter(template_name="classic", embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True)
    local = Path("/usr/share/javascript/mathjax/MathJax.js")          # Debian's libjs-mathjax: equations without the internet
    if local.exists(): ex.mathjax_url = local.as_uri() + "?config=TeX-AMS_HTML"
    links, pages = [], {}
    for p in order(nbs):
        nb = prepare(nbformat.read(p, as_version=4), p.parent, out)
        pages[p.stem], _ = ex.from_notebook_node(nb, resources={"metadata": {"path": str(p.parent)}})
        links.append((p.stem, title(nb, p.stem)))
    nav = ("<nav style='font:13px sans-serif;padding:6px 12px;border-bottom:1px solid #ccc'>"
           + " · ".join(f'<a href="{"index" if s == "index" else s}.html">{html.escape(t if s == "index" else s)}</a>' for s, t in links)
           + "</nav>")
    for stem, body in pages.items():                            # the index notebook is the home page
        (out/f"{stem}.html").write_text(re.sub(r"(<body[^>]*>)", lambda m: m[1] + nav, body, count=1))
    print(f"docs preview: {len(links)} pages in {out}/ (open {out}/index.html)")
    return links

if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0]); a.add_argument("--out", default="_preview")
    main(a.parse_args().out)
