"""Runs of the mask-design study, one study folder per variant of the `cpu` preset (the validation split decides).

    python scripts/mask_design.py FOLDER [part.field=value ...] --only RUN_ID [...]
    python scripts/mask_design.py FOLDER [part.field=value ...] --student SEED KD_FIELD=VALUE ... [--scratch] [--via L ...]

FOLDER is the study folder; the fields (named by the preset's part, e.g. `train.mask_lr=30 system.pitch=2`) override the `cpu`
preset, or the one `--preset` names (values read as Python literals). `--only` runs
planned runs whose id contains one of the strings; `--student` runs one single-snapshot student of the preset's
teacher with the given KDObjective fields (alpha, beta, init, out, schedule, normalize), from scratch with --scratch;
with --via, the last student of a chain through students with those numbers of masks (phasekd.study.runs.chain_spec),
its links run first where not recorded."""
import argparse, ast
from phasekd.study.config import get_preset, PARTS
from phasekd.study.experiments import Study
from phasekd.study.runs import student_spec, chain_spec, chain_links
from phasekd.model.losses import KDObjective

def lit(v):
    try: return ast.literal_eval(v)
    except (ValueError, SyntaxError): return v

ap = argparse.ArgumentParser()
ap.add_argument("folder"); ap.add_argument("fields", nargs="*"); ap.add_argument("--preset", default="cpu")
ap.add_argument("--only", nargs="+"); ap.add_argument("--student", nargs="+"); ap.add_argument("--scratch", action="store_true")
ap.add_argument("--via", nargs="+", type=int)
a = ap.parse_args()
changes = {}
for f in a.fields:
    name, v = f.split("=", 1)
    if "." not in name: ap.error(f"{name}: name a field by its part, e.g. train.{name} (parts: {', '.join(PARTS)})")
    part, field = name.split(".", 1)
    changes.setdefault(part, {})[field] = lit(v)
p = get_preset(a.preset).replace(**changes)
st = Study(p, a.folder, log=lambda s: print(s, flush=True))
if a.only: st.run(only=a.only)
if a.student:
    seed, obj = int(a.student[0]), KDObjective(**{k: lit(v) for k, v in (f.split("=", 1) for f in a.student[1:])})
    if a.scratch: p = p.replace(train=dict(warm_start=False))
    spec = chain_spec(p, seed, a.via, obj) if a.via else student_spec(p, seed, objective=obj)
    if st.recorded(spec): print(f"{spec.id}: recorded, skipped")
    else: st.run_specs(chain_links(spec) if a.via else [spec])
