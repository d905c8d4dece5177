"""The low-light study (preset `lowlight`): single-snapshot systems at P = 2 trained on the corpus (phasekd.train.corpus) under
10 (or, with --photons 100, 100) photons per object pixel: random mask, fixed mask, E2E, the multi-snapshot teacher, the
default student ('spec') and the paper's ('paper'), each by `phasekd train --preset lowlight`, and E2E at P = 1 on the same
corpus (`e2e-p1`); each scored, network and refined with the blind global phase (`refined_scores`), on FashionMNIST test
images, on held-out natural images (pictures no run trained on) and on the corpus's test split, noiseless and at 1 to
10,000 photons per object pixel; the first seed's single-snapshot runs also by classical recovery alone on their own
mask (no network: random starts, RAAR, restarts), the global phase
chosen as the systems' (and, for comparison, both by the 'arc' rule not told of the noise). Resumable: a run whose record exists is skipped; a student's teacher
is trained first where missing. One record per run in OUT/PHOTONS/.

    python scripts/lowlight_study.py --runs teacher-s0 e2e-s0 student-s0 [--photons 10] [--out results/lowlight]
"""
import argparse, json, time
from datetime import datetime, timezone
from pathlib import Path
import torch
from phasekd.cli import main as phasekd
from phasekd.model.system import load_system, system_info
from phasekd.model.evaluate import refined_scores, PHOTONS
from phasekd.model.losses import psnr
from phasekd.optics.sensing import phase_object
from phasekd.optics.refine import align_global_phase, phase_to_image
from phasekd.optics.no_prior import recover_without_prior
from phasekd.train import data
from phasekd.train.corpus import corpus
from phasekd.study.runs import device_name, versions

KINDS = {"random": [], "fixed-mask": [], "e2e": [], "teacher": [], "student": [], "student-paper": ["--method", "paper"],
         "e2e-p1": ["--oversample", "1"]}

def counts(): return [None, *sorted((k for k in PHOTONS if k is not None), reverse=True)]

RULE = "the 'arc' rule told of the noise, as the systems' refinement chooses it"

@torch.no_grad()
def classical(system, imgs, photons, seed=0) -> tuple:
    """PSNRs (blind) of recovery with no network (`recover_without_prior`: a random start, RAAR, the system's restarts) from one
    CDP of `system`'s own mask: the global phase by the 'arc' rule told of the noise (as the systems' scores), and not told."""
    s = system.with_noise(None if photons is None else dict(kind="poisson", photons=float(photons), seed=seed)).eval()
    mp = s.config.max_phase
    o = recover_without_prior(s.sensing(phase_object(imgs, mp)), s.sensing, mp, s.refinement, s.sensing.noise, seed=seed)
    untold = phase_to_image(align_global_phase(o["x"], o["start"], mp, "arc"), mp)
    return psnr(o["img"], imgs).mean().item(), psnr(untold, imgs).mean().item()

def key(k): return "noiseless" if k is None else f"{k:g}"

def score_count(s, sets, k) -> tuple:
    """Refined scores of every set at `k` photons per object pixel (None: noiseless), and from the same recoveries the held-out
    natural images' PSNR with the 'arc' rule not told of the noise (what the rule of the global phase costs on them)."""
    sc = {name: refined_scores(s, imgs, k, rules=name == "natural") for name, imgs in sets.items()}
    return sc, {r: sc["natural"].pop(r) for r in [r for r in sc["natural"] if r.startswith("rule_")]}["rule_arc"]

