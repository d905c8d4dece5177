"""Ship an oversampled single-snapshot system (P = 2) beside the `noise` study's systems, with a record of what it scores.

    phasekd train --preset noise --kind e2e --oversample 2 --out /tmp/e2e-p2.pt      # about 6 minutes on 2 CPU cores
    python scripts/ship_oversampled.py /tmp/e2e-p2.pt [--name e2e-p2] [--n 1000]

The record (phasekd/systems/NAME.json) holds the system's configuration, its training (the command's history and
validation figures) and `refined_scores` (network and refined, blind global phase, and with the truth's) on FashionMNIST
test images and on held-out scikit-image crops (phasekd.train.data.natural_images), at 10 to 10,000 photons per object
pixel and noiselessly.
"""
import argparse, dataclasses, json, time
from datetime import datetime, timezone
import phasekd
from phasekd.model.system import load_system, save_system, system_info, SHIPPED
from phasekd.optics.refine import OVERSAMPLED
from phasekd.model.evaluate import refined_scores, PHOTONS
from phasekd.train import data
from phasekd.study.runs import device_name, versions

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("weights"); ap.add_argument("--name", default="e2e-p2"); ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--n-natural", type=int, default=64)
    a = ap.parse_args()
    s, info = load_system(a.weights).eval(), system_info(a.weights)
    if s.config.refinement != OVERSAMPLED:                         # the recovery it ships with: the package's for oversampled systems
        s.config = dataclasses.replace(s.config, refinement=OVERSAMPLED)
    size = s.size[0]
    sets = {"fashion-mnist": data.load_split("test", size, a.n), "natural": data.natural_images(size, a.n_natural, "test")}
    scores, t0 = {}, time.perf_counter()
    for name, imgs in sets.items():
        scores[name] = {}
        for k in PHOTONS:
            if k is not None and k < 10: continue
            scores[name]["noiseless" if k is None else f"{k:g}"] = r = refined_scores(s, imgs, k)
            print(name, k, f"network {r['net_psnr']:.2f} dB, refined {r['psnr']:.2f} dB (truth's phase {r['truth_psnr']:.2f})", flush=True)
    rec = dict(run=info.get("run"), name=a.name, oversample=s.config.oversample, command=f"phasekd train --preset noise --kind e2e --oversample 2 --out {a.name}.pt",
               config=dict(system=s.config.to_dict()), training=dict(preset=info.get("preset", {}).get("name"), data=info.get("data"),
               n_train=info.get("n_train"), valid=info.get("valid"), history=info.get("history")),
               images={"fashion-mnist": f"the first {a.n} of FashionMNIST's test split",
                       "natural": f"{a.n_natural} crops of scikit-image's {', '.join(data.SKIMAGE_IMAGES['test'])} (held out), stretched to [0, 1]"},
               photons="per object pixel (noise seeded)", scores=scores, scoring_seconds=time.perf_counter() - t0,
               device=device_name("cpu"), versions=versions(), created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    save_system(s, SHIPPED/f"{a.name}.pt", info)
    (SHIPPED/f"{a.name}.json").write_text(json.dumps(rec, indent=1))
    print(SHIPPED/f"{a.name}.pt", SHIPPED/f"{a.name}.json", f"phasekd {phasekd.__version__}")

if __name__ == "__main__": main()
