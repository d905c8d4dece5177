"""How often `phasekd reconstruct` says an estimate cannot be trusted (phasekd.lab.trust, calibrated at 1% false alarms on
each system's validation images): shipped systems, frames simulated (seeded Poisson noise) of FashionMNIST test images
(in distribution for systems trained on FashionMNIST), of held-out natural images and of the corpus's test split; for
each, the share of frames flagged (not trusted), the share that do not fit, the share the network does not know, and
the mean PSNR of the flagged and of the trusted frames (blind global phase), so that a flag can be read against what it
caught. One record: results/trust.json.

    python scripts/trust_study.py [--systems e2e student e2e-p2] [--photons 1000 10]
"""
import argparse, json, time
from datetime import datetime, timezone
from pathlib import Path
import torch
from phasekd.bench_commands import trust_for
from phasekd.lab import camera, trust
from phasekd.model.system import load_system
from phasekd.model.losses import psnr
from phasekd.train import data
from phasekd.train.corpus import corpus
from phasekd.study.runs import device_name, versions

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--systems", nargs="+", default=["e2e", "student", "e2e-p2"]); ap.add_argument("--photons", nargs="+", type=float, default=[1000., 10.])
    ap.add_argument("--out", default="results/trust.json")
    a = ap.parse_args()
    sets = {"fashion-mnist": data.load_split("test", 32, 500), "natural": data.natural_images(32, 64, "test"), "corpus": corpus(32, 300, "test")}
    rows, t0 = [], time.perf_counter()
    for name in a.systems:
        s = load_system(name).eval()
        for ph in a.photons:
            cal, what = trust_for(name, ph)
            for k, imgs in sets.items():
                y = camera.simulate(s.with_noise(dict(kind="poisson", photons=ph, seed=1)), imgs)
                d = camera.reconstruct(s, y, refine=True, photons=ph, details=True)
                j = trust.assess(s, d["cdps"], d["residual"], cal)
                bad = torch.tensor([not x["trusted"] for x in j]); q = psnr(d["estimate"], imgs)
                r = dict(system=name, oversample=s.sensing.oversample, photons=ph, images=k, n=len(imgs), flagged=bad.double().mean().item(),
                         not_fit=float(sum(not x["fits"] for x in j))/len(j), unfamiliar=float(sum(not x["familiar"] for x in j))/len(j),
                         psnr_flagged=q[bad].mean().item() if bad.any() else None, psnr_trusted=q[~bad].mean().item() if (~bad).any() else None,
                         calibrated_on=what, residual_limit=cal["residual_limit"], prior_limit=cal["prior_limit"])
                rows.append(r); print(json.dumps(r), flush=True)
    rec = dict(what=__doc__.split("\n\n")[0].replace("\n", " "), false_alarm=trust.FALSE_ALARM, rows=rows, seconds=time.perf_counter() - t0,
               device=device_name("cpu"), versions=versions(), created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    Path(a.out).write_text(json.dumps(rec, indent=1)); print(a.out)

if __name__ == "__main__": main()
