"""Copy the seed-0 systems of a study into the package (phasekd/systems/NAME.pt with its record NAME.json) and write the
folder's README.md from the records, so that `phasekd reconstruct/simulate/export NAME ...` work without training.

    python scripts/ship_systems.py --study /path/to/noise-study [--seed 0]
"""
import argparse, json, shutil
from pathlib import Path
from phasekd.study.runs import headline_specs, load_records
from phasekd.report.results import study_preset

NAMES = ("random", "fixed-mask", "e2e", "student", "teacher")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study", required=True); ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dest", default=str(Path(__file__).resolve().parents[1]/"phasekd"/"systems"))
    a = ap.parse_args()
    study, dest = Path(a.study), Path(a.dest); dest.mkdir(parents=True, exist_ok=True)
    p = study_preset(study)
    recs = {r["run"]: r for r in load_records(study)}
    rows = []
    for name in NAMES:
        spec = headline_specs(p, a.seed)[name]
        rec = recs.get(spec.id)
        if rec is None: print(f"{name}: no record of {spec.id} in {study}, not shipped"); continue
        shutil.copyfile(study/rec["weights"], dest/f"{name}.pt")
        (dest/f"{name}.json").write_text(json.dumps(rec, indent=1))
        t, ph = rec["metrics"]["test"], rec["metrics"].get("photons", {})
        ref = lambda k: f"{ph[k]['refined_psnr']:.2f}" if k in ph and "refined_psnr" in ph[k] else "–"
        net = lambda k: f"{ph[k]['psnr']:.2f}" if k in ph else "–"
        rows.append(f"| `{name}` | `{spec.id}` | {spec.n_masks} | {net('1000')} | {ref('1000')} | {net('noiseless')} | {ref('noiseless')} |")
        print(f"{name}: {spec.id} shipped")
    noise = p.system.noise or {}
    md = [f"# Trained systems that come with phasekd", "",
          f"The seed-{a.seed} systems of the `{p.name}` study: {p.system.size[0]}x{p.system.size[0]} FashionMNIST phase images (phase in [0, pi]), "
          f"trained {p.train.epochs} epochs on {p.data.n_train} images" + (f" under Poisson noise of {noise.get('photons'):g} photons per pixel" if noise else "")
          + ". Each `NAME.pt` is a system (`phasekd.model.system.load_system('NAME')`), `NAME.json` the record of the run that made it.", "",
          "Use them by name: `phasekd simulate e2e --out cdps`, `phasekd reconstruct e2e cdps/frame_*_0.png --out est --photons 1000`, "
          "`phasekd export e2e --slm --out slm`. Test PSNR (dB) on the 10,000 test images, from the records:", "",
          "| name | run | snapshots | network, 1,000 photons/px | refined, 1,000 photons/px | network, noiseless | refined, noiseless |",
          "|---|---|---|---|---|---|---|", *rows, "",
          "Made by `scripts/ship_systems.py` from the study's records and weights."]
    old = (dest/"README.md").read_text() if (dest/"README.md").exists() else ""
    rest = old[old.index("\n## "):] if "\n## " in old else ""             # sections other scripts wrote (scripts/ship_oversampled.py) are kept
    (dest/"README.md").write_text("\n".join(md) + "\n" + rest)

if __name__ == "__main__": main()
