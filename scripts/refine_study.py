"""Score trained single-snapshot systems with the network alone and refined (phasekd.optics.refine), noiseless and under shot noise.

    python scripts/refine_study.py --study /path/to/cpu24-study --runs e2e-L1-e24-s0 ... --out results/refine/cpu24 [--n 2000]

For each run (its weights in STUDY/weights/RUN.pt) writes OUT/RUN.json: per photon count (and noiseless) the network's and the
refined PSNR/SSIM on the first N test images, the share of images above 40 dB, the refined estimate against the truth's global
phase (the bound no user reaches), the residual and iterations; the device, versions and timings. Noise draws are seeded.
With --natural, also the global-phase rules on crops of scikit-image's natural images that have no dark floor.
"""
import argparse, json, time
from datetime import datetime, timezone
from pathlib import Path
import torch
from phasekd.train import data
from phasekd.model.system import load_system
from phasekd.study.folder import StudyFolder
from phasekd.optics.refine import PHASE_RULES
from phasekd.optics.sensing import PoissonNoise
from phasekd.study.runs import device_name, versions, split_run_id
from phasekd.model.evaluate import PHOTONS as SCORED, refined_scores

PHOTONS = (None, *sorted((k for k in SCORED if k is not None and k >= 10), reverse=True))   # (None, 10000, 1000, 100, 10)

def natural_crops(size: int, n: int = 200, floor: float = 0.1, seed: int = 0) -> torch.Tensor:
    "Crops (N, 1, size, size) in [0, 1] of scikit-image's natural images, each 2*size wide, averaged down, without a dark floor (1% quantile >= floor)."
    import skimage.data as d
    names = ("camera", "astronaut", "coffee", "chelsea", "rocket", "immunohistochemistry", "moon", "brick", "grass", "gravel", "coins", "clock", "cat")
    g, out = torch.Generator().manual_seed(seed), []
    for name in names:
        im = torch.as_tensor(getattr(d, name)()).double()
        if im.ndim == 3: im = im[..., :3].mean(-1)
        im = im/255
        for _ in range(200):
            i = torch.randint(0, im.shape[0] - 2*size, (1,), generator=g).item(); j = torch.randint(0, im.shape[1] - 2*size, (1,), generator=g).item()
            c = torch.nn.functional.avg_pool2d(im[None, None, i:i + 2*size, j:j + 2*size], 2)[0]
            if torch.quantile(c.flatten(), 0.01) >= floor: out.append(c)
            if len(out) >= n*(names.index(name) + 1)//len(names): break
    return torch.stack(out[:n]).float()

