"""Ship a general system of the low-light study (scripts/lowlight_study.py: P = 2, trained on the corpus, not only on
FashionMNIST) beside the others, with its record from the study (what it scores on FashionMNIST, on held-out natural
images and on the corpus's test split, from 1 to 10,000 photons per object pixel).

    python scripts/ship_general.py results/lowlight/10/e2e-s0.json /tmp/lowlight-weights/10/e2e-s0.pt --name corpus-e2e-10
"""
import argparse, json
import phasekd
from phasekd.model.system import load_system, save_system, system_info, SHIPPED

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("record"); ap.add_argument("weights"); ap.add_argument("--name", required=True)
    a = ap.parse_args()
    rec, s, info = json.loads(open(a.record).read()), load_system(a.weights).eval(), system_info(a.weights)
    if rec["run"] != info.get("run"): raise SystemExit(f"{a.record} records run {rec['run']}, {a.weights} holds {info.get('run')}")
    rec = dict(rec, name=a.name, shipped_from=dict(record=a.record, study="scripts/lowlight_study.py"))
    save_system(s, SHIPPED/f"{a.name}.pt", info)
    (SHIPPED/f"{a.name}.json").write_text(json.dumps(rec, indent=1))
    print(SHIPPED/f"{a.name}.pt", SHIPPED/f"{a.name}.json", f"phasekd {phasekd.__version__}")

if __name__ == "__main__": main()
