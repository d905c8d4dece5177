"The docs preview builds from the notebooks and passes its checks; the check fails on a broken image; the wheel runs outside the repository."
import importlib.util, os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

def _script(name: str):
    "A module of scripts/ loaded from its file (the scripts are not a package, and sys.path stays as it is)."
    spec = importlib.util.spec_from_file_location(name, ROOT/"scripts"/f"{name}.py")
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod

docs_check, docs_preview = _script("docs_check"), _script("docs_preview")

@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    out = tmp_path_factory.mktemp("preview")
    links = docs_preview.main(out, ROOT/"nbs")
    return out, links

def test_preview_has_every_notebook_and_passes_the_static_checks(preview):
    out, links = preview
    assert [s for s, _ in links][:3] == ["index", "00_checks", "00_sensing"] and len(links) == len(list((ROOT/"nbs").rglob("*.ipynb")))
    assert all((out/f"{s}.html").exists() for s, _ in links) and (out/"index.html").exists()
    problems = {p.name: docs_check.static_problems(p) for p in out.glob("*.html")}
    assert not any(problems.values()), problems
    assert "#| export" not in (out/"05_distill.html").read_text()

def test_the_sidebar_lists_every_notebook_once():
    "The site's navigation (nbs/sidebar.yml, also the preview's order) lists every notebook once."
    import re
    listed = re.findall(r"^\s*-\s*(\S+\.ipynb)\s*$", (ROOT/"nbs"/"sidebar.yml").read_text(), re.M)
    have = sorted(str(p.relative_to(ROOT/"nbs")) for p in (ROOT/"nbs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert sorted(listed) == have, set(have) ^ set(listed)
    assert len(set(listed)) == len(listed)

def _broken_copy(preview, tmp_path, img):
    "The preview copied, one page (02_unet) with `img` (any HTML) added."
    import shutil
    out, _ = preview
    d = tmp_path/"broken"; shutil.copytree(out, d)
    page = (out/"02_unet.html").read_text().replace("</body>", f"<p>figure</p>{img}</body>")
    (d/"02_unet.html").write_text(page)
    return d

def test_preview_renders_what_quarto_would(preview):
    "The home page shows the README's tables and figure (site assets), no raw shortcode; a callout is a box; notebook links lead to pages."
    out, _ = preview
    home = (out/"index.html").read_text()
    assert "{{&lt;" not in home and "{{<" not in home and home.count("<table") >= 3
    assert "data:image/png;base64" in home                                  # the results figure, inside the page
    md = docs_preview.quarto_markdown("::: {.callout-note}\nNote this.\n:::\nsee [x](../optics/01b_refine.ipynb#stop)", ROOT/"nbs")
    assert 'class="callout callout-note"' in md and "](01b_refine.html#stop)" in md

def test_check_fails_on_a_raw_shortcode_and_a_dead_link(preview, tmp_path):
    d = _broken_copy(preview, tmp_path, "<p>{{&lt; include tables.md &gt;}}</p><a href='07_nothing.html'>x</a>")
    assert docs_check.static_problems(d/"02_unet.html") == ["a raw Quarto shortcode ({{< ... >}})", "a dead link to 07_nothing.html"]

def test_check_fails_on_a_missing_image(preview, tmp_path):
    d = _broken_copy(preview, tmp_path, '<img src="fig_missing.png">')
    assert docs_check.static_problems(d/"02_unet.html") == ["missing image fig_missing.png"]
    assert docs_check.check(d)["pages"]["02_unet.html"]

@pytest.mark.skipif(docs_check.browser() is None, reason="Chromium is not installed (Debian's `chromium`)")
def test_browser_sees_an_image_that_does_not_load(preview, tmp_path):
    d = _broken_copy(preview, tmp_path, '<img src="data:image/png;base64,' + "iVBORw0KGgo" + "A"*200 + '">')   # a corrupt PNG
    assert docs_check.static_problems(d/"02_unet.html") == []                                     # only a browser can tell
    assert docs_check.browser_problems(d/"02_unet.html", docs_check.browser()) == ["1 image(s) did not load"]
    assert docs_check.browser_problems(preview[0]/"02_unet.html", docs_check.browser()) == []

@pytest.mark.skipif(docs_check.browser() is None, reason="Chromium is not installed (Debian's `chromium`)")
def test_browser_sees_an_equation_mathjax_cannot_typeset(preview, tmp_path):
    d = _broken_copy(preview, tmp_path, r"<p>an equation $x^{2$ left open</p>")
    assert any("MathJax could not typeset" in p for p in docs_check.browser_problems(d/"02_unet.html", docs_check.browser()))

def test_wheel_runs_outside_the_repository(tmp_path):
    pytest.importorskip("build")
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path/"dist"), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next((tmp_path/"dist").glob("phasekd-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path/"site"), str(wheel)], check=True, timeout=300)
    env = dict(os.environ, PYTHONPATH=str(tmp_path/"site"))
    run = lambda *a: subprocess.run([sys.executable, *a], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    v = run("-m", "phasekd", "--version")
    assert v.returncode == 0 and v.stdout.startswith("phasekd "), v.stderr[-2000:]
    w = run("-c", "import phasekd.train.e2e as e; print(e.__file__)")
    assert w.stdout.strip().startswith(str(tmp_path/"site")), w.stdout + w.stderr[-2000:]

def test_the_command_runs_without_the_optional_accelerate():
    block = "import sys; sys.modules['accelerate'] = None; "      # as in an environment where it is not installed
    r = subprocess.run([sys.executable, "-c", block + "from phasekd.cli import main; raise SystemExit(main(['--version']))"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("phasekd "), r.stderr[-2000:]
    r = subprocess.run([sys.executable, "-c", block + "import phasekd.train.distributed"], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "pip install 'phasekd[distributed]'" in r.stderr
