"""Check the docs preview (scripts/docs_preview.py) as a reader meets it, in headless Chromium: every page is loaded and
fails if an image does not load (broken or missing figure), if a raw nbdev directive (`#| export`), a raw Quarto shortcode
(`{{< include ... >}}`) or a Python traceback shows, if MathJax reports an equation it cannot typeset, or if a link to
another page of the site leads nowhere; screenshots of the home page and of a notebook's page (01b_refine) go to the
preview folder for a person to look at.
Usage: python scripts/docs_check.py [--preview _preview]; exit status 1 when a page fails."""
import argparse, re, shutil, subprocess, sys, tempfile
from pathlib import Path

_MARK = ("<script>window.addEventListener('load', () => {const b = [...document.images].filter(i => !i.complete || i.naturalWidth === 0);"
         " document.body.setAttribute('data-broken-images', b.length); document.body.setAttribute('data-images', document.images.length);"
         " setTimeout(() => {document.body.setAttribute('data-math-errors', document.querySelectorAll('.MathJax_Error, .merror, .noError, mjx-merror, [data-mjx-error]').length);"
         " document.body.setAttribute('data-math', document.querySelectorAll('.MathJax, .MathJax_Display, mjx-container').length);"
         " document.body.setAttribute('data-math-pending', [...document.querySelectorAll('.MathJax_Preview')].filter(e => e.textContent.trim()).length);}, 6000);});</script>")

def browser() -> str | None:
    return next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)

def _chromium(exe, *args, timeout=60):
    return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files", *args],
                          capture_output=True, text=True, timeout=timeout)

def static_problems(page: Path) -> list[str]:
    "What the page's HTML shows wrong: unresolvable or empty images, raw directives, tracebacks."
    text, out = page.read_text(), []
    for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', text):
        if src.startswith("data:"):
            if len(src.split(",", 1)[-1]) < 100: out.append("an empty embedded image")
        elif not src.startswith(("http://", "https://")) and not (page.parent/src).exists(): out.append(f"missing image {src}")
    visible = re.sub(r"<script.*?</script>|<style.*?</style>", "", text, flags=re.S)
    if re.search(r"#\|\s*\w", visible): out.append("a raw nbdev directive (#| ...)")
    if re.search(r"\{\{(<|&lt;)", visible): out.append("a raw Quarto shortcode ({{< ... >}})")
    for href in re.findall(r"""<a[^>]*\shref=["']([^"'#:]+)(?:#[^"']*)?["']""", text):     # links to other pages of the site
        if not (page.parent/href).exists(): out.append(f"a dead link to {href}")
    if "Traceback (most recent call last)" in visible or re.search(r'class="[^"]*output_error', visible): out.append("a Python traceback")
    return out

def browser_problems(page: Path, exe: str) -> list[str]:
    "Images that did not load in Chromium."
    with tempfile.TemporaryDirectory() as d:
        copy = Path(d)/page.name
        copy.write_text(page.read_text().replace("</body>", _MARK + "</body>"))
        for f in page.parent.iterdir():                             # relative images resolve as from the page itself
            if f.suffix.lower() in (".png", ".jpg", ".svg", ".gif"): shutil.copy(f, Path(d)/f.name)
        dom = _chromium(exe, "--virtual-time-budget=15000", "--dump-dom", copy.as_uri()).stdout
    m = re.search(r'data-broken-images="(\d+)"', dom)
    if m is None: return ["the page did not finish loading"]
    out = [f"{m[1]} image(s) did not load"] if int(m[1]) else []
    e = re.search(r'data-math-errors="(\d+)"', dom)
    if e and int(e[1]): out.append(f"{e[1]} equation(s) MathJax could not typeset")
    p = re.search(r'data-math-pending="(\d+)"', dom)
    if p and int(p[1]): out.append(f"{p[1]} equation(s) left as raw LaTeX (MathJax did not finish)")
    raw = re.sub(r"<script.*?</script>|<style.*?</style>|<code.*?</code>|<pre.*?</pre>", "", page.read_text(), flags=re.S)
    if re.search(r"(?<![\\$])\$[^$\s][^$]*\$", raw) and not re.search(r'data-math="[1-9]', dom): out.append("equations left as raw LaTeX (MathJax did not run)")
    return out

def check(preview="_preview", shots=("index", "01b_refine")) -> dict:
    preview = Path(preview)
    pages = sorted(preview.glob("*.html"))
    if not pages: raise SystemExit(f"no pages in {preview}: run scripts/docs_preview.py first")
    exe = browser()
    res = {}
    for p in pages:
        res[p.name] = static_problems(p) + (browser_problems(p, exe) if exe else [])
    if exe:
        for s in shots:
            if (preview/f"{s}.html").exists():
                _chromium(exe, "--virtual-time-budget=15000", f"--screenshot={(preview/f'screenshot_{s}.png').resolve()}", "--window-size=1280,1600", (preview/f"{s}.html").resolve().as_uri())
    return dict(pages=res, browser=exe)

if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0]); a.add_argument("--preview", default="_preview")
    r = check(a.parse_args().preview)
    bad = {k: v for k, v in r["pages"].items() if v}
    print(f"docs check: {len(r['pages'])} pages, {'in ' + r['browser'] if r['browser'] else 'without a browser (static checks only)'}")
    for k, v in bad.items(): print(f"  {k}: {'; '.join(v)}")
    if not r["browser"]: print("  no Chromium found: install Debian's `chromium` for the browser check and the screenshots")
    sys.exit(1 if bad else 0)
