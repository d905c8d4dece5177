"""Trained systems at P = 2 beside the `noise` study's at P = 1 (results/noise/: the same preset, seeds and budget): random
mask, fixed mask and E2E, each trained by `phasekd train --preset noise --oversample 2` and scored by `refined_scores`
(blind global phase; network and refined) on FashionMNIST test images and held-out natural images, noiseless and at 10
to 10,000 photons per object pixel. Resumable: a run whose record exists is skipped. One record per run in OUT.

    python scripts/oversample_systems.py --out results/oversample/systems --runs e2e-s1 e2e-s2 random-s0 fixed-mask-s0 [--n 500]
"""
import argparse, json, time
from datetime import datetime, timezone
from pathlib import Path
from phasekd.cli import main as phasekd
from phasekd.model.system import load_system, system_info
from phasekd.model.evaluate import refined_scores, PHOTONS
from phasekd.train import data
from phasekd.study.runs import device_name, versions

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="results/oversample/systems"); ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--n", type=int, default=500); ap.add_argument("--n-natural", type=int, default=64)
    ap.add_argument("--weights", default="/tmp/oversample-weights", help="where the trained systems go (not committed)")
    a = ap.parse_args()
    out, wdir = Path(a.out), Path(a.weights); out.mkdir(parents=True, exist_ok=True); wdir.mkdir(parents=True, exist_ok=True)
    sets = {"fashion-mnist": data.load_split("test", 32, a.n), "natural": data.natural_images(32, a.n_natural, "test")}
    for run in a.runs:
        kind, seed = run.rsplit("-s", 1)
        if (out/f"{run}.json").exists(): print(f"{run}: recorded, skipped"); continue
        w, t0 = wdir/f"{run}.pt", time.perf_counter()
        if not w.exists():
            rc = phasekd(["train", "--preset", "noise", "--kind", kind, "--oversample", "2", "--seed", seed, "--out", str(w), "--quiet"])
            if rc: raise SystemExit(f"{run}: training failed ({rc})")
        train_s, s, info = time.perf_counter() - t0, load_system(w).eval(), system_info(w)
        scores = {name: {"noiseless" if k is None else f"{k:g}": refined_scores(s, imgs, k) for k in PHOTONS if k is None or k >= 10}
                  for name, imgs in sets.items()}
        rec = dict(run=info["run"], kind=kind, seed=int(seed), oversample=2, command=f"phasekd train --preset noise --kind {kind} --oversample 2 --seed {seed}",
                   valid=info["valid"], history=info["history"], train_seconds=train_s, config=dict(system=s.config.to_dict()),
                   images={"fashion-mnist": f"the first {a.n} of FashionMNIST's test split", "natural": f"{a.n_natural} held-out scikit-image crops"},
                   photons="per object pixel (noise seeded)", scores=scores, device=device_name("cpu"), versions=versions(),
                   created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        (out/f"{run}.json").write_text(json.dumps(rec, indent=1))
        print(run, {n: round(v["1000"]["psnr"], 2) for n, v in scores.items()}, f"{time.perf_counter() - t0:.0f} s", flush=True)

if __name__ == "__main__": main()
