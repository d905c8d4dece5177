"The package's layout: imports run one way, no module is a warehouse, and names that moved still import, with a warning saying where."
import ast, importlib, warnings
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parents[1]/"phasekd"
MODULES = sorted(f.stem for f in PKG.glob("*.py") if not f.stem.startswith("_") and f.stem != "bench")

def _imports(name: str) -> set[str]:
    "The phasekd modules that module `name` imports (relative imports as nbdev writes them), at any depth of its code."
    tree, out = ast.parse((PKG/f"{name}.py").read_text()), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.level == 1:
            out |= {n.module} if n.module else {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and (n.module or "").startswith("phasekd."): out.add(n.module.split(".")[1])
    return out & set(MODULES)

def test_imports_run_one_way():
    "No cycle among the modules: each can be placed below everything it imports."
    graph, placed = {m: _imports(m) for m in MODULES}, []
    while len(placed) < len(graph):
        free = [m for m in graph if m not in placed and graph[m] <= set(placed)]
        assert free, f"an import cycle among {sorted(set(graph) - set(placed))}"
        placed += free

def test_low_modules_stay_low():
    "The physics and the system know nothing of training; the learners nothing of studies; nothing but the command imports the command."
    for m in ("sensing", "init", "unet", "refine", "system", "evaluate", "data", "checks"):
        assert not _imports(m) & {"e2e", "callbacks", "distill", "config", "runs", "experiments", "report", "cli", "lab"}, m
    assert not any("cli" in _imports(m) for m in MODULES if m not in ("cli",))

@pytest.mark.parametrize("name", MODULES)
def test_no_module_is_a_warehouse(name):
    lines = len((PKG/f"{name}.py").read_text().splitlines())
    assert lines <= 340, f"phasekd/{name}.py has {lines} lines: split it by job"

@pytest.mark.parametrize("old,name,new", [("phasekd.e2e", "evaluate", "phasekd.evaluate"), ("phasekd.e2e", "load_system", "phasekd.system"),
                                          ("phasekd.e2e", "GapStop", "phasekd.callbacks"), ("phasekd.e2e", "phase_dls", "phasekd.data"),
                                          ("phasekd.experiments", "PRESETS", "phasekd.config"), ("phasekd.experiments", "plan_table", "phasekd.runs")])
def test_a_moved_name_imports_with_a_warning(old, name, new):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = getattr(importlib.import_module(old), name)
    assert got is getattr(importlib.import_module(new), name)
    assert any(issubclass(x.category, DeprecationWarning) and f"moved to {new}.{name}" in str(x.message) for x in w)

def test_bench_is_lab_with_a_warning():
    import sys
    sys.modules.pop("phasekd.bench", None)
    with pytest.warns(DeprecationWarning, match="phasekd.bench is now phasekd.lab"):
        import phasekd.bench as b
    import phasekd.lab, phasekd.evaluate
    assert b.reconstruct is phasekd.lab.reconstruct and b.evaluate_photons is phasekd.evaluate.evaluate_photons

def test_the_package_imports_no_moved_name():
    "The package's own modules import every name from where it lives now: importing them all raises no DeprecationWarning."
    import subprocess, sys
    code = "import importlib\n" + "".join(f"importlib.import_module('phasekd.{m}')\n" for m in MODULES if m != "dinv")
    r = subprocess.run([sys.executable, "-W", "error::DeprecationWarning:phasekd", "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]

def test_kd_learner_imports_from_distill():
    from phasekd.distill import kd_learner
    assert callable(kd_learner)
