"The package's layout: layers in folders, imports only downward, no module a warehouse, one public face, no compatibility layer."
import ast, importlib, subprocess, sys
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parents[1]/"phasekd"
# the layers, bottom up; a module imports from its own layer or a lower one. train and lab are side by side: neither imports
# the other (lab takes a trained system, not a learner). `distill` is train's public path (phasekd.distill).
RANK = {"checks": 0, "optics": 1, "model": 2, "train": 3, "lab": 3, "distill": 3, "study": 4, "report": 5,
        "commands": 6, "bench_commands": 6, "cli": 6, "__main__": 6}
SIDE = {("train", "lab"), ("lab", "train"), ("lab", "distill"), ("distill", "lab")}

def _name(f: Path) -> str: return ".".join(f.relative_to(PKG).with_suffix("").parts)
MODULES = sorted(_name(f) for f in PKG.rglob("*.py") if f.stem not in ("_modidx", "__init__"))
def layer(mod: str) -> str: return mod.split(".")[0]

def _imports(name: str) -> set[str]:
    "The phasekd modules that module `name` imports, at any depth of its code (relative imports resolved)."
    f = PKG/(name.replace(".", "/") + ".py"); pkg = name.split(".")[:-1]
    out = set()
    for n in ast.walk(ast.parse(f.read_text())):
        if isinstance(n, ast.ImportFrom) and n.level:
            base = pkg[:len(pkg) - (n.level - 1)]
            if n.module: out.add(".".join(base + n.module.split(".")))
            else: out |= {".".join(base + [a.name]) for a in n.names}
        elif isinstance(n, ast.ImportFrom) and (n.module or "").startswith("phasekd."): out.add(n.module[len("phasekd."):])
        elif isinstance(n, ast.Import): out |= {a.name[len("phasekd."):] for a in n.names if a.name.startswith("phasekd.")}
    return {m for m in out if m in MODULES or m in RANK}

def crossings() -> list[tuple[str, str]]:
    "Every import of one module by another that goes up a layer or sideways between train and lab."
    return [(m, i) for m in MODULES for i in _imports(m)
            if RANK[layer(i)] > RANK[layer(m)] or (layer(m), layer(i)) in SIDE]

def test_every_module_has_a_layer():
    assert all(layer(m) in RANK for m in MODULES), [m for m in MODULES if layer(m) not in RANK]

def test_imports_only_go_down():
    assert crossings() == []

def test_imports_run_one_way():
    "No cycle among the modules: each can be placed below everything it imports."
    graph, placed = {m: _imports(m) & set(MODULES) for m in MODULES}, []
    while len(placed) < len(graph):
        free = [m for m in graph if m not in placed and graph[m] <= set(placed)]
        assert free, f"an import cycle among {sorted(set(graph) - set(placed))}"
        placed += free

def test_notebook_order_is_dependency_order():
    "A notebook's number sorts after the numbers of the notebooks whose modules it imports."
    nbs, num = PKG.parent/"nbs", {}
    for p in nbs.rglob("*.ipynb"):
        m = __import__("re").search(r'#\| default_exp ([\w.]+)', p.read_text())
        if m: num[m[1]] = p.stem.split("_")[0]
    for m in MODULES:
        for i in _imports(m):
            if m in num and i in num and i != m: assert num[i] <= num[m], f"{m} ({num[m]}) imports {i} ({num[i]})"

@pytest.mark.parametrize("name", MODULES)
def test_no_module_is_a_warehouse(name):
    lines = len((PKG/(name.replace(".", "/") + ".py")).read_text().splitlines())
    assert lines <= 300, f"phasekd/{name}.py has {lines} lines: split it by job"

def test_no_compatibility_layer():
    "No deprecated names are served: no module __getattr__ but the public face's, no bench module."
    assert not (PKG/"bench.py").exists()
    for m in MODULES:
        tree = ast.parse((PKG/(m.replace(".", "/") + ".py")).read_text())
        assert not any(isinstance(n, (ast.FunctionDef, ast.Assign)) and "__getattr__" in ast.dump(n)[:200] for n in tree.body), m

def test_the_public_face():
    "Every public name of `phasekd` is the object of the module that defines it, and importing phasekd loads no torch."
    import phasekd
    for name, mod in phasekd._WHERE.items():
        assert getattr(phasekd, name) is getattr(importlib.import_module(mod), name), name
        assert name in importlib.import_module(mod).__all__, (name, mod)
    r = subprocess.run([sys.executable, "-c", "import sys, phasekd; assert 'torch' not in sys.modules; print(phasekd.__version__)"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "0.2.0", r.stderr[-500:]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"): phasekd.nothing

def test_physics_imports_no_training():
    "The optics load no fastai; optics and model together load nothing of phasekd's training, studies, reports or command."
    code = ("import sys, phasekd.optics.refine, phasekd.optics.solvers; assert 'fastai' not in sys.modules, 'fastai'\n"
            "import phasekd.model.system, phasekd.model.evaluate\n"
            "up = [m for m in sys.modules if m.startswith(('phasekd.train', 'phasekd.study', 'phasekd.report', 'phasekd.lab', 'phasekd.c'))]\n"
            "assert up == [m for m in up if m == 'phasekd.checks'], up")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-1000:]

def test_kd_learner_imports_from_distill():
    "The user's entry point keeps its path and gives the training layer's objects."
    from phasekd.distill import kd_learner, KDCallback
    import phasekd.train.distill as d
    assert kd_learner is d.kd_learner and KDCallback is d.KDCallback

def test_every_exported_definition_is_followed_by_a_cell_that_shows_or_tests_it():
    "Literate code: the code cell after an exported cell that defines public names is not another exported cell."
    import json, re
    bad = []
    for p in sorted((PKG.parent/"nbs").rglob("*.ipynb")):
        cells = [c for c in json.loads(p.read_text())["cells"] if c["cell_type"] == "code"]
        for i, c in enumerate(cells):
            s = "".join(c["source"])
            if not s.startswith("#| export") or not re.search(r"^(?:def|class) [A-Za-z]|^[A-Za-z]\w* = ", s, re.M): continue
            nxt = "".join(cells[i + 1]["source"]) if i + 1 < len(cells) else None
            if nxt is None or nxt.startswith("#| export"): bad.append(f"{p.relative_to(PKG.parent)} cell {c['id']}")
    assert not bad, bad
