"""Classical recovery from one CDP, no network and no training: a random mask, P = 1 (the paper's model, the far field on
the object's own grid) against P = 2 (sampled at the Nyquist rate of its intensity), on FashionMNIST test images and on
phase images of scikit-image's held-out pictures (phasekd.train.data.natural_images), noiseless and under shot noise of
10 to 10,000 photons per object pixel. Recovery: RAAR then error reduction under the phase-object constraints
(phasekd.optics.refine, Refinement(method='raar')) from a random start, with random restarts (batched) for the images
whose result does not fit; the blind global phase by the 'arc' rule, and, as the bound no user reaches, the truth's.

    python scripts/oversample_study.py --out results/oversample [--n 32] [--size 32]
"""
import argparse, json, math, time
from datetime import datetime, timezone
from pathlib import Path
import torch
from phasekd.optics.sensing import CodedDiffraction, Noise, phase_object
from phasekd.optics.refine import Refinement, align_global_phase, phase_to_image
from phasekd.optics.no_prior import recover_without_prior
from phasekd.optics.solvers import phase_image
from phasekd.model.losses import psnr
from phasekd.model.evaluate import PHOTONS
from phasekd.train import data
from phasekd.study.runs import device_name, versions

COUNTS = (None, *sorted((k for k in PHOTONS if k is not None and k >= 10), reverse=True))   # (None, 10000, 1000, 100, 10)

@torch.no_grad()
def score(imgs, P, photons, cfg, mp=math.pi, seed=0):
    "Blind and truth-aligned PSNR of the recovery of `imgs` from one random-mask CDP at oversampling P and `photons` per object pixel."
    noise = Noise.from_spec(None if photons is None else dict(kind="poisson", photons=float(photons), seed=seed))
    cd = CodedDiffraction(1, tuple(imgs.shape[-2:]), seed=seed, trainable=False, oversample=P, noise=noise).double()
    truth = phase_object(imgs.double(), mp)
    y = cd(truth)                                                     # the noise drawn for photons per object pixel
    t0 = time.perf_counter()
    o = recover_without_prior(y, cd, mp, cfg, cd.noise, seed=seed)
    dt = time.perf_counter() - t0
    blind = psnr(phase_to_image(align_global_phase(o["x"], o["start"], mp, "arc"), mp), imgs.double())   # the 'arc' rule not told of the noise, as recorded
    aligned = psnr(phase_image(o["x"], truth, mp), imgs.double())
    return dict(psnr=blind.mean().item(), psnr_median=blind.median().item(), psnr_min=blind.min().item(), truth_psnr=aligned.mean().item(),
                psnr_capped=blind.clamp(max=100).mean().item(), truth_psnr_capped=aligned.clamp(max=100).mean().item(),
                above_40db=(blind > 40).double().mean().item(), blind_loss_db=(aligned - blind).mean().item(),
                residual=o["residual"].mean().item(), restarted=o["restarted"].double().mean().item(),
                ms_per_image=1e3*dt/len(imgs), iterations=(o["iterations"] + o["restart_iterations"]).double().mean().item())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="results/oversample"); ap.add_argument("--n", type=int, default=32); ap.add_argument("--size", type=int, default=32)
    a = ap.parse_args()
    cfg = Refinement(method="raar", n_iter=300, polish=200, restarts=3, constraint="unit")
    sets = {"fashion-mnist": data.load_split("test", a.size, a.n), "natural": data.natural_images(a.size, a.n, "test")}
    rows, t0 = [], time.perf_counter()
    for name, imgs in sets.items():
        for P in (1, 2):
            for k in COUNTS:
                r = dict(images=name, oversample=P, photons="noiseless" if k is None else k, **score(imgs, P, k, cfg))
                rows.append(r); print(json.dumps(r), flush=True)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    rec = dict(what=__doc__.split("\n\n")[0].replace("\n", " "), n_images=a.n, size=a.size, mask="random (seed 0), one snapshot",
               images={"fashion-mnist": f"the first {a.n} of FashionMNIST's test split",
                       "natural": f"{a.n} crops of scikit-image's {', '.join(data.SKIMAGE_IMAGES['test'])}, stretched to [0, 1]"},
               photons="per object pixel (noise seeded)", refinement=cfg.to_dict(), start="one random phase object, then up to 3 random restarts where the result does not fit",
               global_phase="'arc' (blind); truth_psnr: the truth's",
               note="float64 recovers exact data to about 300 dB, so means are also given with each image capped at 100 dB (psnr_capped)", rows=rows, seconds=time.perf_counter() - t0,
               device=device_name("cpu"), versions=versions(), created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (out/"classical.json").write_text(json.dumps(rec, indent=1)); print(out/"classical.json")

if __name__ == "__main__": main()
