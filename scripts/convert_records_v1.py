"""One-time conversion of study records and sweep files written before run ids became RunSpecs.

Old records named a run by hand-built strings ('student-L1-t9-cdp+feat-s0') that could claim a term
whose weight was 0; new ones carry the `RunSpec` of what was trained, whose id says the weights in
force ('student-L1-t9e12-a0.8-cdp0.2-warm-e12-s0'). The conversion reads each old record's kind, masks,
seed, teacher, switched-on losses and weights, keeps only the terms whose weight was non-zero (a term
switched on with weight 0 added nothing to the loss or its gradient), and writes the record under its
new id with `spec`, `epochs_total` and `converted_from`. Masks are renamed with their records;
study.json gets the new preset fields. Metrics, timings and histories are kept as they were.

Usage: python scripts/convert_records_v1.py results/cpu [results/kd_sweep]   (a folder already converted is left alone)
"""
import json, sys
from pathlib import Path
from phasekd.model.losses import KDObjective
from phasekd.study.config import Preset, preset_from_dict
from phasekd.study.runs import RunSpec, teacher_spec, write_record, read_record

def objective(losses, weights, p: Preset) -> KDObjective:
    "The objective in force: the switched-on terms with their non-zero weights."
    a, b = weights if weights is not None else (p.objective.alpha, p.objective.beta)
    g = round(1 - a - b, 10)
    beta = b if "cdp" in losses else 0.
    gamma = g if "feat" in losses else 0.
    if abs(a + beta + gamma - 1) > 1e-9:
        raise ValueError(f"losses {losses} with weights {(a, b)} are not an affine eq. 7 once the terms that were off are dropped")
    return KDObjective(a, beta, p.objective.normalize, p.objective.schedule)

def old_spec(r: dict, p: Preset, epochs: int) -> RunSpec:
    if r["kind"] != "student": return RunSpec(r["kind"], r["n_masks"], epochs, r["seed"])
    return RunSpec("student", r["n_masks"], epochs, r["seed"], teacher_spec(p, r["teacher_masks"], r["seed"]),
                   objective(r["losses"], r.get("kd_weights"), p), p.train.warm_start)

def convert_study(out: Path):
    cfg = json.loads((out/"study.json").read_text())["preset"]
    if "decay" not in cfg: print(f"{out}: already converted"); return
    if cfg.pop("decay"): raise ValueError("a study with decay=True: its schedule would be 'decay'; convert it by hand")
    p = preset_from_dict(dict(cfg, kd_schedule="constant"))       # the flat form of version 1, read as such
    for f in sorted((out/"records").glob("*.json")):
        r = json.loads(f.read_text())
        spec = old_spec(r, p, r["config"]["preset"]["epochs"])
        new = {k: v for k, v in r.items() if k not in ("kind", "n_masks", "seed", "teacher_masks", "losses", "kd_weights")}
        new.update(run=spec.id, spec=spec.to_dict(), epochs_total=spec.epochs_total, converted_from=r["run"])
        new["config"] = dict(r["config"], preset=p.to_dict())
        mask_old = out/r["mask"]
        new["mask"], new["weights"] = f"masks/{spec.id}.npy", f"weights/{spec.id}.pt"
        if mask_old.exists(): mask_old.rename(out/new["mask"])
        write_record(out/"records"/f"{spec.id}.json", new)
        assert read_record(out/"records"/f"{spec.id}.json") is not None
        if f.name != f"{spec.id}.json": f.unlink()
        print(f"{r['run']} -> {spec.id}")
    (out/"study.json").write_text(json.dumps(dict(preset=p.to_dict()), indent=1))

def convert_sweep(out: Path):
    f = out/"sweep.json"
    res = json.loads(f.read_text())
    if "teacher" not in res["runs"]: print(f"{f}: already converted"); return
    t = res["training"]
    p = preset_from_dict(dict(name="sweep", seeds=(t["seed"],), **{k: t[k] for k in ("size", "n_train", "n_valid", "widths", "n_iter", "epochs", "bs", "lr", "schedule", "teacher_masks")}))
    ep, seed = res["epochs"]["e2e_and_students"], t["seed"]
    teacher = teacher_spec(p, p.protocol.teacher_masks, seed)
    runs = {}
    for k, v in res["runs"].items():
        if k == "teacher": spec = teacher
        elif k == "e2e": spec = RunSpec("e2e", 1, ep, seed)
        else:
            g = json.loads(k)
            o = objective(("cdp", "feat"), (g["alpha"], g["beta"]), p)
            o = KDObjective(o.alpha, o.beta, g.get("normalize", True), "decay" if g.get("decay") else "constant")
            spec = RunSpec("student", 1, ep, seed, teacher, o, g.get("warm_start", False))
        runs[spec.id] = dict(spec=spec.to_dict(), val_psnr=v["val_psnr"], val_ssim=v["val_ssim"], seconds=v["seconds"], converted_from=k)
        print(f"{k} -> {spec.id}")
    res["runs"] = runs
    f.write_text(json.dumps(res, indent=1))

if __name__ == "__main__":
    for a in sys.argv[1:]:
        d = Path(a)
        convert_sweep(d) if (d/"sweep.json").exists() else convert_study(d)
