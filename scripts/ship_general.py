"""Ship a general system of the low-light study (scripts/lowlight_study.py: P = 2, trained on the corpus, not only on
FashionMNIST) beside the others, with its record from the study (what it scores on FashionMNIST, on held-out natural
images and on the corpus's test split, from 1 to 10,000 photons per object pixel); with --readme, write the table of the
shipped general systems into phasekd/systems/README.md from their records (a test checks that it is theirs).

    python scripts/ship_general.py results/lowlight/10/e2e-s0.json /tmp/lowlight-weights/10/e2e-s0.pt --name corpus-e2e-10
    python scripts/ship_general.py --readme
"""
import argparse, json, re
import phasekd
from phasekd.model.system import load_system, save_system, system_info, SHIPPED

COLS = (("natural", "10"), ("natural", "100"), ("natural", "1000"), ("corpus", "10"), ("corpus", "100"), ("fashion-mnist", "10"), ("fashion-mnist", "100"))
START, END = "<!-- general systems: from their records by scripts/ship_general.py --readme -->", "<!-- end of the general systems' table -->"

def general_table() -> str:
    "The shipped general systems (corpus-*) from their records: refined, blind PSNR (dB), and recovery with no network on the same mask."
    recs = sorted((json.loads(f.read_text()) for f in SHIPPED.glob("corpus-*.json")), key=lambda r: (r["trained_photons"], r["name"]))
    lines = ["| name | trained at (photons/px) | " + " | ".join(f"{'held-out natural' if i == 'natural' else 'corpus test' if i == 'corpus' else 'FashionMNIST'}, {c}"
                                                    for i, c in COLS) + " | no network, held-out, 10 | 100 |", "|---|---" + "|---"*(len(COLS) + 2) + "|"]
    for r in recs:
        cl = r.get("classical", {}).get("natural", {})
        lines.append(f"| `{r['name']}` | {r['trained_photons']:g} | " + " | ".join(f"{r['scores'][i][c]['psnr']:.2f}" for i, c in COLS)
                     + " | " + " | ".join(f"{cl[c]:.2f}" if c in cl else "–" for c in ("10", "100")) + " |")
    return "\n".join(lines)

def write_readme(f=SHIPPED/"README.md") -> None:
    text = f.read_text()
    if START not in text or END not in text: raise SystemExit(f"{f} has no markers {START!r} ... {END!r} around the table")
    f.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda m: f"{START}\n{general_table()}\n{END}", text, flags=re.S))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("record", nargs="?"); ap.add_argument("weights", nargs="?"); ap.add_argument("--name")
    ap.add_argument("--readme", action="store_true", help="write the general systems' table into phasekd/systems/README.md")
    a = ap.parse_args()
    if a.record:
        if not (a.weights and a.name): raise SystemExit("shipping needs a record, its weights and --name")
        rec, s, info = json.loads(open(a.record).read()), load_system(a.weights).eval(), system_info(a.weights)
        if rec["run"] != info.get("run"): raise SystemExit(f"{a.record} records run {rec['run']}, {a.weights} holds {info.get('run')}")
        rec = dict(rec, name=a.name, shipped_from=dict(record=a.record, study="scripts/lowlight_study.py"))
        save_system(s, SHIPPED/f"{a.name}.pt", info)
        (SHIPPED/f"{a.name}.json").write_text(json.dumps(rec, indent=1))
        print(SHIPPED/f"{a.name}.pt", SHIPPED/f"{a.name}.json", f"phasekd {phasekd.__version__}")
    if a.readme: write_readme(); print(general_table())

if __name__ == "__main__": main()
