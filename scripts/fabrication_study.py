"""What fabrication costs: every seed's E2E mask of a study exported for an SLM and for a DOE at several settings,
each scored on exactly the exported mask against the trained one (phasekd.lab.camera), on the first N test images.

    python scripts/fabrication_study.py results/cpu results/fabrication [--n 1000]

Writes OUT/fabrication.json (one row per seed and export) and OUT/fabrication.md (mean ± std over seeds)."""
import argparse, json, tempfile
from datetime import datetime, timezone
from pathlib import Path
import numpy as np
from phasekd.train import data
from phasekd.lab.fabrication import export_slm, export_doe
from phasekd.model.system import load_system
from phasekd.study.folder import StudyFolder
from phasekd.study.runs import load_records, record_spec
from phasekd.study.runs import device_name, versions
from phasekd.report.results import study_preset

EXPORTS = {"SLM, 256 levels, linear, SLM pixel = system pixel": ("slm", dict()),
           "SLM, 256 levels, SLM pixel = 2 system pixels": ("slm", dict(slm_pixel=2)),
           "SLM, 256 levels, SLM pixel = 4 system pixels": ("slm", dict(slm_pixel=4)),
           "SLM, 16 levels (a 4-bit table)": ("slm", dict(lut=2*np.pi*np.arange(16)/16)),
           "DOE, Q = 2": ("doe", dict(levels=2)), "DOE, Q = 4": ("doe", dict(levels=4)),
           "DOE, Q = 8": ("doe", dict(levels=8)), "DOE, Q = 16": ("doe", dict(levels=16))}

ap = argparse.ArgumentParser(); ap.add_argument("study"); ap.add_argument("out"); ap.add_argument("--n", type=int, default=1000)
a = ap.parse_args()
p = study_preset(a.study)
imgs = data.load_split("test", p.system.size[0], a.n)
rows = []
for rec in load_records(a.study):
    spec = record_spec(rec)
    w = StudyFolder(a.study).weights_path(spec)
    if spec.kind != "e2e" or spec.epochs != p.train.epochs or not w.exists(): continue
    system = load_system(w)
    for name, (kind, kw) in EXPORTS.items():
        with tempfile.TemporaryDirectory() as d:
            r = (export_slm if kind == "slm" else export_doe)(system, d, imgs, **kw)
        ev = r["evaluation"]
        rows.append(dict(run=spec.id, seed=spec.seed, export=name, **{k: ev[k] for k in ("trained", "exported", "loss_psnr_db", "loss_ssim")}))
        print(f"{spec.id} {name}: loss {ev['loss_psnr_db']:+.3f} dB, {ev['loss_ssim']:+.4f} SSIM", flush=True)
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
(out/"fabrication.json").write_text(json.dumps(dict(study=a.study, n_images=a.n, device=device_name("cpu"), versions=versions(),
                                                     created=datetime.now(timezone.utc).isoformat(timespec="seconds"), rows=rows), indent=1))
sd = lambda v: float(np.std(v, ddof=1)) if len(v) > 1 else 0.
lines = [f"E2E masks of `{a.study}` ({len({r['seed'] for r in rows})} seeds), scored on {a.n} test images, noiseless; "
         "loss = trained mask minus exported mask, mean ± std over seeds.", "",
         "| export | PSNR loss (dB) | SSIM loss | exported PSNR (dB) |", "|---|---|---|---|"]
for name in EXPORTS:
    rs = [r for r in rows if r["export"] == name]
    if not rs: continue
    l, s, e = [r["loss_psnr_db"] for r in rs], [r["loss_ssim"] for r in rs], [r["exported"]["psnr"] for r in rs]
    lines.append(f"| {name} | {np.mean(l):.3f} ± {sd(l):.3f} | {np.mean(s):.4f} ± {sd(s):.4f} | {np.mean(e):.2f} |")
(out/"fabrication.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