def classical_figures(rec, s, imgs, ks) -> dict:
    "No network on the system's own mask (seed 0, one snapshot) at the counts `ks`, by the systems' rule and not told of the noise."
    if int(rec["seed"]) != 0 or s.n_masks != 1: return rec
    rec.setdefault("classical", {}).setdefault("natural", {}); rec.setdefault("classical_arc_no_spread", {"natural": {}})
    for k in ks: rec["classical"]["natural"][key(k)], rec["classical_arc_no_spread"]["natural"][key(k)] = classical(s, imgs, k)
    rec["classical_rule"] = RULE
    return rec

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="results/lowlight"); ap.add_argument("--runs", nargs="+", required=True, help=f"KIND-sSEED, KIND one of {list(KINDS)}")
    ap.add_argument("--photons", type=float, default=10.); ap.add_argument("--n", type=int, default=200, help="FashionMNIST and corpus test images scored")
    ap.add_argument("--epochs", type=int, help="epochs (default: the preset's; fewer only to try the script)")
    ap.add_argument("--rescore", action="store_true", help="add the global-phase rule figures to recorded runs whose weights are kept")
    ap.add_argument("--rescore-counts", nargs="+", type=float, default=[], metavar="PHOTONS",
                    help="recompute these photon counts' scores of recorded runs whose weights are kept (after a change of the recovery)")
    ap.add_argument("--why", default="", help="with --rescore-counts: what changed, kept in the record")
    ap.add_argument("--n-natural", type=int, default=64); ap.add_argument("--weights", default="/tmp/lowlight-weights", help="where the trained systems go (not committed)")
    a = ap.parse_args()
    tag = f"{a.photons:g}"
    out, wdir = Path(a.out)/tag, Path(a.weights)/tag; out.mkdir(parents=True, exist_ok=True); wdir.mkdir(parents=True, exist_ok=True)
    sets = {"fashion-mnist": data.load_split("test", 32, a.n), "natural": data.natural_images(32, a.n_natural, "test"), "corpus": corpus(32, a.n, "test")}
    for run in a.runs:
        kind, seed = run.rsplit("-s", 1)
        if kind not in KINDS: raise SystemExit(f"{run}: the kind must be one of {list(KINDS)}")
        if (f := out/f"{run}.json").exists():
            rec = json.loads(f.read_text())
            if not (wdir/f"{run}.pt").exists() or not (a.rescore or a.rescore_counts): print(f"{run}: recorded, skipped", flush=True); continue
            s = load_system(wdir/f"{run}.pt").eval()
            if (a.rescore or a.rescore_counts) and "natural_arc_no_spread" not in rec:
                rec["natural_arc_no_spread"] = {key(k): refined_scores(s, sets["natural"], k, rules=True)["rule_arc"] for k in counts()}
                if not rec.get("classical_rule"): classical_figures(rec, s, sets["natural"], counts())
            for k in a.rescore_counts:
                sc, rec["natural_arc_no_spread"][key(k)] = score_count(s, sets, k)
                for name in sets: rec["scores"][name][key(k)] = sc[name]
                if rec.get("classical_rule"): classical_figures(rec, s, sets["natural"], [k])
            if a.rescore_counts: rec.setdefault("rescored", []).append(dict(counts=a.rescore_counts, why=a.why, versions=versions(),
                                                                            created=datetime.now(timezone.utc).isoformat(timespec="seconds")))
            f.write_text(json.dumps(rec, indent=1)); print(f"{run}: rescored", flush=True)
            continue
        w = wdir/f"{run}.pt"
        args = ["train", "--preset", "lowlight", "--kind", kind.split("-")[0] if kind.startswith("student") else kind.replace("-p1", ""),
                "--photons", tag, "--seed", seed, "--out", str(w), "--quiet", *KINDS[kind], *(["--epochs", str(a.epochs)] if a.epochs else [])]
        if kind.startswith("student"):
            t = wdir/f"teacher-s{seed}.pt"
            if not t.exists() and phasekd(["train", "--preset", "lowlight", "--kind", "teacher", "--photons", tag, "--seed", seed, "--out", str(t), "--quiet",
                                             *(["--epochs", str(a.epochs)] if a.epochs else [])]):
                raise SystemExit(f"{run}: its teacher's training failed")
            args += ["--teacher", str(t)]
        if not w.exists() and phasekd(args): raise SystemExit(f"{run}: training failed")
        t0, s, info = time.perf_counter(), load_system(w).eval(), system_info(w)
        per = {key(k): score_count(s, sets, k) for k in counts()}
        scores = {name: {c: sc[name] for c, (sc, _) in per.items()} for name in sets}
        rec = dict(run=info["run"], kind=kind, seed=int(seed), oversample=s.config.oversample, trained_photons=a.photons,
                   command="phasekd " + " ".join(x for x in args if x not in ("--quiet",)).replace(str(w), f"{run}.pt").replace(str(wdir) + "/", ""),
                   data=info["data"], valid=info["valid"], history=info["history"], train_seconds=info.get("train_seconds"),
                   config=dict(system=s.config.to_dict()), n_masks=s.n_masks,
                   images={"fashion-mnist": f"the first {a.n} of FashionMNIST's test split", "natural": f"{a.n_natural} crops of the held-out pictures "
                           f"{', '.join(data.SKIMAGE_IMAGES['test'])}", "corpus": f"the first {a.n} of the corpus's test split"},
                   photons="per object pixel (noise seeded)", scores=scores)
        rec["natural_arc_no_spread"] = {c: u for c, (_, u) in per.items()}
        classical_figures(rec, s, sets["natural"], counts())
        rec.update(score_seconds=time.perf_counter() - t0, device=device_name("cpu"), versions=versions(),
                   created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        (out/f"{run}.json").write_text(json.dumps(rec, indent=1))
        print(run, {n: round(v["10"]["psnr"], 2) for n, v in scores.items()}, f"trained {rec['train_seconds']} s", flush=True)

if __name__ == "__main__": main()
