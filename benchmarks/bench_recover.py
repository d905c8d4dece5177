"""Time the recovery of an oversampled system (P = 2, `phasekd.optics.refine.OVERSAMPLED`: RAAR, error reduction on unit
modulus, random restarts where the result does not fit) against the network's inference, per image, on one thread.

Two cases on B phase images of held-out scikit-image crops: a start the network would give (the truth with a 0.03 rad
perturbation: the recovery fits without restarts, so this is what an image costs when the network's start suffices),
and a random start whose result is judged not to fit (`fit_residual` set below what the start can reach), so that the
restarts run: their cost per image. Best of several repeats. Noiseless, so the error reduction runs all its iterations.
Usage: python benchmarks/bench_recover.py [--json FILE] [--size96]
"""
import argparse, dataclasses, json, math, platform
import torch
from phasekd.model.evaluate import best_seconds
from phasekd.model.system import PRSystem
from phasekd.optics.refine import OVERSAMPLED, refine
from phasekd.optics.sensing import phase_object
from phasekd.train.data import natural_images

def bench(size=32, widths=(16, 32, 64, 128), B=8, repeats=3):
    s = PRSystem(1, size, widths=widths, n_iter=25, oversample=2, refinement=OVERSAMPLED).eval()
    imgs = natural_images(size, B)
    truth = phase_object(imgs)
    with torch.no_grad(): y = s.sensing(truth)                              # single precision throughout, as the system runs
    g = torch.Generator().manual_seed(0)
    good = truth*torch.polar(torch.ones_like(imgs), 0.03*torch.randn(imgs.shape, generator=g))
    rand = torch.polar(torch.ones_like(imgs), math.pi*torch.rand(imgs.shape, generator=g))
    sd = s.sensing
    def network():
        with torch.no_grad(): s.recover(y)
    out = {}
    def from_start():
        with torch.no_grad(): out["good"] = refine(y, sd, good, OVERSAMPLED)
    strict = dataclasses.replace(OVERSAMPLED, fit_residual=1e-300)            # every result judged not to fit: the restarts run
    def restarts():
        with torch.no_grad(): out["rand"] = refine(y, sd, rand, strict)
    t = {k: best_seconds(f, repeats) for k, f in (("network", network), ("start", from_start), ("restarts", restarts))}
    row = dict(size=size, widths=list(widths), B=B, oversample=2, refinement=OVERSAMPLED.to_dict(), threads=torch.get_num_threads(),
               network_ms_per_image=1e3*t["network"]/B, recovery_ms_per_image=1e3*t["start"]/B, ratio=t["start"]/t["network"],
               fits_from_start=bool((out["good"]["residual"] < OVERSAMPLED.fit_residual).all()),
               restarts_ms_per_image=1e3*(t["restarts"] - t["start"])/B, restarts=OVERSAMPLED.restarts)
    print(f"{size}x{size}, B={B}: network {row['network_ms_per_image']:.1f} ms/image, recovery from a good start "
          f"{row['recovery_ms_per_image']:.1f} ms/image ({row['ratio']:.1f}x, fits: {row['fits_from_start']}), "
          f"{OVERSAMPLED.restarts} random restarts {row['restarts_ms_per_image']:.0f} ms/image more", flush=True)
    return row

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", help="write the figures to this JSON file"); p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--size96", action="store_true", help="also the paper's 96x96 shape")
    a = p.parse_args()
    torch.set_num_threads(1)
    rows = [bench(repeats=a.repeats)] + ([bench(96, (32, 64, 128, 256), B=4, repeats=a.repeats)] if a.size96 else [])
    info = dict(torch=torch.__version__, threads=1, machine=platform.machine(), device="cpu")
    if a.json:
        with open(a.json, "w") as f: json.dump(dict(rows=rows, **info), f, indent=1)
