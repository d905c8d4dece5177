"""Does the refinement's gain hold at a larger size? Train one E2E system at SIZE (few images, few epochs: a check, not a study)
and score it network against refined on test images, noiseless and at 1,000 photons per pixel.

    python scripts/refine_scale.py --size 64 --n-train 1000 --epochs 12 --out results/refine/scale64
"""
import argparse, json, time
from datetime import datetime, timezone
from pathlib import Path
import torch
from phasekd.train import data
from phasekd.commands import train_one
from phasekd.model.system import load_system
from phasekd.study.config import get_preset
from phasekd.study.runs import device_name, versions
from phasekd.model.evaluate import refined_scores

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=64); ap.add_argument("--n-train", type=int, default=1000)
    ap.add_argument("--epochs", type=int, default=12); ap.add_argument("--n-test", type=int, default=500)
    ap.add_argument("--out", required=True); ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    p = get_preset("cpu24").replace(name=f"cpu24-{a.size}", system=dict(size=a.size), data=dict(n_train=a.n_train, n_valid=500), train=dict(epochs=a.epochs))
    w = out/"weights"/"e2e.pt"                                      # ignored by git: results/**/weights/
    t0 = time.perf_counter()
    if not w.exists(): train_one(p, "e2e", 1, w, seed=0, device="cpu")
    train_s = time.perf_counter() - t0
    system = load_system(w).eval()
    imgs = data.load_split("test", a.size, a.n_test)
    scores = {}
    for k in (None, 1000):
        scores["noiseless" if k is None else f"{k:g}"] = s = refined_scores(system, imgs, k)
        print(f"{a.size}x{a.size} {'noiseless' if k is None else f'{k:g} photons/px'}: network {s['net_psnr']:.2f} dB, refined {s['psnr']:.2f} dB "
              f"(truth-aligned {s['truth_psnr']:.2f}; {s['above_40db']:.0%} above 40 dB)", flush=True)
    rec = dict(preset=p.to_dict(), n_test=len(imgs), split="test", train_time_s=train_s, refinement=system.refinement.to_dict(), scores=scores,
               device=device_name("cpu"), versions=versions(),
               created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (out/"e2e-s0.json").write_text(json.dumps(rec, indent=1))

if __name__ == "__main__": main()
