"""Time a distillation epoch against an E2E epoch at the `cpu` preset's scale, and the teacher's share of it.

Systems: E2E (L = 1), the random-mask baseline, the nine-snapshot teacher, and students from scratch with the
package's default method (KD_METHODS[DEFAULT_KD]), with the teacher's estimate fading over the fit (KD_METHODS["out-decay"]),
with L_cdp alone (KD_METHODS["cdp"]) and with the paper's two terms (KD_METHODS["paper"]), all at 32x32 with the light U-Net, T = 25,
batch 64, 4,000 training and 1,000 validation images
(synthetic: timing does not depend on what the images show), under a nine-snapshot teacher.
Each system trains one epoch per round, the rounds interleave the systems, and the best of the
rounds is kept, so the ratios are measured in one run on the same machine state. The teacher's
share is the time of its own forward passes (as far as the terms in force need them) over the
same batches, divided by the student's epoch. The students whose teacher runs more than its sensing are also timed
with `cache_teacher=True`, at their second epoch (the first one computes the cache).
Usage: python benchmarks/bench_kd.py [--rounds 3] [--json results/bench_kd.json]
"""
import argparse, json, time
import torch
from phasekd.model.system import SystemConfig
from phasekd.train.data import dls_from_tensors
from phasekd.train.e2e import e2e_learner, random_learner
from phasekd.train.distill import kd_learner
from phasekd.model.losses import KD_METHODS, DEFAULT_KD
from phasekd.study.config import get_preset
from phasekd.study.experiments import synthetic_images
from phasekd.study.runs import device_name, versions

def epoch_seconds(learn, lr):
    with learn.no_bar(), learn.no_logging():
        t0 = time.perf_counter(); learn.fit(1, lr); return time.perf_counter() - t0

def teacher_seconds(teacher, imgs, bs, outputs):
    teacher.eval()
    t0 = time.perf_counter()
    with torch.no_grad():
        for b in imgs.split(bs):
            if len(b) == bs: teacher(b, outputs)
    return time.perf_counter() - t0

def main(rounds=3):
    p = get_preset("cpu")
    imgs = synthetic_images(p)
    dls = lambda: dls_from_tensors(imgs["train"], imgs["valid"], p.train.bs, device="cpu", seed=0)
    kw = dict(widths=p.system.widths, n_iter=p.system.n_iter, lr=p.train.lr)
    teacher = e2e_learner(dls(), n_masks=p.protocol.teacher_masks, seed=1, **kw).model
    objectives = {f"student ({'default, ' if m == DEFAULT_KD else ''}{m}: {KD_METHODS[m].tag})": KD_METHODS[m]
                  for m in dict.fromkeys((DEFAULT_KD, "out-decay", "cdp", "paper"))}
    make = {"E2E": lambda: e2e_learner(dls(), **kw), "random": lambda: random_learner(dls(), **kw),
            f"teacher (L = {p.protocol.teacher_masks})": lambda: e2e_learner(dls(), n_masks=p.protocol.teacher_masks, **kw),
            **{k: (lambda o=o: kd_learner(teacher, dls(), o, lr=p.train.lr)) for k, o in objectives.items()}}
    cached = {f"{k}, teacher cached": o for k, o in objectives.items() if o.teacher_outputs != ("y",)}   # the teacher runs more than its sensing
    def second_epoch(o):
        learn = kd_learner(teacher, dls(), o, lr=p.train.lr, cache_teacher=True)
        epoch_seconds(learn, p.train.lr); return epoch_seconds(learn, p.train.lr)
    best = {k: float("inf") for k in list(make) + list(cached)}
    for r in range(rounds):
        for k, f in make.items():
            best[k] = min(best[k], epoch_seconds(f(), p.train.lr))
            print(f"round {r}: {k:48s} {best[k]:6.2f} s (best so far)", flush=True)
        for k, o in cached.items():
            best[k] = min(best[k], second_epoch(o))
            print(f"round {r}: {k:48s} {best[k]:6.2f} s (best so far)", flush=True)
    tshare = {}
    for k, o in objectives.items():
        t = min(teacher_seconds(teacher, torch.cat([imgs["train"], imgs["valid"]]), p.train.bs, o.teacher_outputs) for _ in range(rounds))
        tshare[k] = t/best[k]
    e2e = best["E2E"]
    rows = {k: dict(epoch_s=v, ratio_to_e2e=v/e2e) for k, v in best.items()}
    for k in objectives: rows[k]["teacher_share"] = tshare[k]
    print(f"\nepoch at the cpu preset (32x32, 4,000 + 1,000 images, batch 64, T = 25, light U-Net), best of {rounds}:")
    for k, v in rows.items():
        extra = f", teacher's share {v['teacher_share']:.1%}" if "teacher_share" in v else ""
        print(f"  {k:48s} {v['epoch_s']:6.2f} s  = {v['ratio_to_e2e']:.2f} x E2E{extra}")
    return dict(rows=rows, rounds=rounds, device=device_name("cpu"), versions=versions(), torch_threads=torch.get_num_threads(),
                init_grad=SystemConfig().init_grad)

if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--rounds", type=int, default=3); a.add_argument("--json", help="write the figures to this JSON file")
    args = a.parse_args()
    res = main(args.rounds)
    if args.json:
        with open(args.json, "w") as f: json.dump(res, f, indent=1)