def tau_sweep(study, run, out, taus=(0.125, 0.25, 0.5, 1.0, 2.0), photons=(10, 30, 100, 300, 1000, 3000, 10000), n=500):
    "The discrepancy factor tau on validation images: refined PSNR and iterations per (photons, tau); written to OUT/tau_sweep.json."
    from phasekd.optics.refine import default_tau
    import dataclasses
    system = load_system(StudyFolder(study).weights_path(run)).eval()
    imgs, rows = data.load_split("valid", system.size[0], n), []
    for k in photons:
        for tau in (*taus, None):                                   # None: the default rule, default_tau(photons)
            system.config = dataclasses.replace(system.config, refinement=dataclasses.replace(system.refinement, tau=tau))
            s = refined_scores(system, imgs, k)
            t = default_tau(PoissonNoise(k)) if tau is None else tau
            rows.append(dict(photons=k, tau="default" if tau is None else tau, tau_value=t, net_psnr=s["net_psnr"], psnr=s["psnr"],
                             refined_not_worse=s["refined_not_worse"], iterations=s["iterations"]))
            print(f"valid, {k:g} photons/px, tau {rows[-1]['tau']} ({t:.3g}): network {s['net_psnr']:.2f}, refined {s['psnr']:.2f} dB, "
                  f"{s['iterations']:.1f} it", flush=True)
    rec = dict(study=str(study), run=run, split="valid", n_images=len(imgs), refinement=system.refinement.to_dict(), rows=rows, device=device_name("cpu"),
               created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (Path(out)/"tau_sweep.json").write_text(json.dumps(rec, indent=1))

def through_check(study, runs, out, photons=1000, n=1000, steps=20):
    """Why a system trained through `steps` refinement steps does (not) beat one trained for the network alone and refined after:
    on the first `n` validation images at `photons` (seeded draws), each run's network, its estimate after `steps` steps with the
    default stopping rule (what the through-training saw), after `steps` steps without stopping, and the default refinement
    (blind and with the truth's global phase); written to OUT/through_check.json."""
    import dataclasses
    rows = []
    for run in runs:
        system = load_system(StudyFolder(study).weights_path(run)).eval()
        imgs = data.load_split("valid", system.size[0], n)
        base = system.refinement.to_dict()
        row = dict(run=run)
        for name, cfg in (("as_trained", dict(base, n_iter=steps)), ("no_stop", dict(base, n_iter=steps, tau=1e-9)), ("default", base)):
            system.config = dataclasses.replace(system.config, refinement=cfg)
            s = refined_scores(system, imgs, photons)
            row.update(net_psnr=s["net_psnr"], **{f"{name}_psnr": s["psnr"], f"{name}_iterations": s["iterations"]})
            if name == "default": row.update(default_truth_psnr=s["truth_psnr"], default_not_worse=s["refined_not_worse"])
        rows.append(row)
        print(row, flush=True)
    rec = dict(study=str(study), split="valid", n_images=n, photons=photons, steps=steps, rows=rows,
               device=device_name("cpu"), created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (Path(out)/"through_check.json").write_text(json.dumps(rec, indent=1))

def _ms(v):
    import statistics
    return f"{statistics.mean(v):.2f} ± {statistics.stdev(v):.2f}" if len(v) > 1 else f"{v[0]:.2f}"

def summary(out) -> str:
    "OUT/results.md from the records in OUT: network and refined test PSNR per system kind and photon count, mean ± std over seeds."
    out = Path(out)
    recs = [json.loads(f.read_text()) for f in sorted(out.glob("*-s[0-9]*.json"))]
    kinds = {}
    for r in recs: kinds.setdefault(split_run_id(r["run"])[0], []).append(r)
    cols = ["noiseless", "10000", "1000", "100", "10"]
    n = sorted({r["n_images"] for r in recs})
    md = [f"# Refined single-snapshot recovery (`{recs[0]['study']}` systems; first {', '.join(map(str, n))} test images; blind global phase)", "",
          f"Device: {', '.join(sorted({r['device'] for r in recs}))}. Refinement: `{recs[0]['refinement']}`. Made by `scripts/refine_study.py` from the records beside it.", "",
          "PSNR (dB), network → refined, mean ± std over seeds; columns: photons per pixel (Poisson).", "",
          "| system | seeds | " + " | ".join(cols) + " | noiseless, share > 40 dB | noiseless, truth's global phase |",
          "|---|---|" + "---|"*len(cols) + "---|---|"]
    for k, rs in kinds.items():
        cells = [f"{_ms([r['scores'][c]['net_psnr'] for r in rs])} → **{_ms([r['scores'][c]['psnr'] for r in rs])}**" for c in cols]
        md.append(f"| {k} | {len(rs)} | " + " | ".join(cells) + f" | {_ms([100*r['scores']['noiseless']['above_40db'] for r in rs])} % | "
                  f"{_ms([r['scores']['noiseless']['truth_psnr'] for r in rs])} |")
    md += ["", "Per seed, refined: what the learned mask is worth (E2E − fixed mask, E2E − random mask), dB:", "",
           "| difference | " + " | ".join(cols) + " |", "|---|" + "---|"*len(cols)]
    by = {r["run"]: r for r in recs}
    for other in ("fixed-mask", "random"):
        seeds = [split_run_id(r["run"])[1] for r in kinds.get("e2e-L1-e24", []) if f"{other}-L1-e24-s{split_run_id(r['run'])[1]}" in by]
        if not seeds: continue
        cells = []
        for c in cols:
            d = [by[f"e2e-L1-e24-s{s}"]["scores"][c]["psnr"] - by[f"{other}-L1-e24-s{s}"]["scores"][c]["psnr"] for s in seeds]
            dn = [by[f"e2e-L1-e24-s{s}"]["scores"][c]["net_psnr"] - by[f"{other}-L1-e24-s{s}"]["scores"][c]["net_psnr"] for s in seeds]
            cells.append(f"{_ms(dn)} → **{_ms(d)}**")
        md.append(f"| E2E − {other} ({len(seeds)} seeds), network → refined | " + " | ".join(cells) + " |")
    nat = [r for r in recs if "natural" in r]
    if nat:
        md += ["", "Global-phase rules (noiseless), FashionMNIST test images and natural crops without a dark floor (E2E systems trained on FashionMNIST):", "",
               "| images | seeds | network | rule 'net' | rule 'dark' (default) | truth's global phase |", "|---|---|---|---|---|---|"]
        for name, get in (("FashionMNIST test", lambda r: r["scores"]["noiseless"]), ("natural crops", lambda r: r["natural"]["scores"])):
            md.append(f"| {name} | {len(nat)} | {_ms([get(r)['net_psnr'] for r in nat])} | {_ms([get(r)['rule_net'] for r in nat])} | "
                      f"{_ms([get(r)['rule_dark'] for r in nat])} | {_ms([get(r)['truth_psnr'] for r in nat])} |")
    text = "\n".join(md[2:]) + "\n"                                 # the tables without the title, for the README
    (out/"tables.md").write_text(text)
    (out/"results.md").write_text(md[0] + "\n\n" + text)
    return text

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study"); ap.add_argument("--runs", nargs="+", default=[])
    ap.add_argument("--summary", action="store_true", help="only write OUT/results.md from the records in OUT")
    ap.add_argument("--through-check", action="store_true", help="with --runs: E2E runs trained with and without the refinement, compared on validation (OUT/through_check.json)")
    ap.add_argument("--tau-sweep", help="a run whose validation scores choose tau (OUT/tau_sweep.json)")
    ap.add_argument("--taus", type=float, nargs="+", default=[0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0], help="with --tau-sweep: the factors tried")
    ap.add_argument("--photons", type=float, nargs="+", default=[1, 3, 10, 30, 100, 300, 1000, 3000, 10000], help="with --tau-sweep: the photon counts")
    ap.add_argument("--out", required=True); ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--natural", action="store_true"); ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if a.summary: print(summary(out)); return
    if a.through_check: through_check(a.study, a.runs, out, n=min(a.n, 1000)); return
    if a.tau_sweep: tau_sweep(a.study, a.tau_sweep, out, tuple(a.taus), tuple(a.photons)); return
    for run in a.runs:
        f = out/f"{run}.json"
        if f.exists(): print(f"{f}: there, skipped"); continue
        system = load_system(StudyFolder(a.study).weights_path(run)).eval()
        H = system.size[0]
        imgs = data.load_split("test", H, a.n)
        t0 = time.perf_counter()
        rec = dict(run=run, study=Path(a.study).name, n_images=len(imgs), split="test", refinement=system.refinement.to_dict(),
                   config=system.config.to_dict(), scores={})
        for k in PHOTONS:
            rec["scores"]["noiseless" if k is None else f"{k:g}"] = s = refined_scores(system, imgs, k, rules=True)
            print(f"{run} {'noiseless' if k is None else f'{k:g} photons/px'}: network {s['net_psnr']:.2f} dB, refined {s['psnr']:.2f} dB "
                  f"(truth-aligned {s['truth_psnr']:.2f}; {s['above_40db']:.0%} above 40 dB; {s['iterations']:.0f} it)", flush=True)
        if a.natural:
            nat = natural_crops(H)
            rec["natural"] = dict(n_images=len(nat), source="scikit-image data, crops with 1% quantile >= 0.1", scores=refined_scores(system, nat, None, rules=True))
            s = rec["natural"]["scores"]
            print(f"{run} natural crops: network {s['net_psnr']:.2f}, " + ", ".join(f"{r} {s[f'rule_{r}']:.2f}" for r in PHASE_RULES) + f", truth {s['truth_psnr']:.2f}", flush=True)
        rec.update(seconds=time.perf_counter() - t0, device=device_name("cpu"),
                   versions=versions(),
                   created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        tmp = f.with_suffix(".json.tmp"); tmp.write_text(json.dumps(rec, indent=1)); tmp.replace(f)

if __name__ == "__main__": main()
