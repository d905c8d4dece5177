"""How far each single-snapshot mask of a study's folders is from its teacher in the statistics L_spec compares
(phasekd.model.losses.cdp_spectrum), with uniform random masks for reference; written to a JSON record.

    python scripts/cdp_statistics.py FOLDER [FOLDER ...] --json results/mask/cdp_statistics.json

For every seed whose L_t-mask teacher is recorded in the first folder: L_spec (spec_loss) between each single mask's CDPs
and that teacher's on 256 validation images, each mask's speckle contrast (std/mean of a CDP, averaged over the images),
and the same for each of the teacher's own masks and for 8 uniform random masks."""
import argparse, json, math
from pathlib import Path
import numpy as np, torch
from phasekd.study.runs import load_records, record_spec
from phasekd.study.experiments import load_images
from phasekd.study.runs import device_name, versions
from phasekd.report.results import study_preset
from phasekd.model.losses import spec_loss
from phasekd.optics.sensing import CodedDiffraction, phase_object

ap = argparse.ArgumentParser()
ap.add_argument("folders", nargs="+"); ap.add_argument("--json"); ap.add_argument("--n", type=int, default=256)
a = ap.parse_args()
p = study_preset(a.folders[0])
if p.system.pitch != 1: raise SystemExit(f"{a.folders[0]}: the masks are compared at pitch 1, the preset has {p.system.pitch}")
x = phase_object(load_images(p, test=False)["valid"][:a.n].float(), math.pi)

def cdps(phases) -> torch.Tensor:
    cd = CodedDiffraction(len(phases), p.system.size[0], trainable=False)
    with torch.no_grad(): cd.phi.copy_(torch.as_tensor(np.asarray(phases), dtype=torch.float32)); return cd(x)

def row(y, yt) -> dict:
    with torch.no_grad():
        return dict(spec=spec_loss(yt, y).item(), contrast=(y.std((-2, -1))/y.mean((-2, -1))).mean().item())

out = dict(folders=a.folders, preset=p.name, images=a.n, device=device_name("cpu"), versions=versions(), seeds={})
teachers = {r["spec"]["seed"]: r for r in load_records(a.folders[0]) if r["spec"]["kind"] == "teacher" and r["spec"]["n_masks"] == p.protocol.teacher_masks}
for seed, tr in sorted(teachers.items()):
    T = np.load(Path(a.folders[0])/tr["mask"]); yt = cdps(T)
    rows = {f"teacher mask {k}": row(yt[:, k:k+1], yt) for k in range(len(T))}
    g = torch.Generator().manual_seed(1000 + seed)
    for k in range(8): rows[f"uniform random {k}"] = row(cdps(torch.rand(1, p.system.size[0], p.system.size[0], generator=g)*2*math.pi), yt)
    for f in a.folders:
        for r in load_records(f):
            s = record_spec(r)
            if s.seed == seed and s.n_masks == 1: rows[f"{Path(f).name}/{r['run']}"] = row(cdps(np.load(Path(f)/r["mask"])), yt)
    out["seeds"][str(seed)] = rows
    print(f"seed {seed} (teacher {tr['run']}):")
    for k, v in rows.items(): print(f"  {k:75s} L_spec {1e3*v['spec']:7.2f}e-3  contrast {v['contrast']:.3f}")
if a.json: Path(a.json).write_text(json.dumps(out, indent=1))
