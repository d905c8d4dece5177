"""Training speed, measured in one run: a training step of E2E against the random-mask baseline (for each way of
taking the gradient through the initialization), a distillation step against an E2E step, the initialization's
forward pass against its floor, and on a GPU the paper preset's seconds per epoch and peak memory.

Steps are timed at the `cpu` preset's scale (32x32, L = 1, batch 64, light U-Net, T = 25) as one epoch of 24
training batches and one validation batch, best of several interleaved rounds, and reported per step.
Usage: python benchmarks/bench_train.py [--rounds 3] [--json results/bench_train.json]
"""
import argparse, json, time
import torch
from phasekd.train.data import dls_from_tensors
from phasekd.train.e2e import e2e_learner, random_learner
from phasekd.model.evaluate import measure
from phasekd.train.distill import kd_learner
from phasekd.study.config import get_preset
from phasekd.study.experiments import synthetic_images, load_images, build_learner, fit
from phasekd.study.runs import device_name, versions
from phasekd.study.runs import headline_specs

def step_seconds(learn, lr, n_steps):
    with learn.no_bar(), learn.no_logging():
        t0 = time.perf_counter(); learn.fit(1, lr); return (time.perf_counter() - t0)/n_steps

def cpu_steps(rounds):
    p = get_preset("cpu")
    p = p.replace(data=dict(n_train=24*p.train.bs, n_valid=p.train.bs))   # a preset is frozen: a new one with these counts
    imgs = synthetic_images(p)
    dls = lambda: dls_from_tensors(imgs["train"], imgs["valid"], p.train.bs, device="cpu", seed=0)
    kw = dict(widths=p.system.widths, n_iter=p.system.n_iter, lr=p.train.lr)
    teacher = e2e_learner(dls(), n_masks=p.protocol.teacher_masks, seed=1, **kw).model
    make = {"random": lambda: random_learner(dls(), **kw)}
    for g in ("unrolled", "truncated", "implicit"): make[f"E2E, {g} gradient"] = lambda g=g: e2e_learner(dls(), init_grad=g, **kw)
    make["student (defaults), implicit gradient"] = lambda: kd_learner(teacher, dls(), lr=p.train.lr, init_grad="implicit")
    best = {k: float("inf") for k in make}
    for r in range(rounds):
        for k, f in make.items():
            best[k] = min(best[k], step_seconds(f(), p.train.lr, 25))
            print(f"round {r}: {k:40s} {1e3*best[k]:7.1f} ms per step (best so far)", flush=True)
    rnd = best["random"]
    rows = {k: dict(step_ms=1e3*v, ratio_to_random=v/rnd) for k, v in best.items()}
    rows["student (defaults), implicit gradient"]["ratio_to_e2e"] = best["student (defaults), implicit gradient"]/best["E2E, implicit gradient"]
    return rows

def gpu_epochs(p, device="cuda"):
    "Seconds per epoch and peak memory of E2E, teacher and student at preset `p` on the GPU (fast settings)."
    images = load_images(p, test=False)
    h = headline_specs(p, 0)
    out, saved = {}, {}
    for k in ("e2e", "teacher", "student"):
        spec = h[k]
        learn, _ = build_learner(spec, p, images, device, saved.get("teacher"))
        with measure(device) as m: fit(learn, p, 1)
        out[k] = dict(epoch_s=m.seconds, peak_mem_mb=m.peak_mb)
        if k == "teacher":
            from phasekd.model.system import save_system
            saved["teacher"] = save_system(learn.model, "/tmp/phasekd_bench_teacher.pt")
        print(f"{k}: {m.seconds:.1f} s per epoch, peak {m.peak_mb:.0f} MB", flush=True)
    return out

if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--rounds", type=int, default=3); a.add_argument("--json", help="write the figures to this JSON file")
    args = a.parse_args()
    res = dict(device=device_name("cpu"), versions=versions(), rounds=args.rounds, steps=cpu_steps(args.rounds))
    print("\ntraining step at the cpu preset (32x32, L = 1, batch 64, light U-Net, T = 25):")
    for k, v in res["steps"].items():
        extra = f", {v['ratio_to_e2e']:.2f} x E2E (implicit)" if "ratio_to_e2e" in v else ""
        print(f"  {k:40s} {v['step_ms']:7.1f} ms = {v['ratio_to_random']:.2f} x random{extra}")
    if torch.cuda.is_available():
        p = get_preset("paper")
        p.resident, p.amp, p.channels_last = True, "bf16", True
        res["gpu"] = dict(device=device_name("cuda"), preset="paper", settings="resident data, bf16 U-Net, channels_last",
                          epochs=gpu_epochs(p))
    else: print("no GPU here: the paper preset's GPU figures are not measured")
    if args.json:
        with open(args.json, "w") as f: json.dump(res, f, indent=1)
