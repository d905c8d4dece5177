"""Print the mask-design runs (validation decides, test reported) from their records: one line per run.

    python scripts/mask_design_summary.py [FOLDER ...]   (default: results/cpu, results/cpu24, results/mask/*, results/mask_design/*)"""
import sys
from pathlib import Path
from phasekd.study.runs import load_records

folders = [Path(f) for f in sys.argv[1:]] or [Path("results/cpu"), Path("results/cpu24"), *sorted(Path("results/mask").glob("*")), *sorted(Path("results/mask_design").glob("*"))]
print(f"{'folder':<26} {'run':<44} {'val PSNR':>8} {'test PSNR':>9} {'moved':>6} {'init':>6} {'gap':>6} {'min':>5}")
for f in folders:
    if not (f/"records").exists(): continue
    for r in load_records(f):
        d = (r.get("diagnostics") or [{}])[-1]
        g = lambda k: f"{d[k]:.3f}" if k in d else "–"
        print(f"{str(f):<26} {r['run']:<44} {r['metrics']['val']['psnr']:>8.2f} {r['metrics']['test']['psnr']:>9.2f} "
              f"{g('mask_moved'):>6} {g('init_corr'):>6} {g('spectral_gap'):>6} {r['train_time_s']/60:>5.1f}")
