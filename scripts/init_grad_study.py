"""Choose the default gradient through the initialization by training outcome: E2E (L = 1) at the `cpu` preset,
with the unrolled gradient and with the implicit one, on the given seeds; records in results/init_grad/<mode>/.
Usage: python scripts/init_grad_study.py implicit 0 1 2; python scripts/init_grad_study.py unrolled 0"""
import sys
from phasekd.study.experiments import Study
from phasekd.study.config import get_preset
from phasekd.study.runs import headline_specs
mode, seeds = sys.argv[1], tuple(int(s) for s in sys.argv[2:])
p = get_preset("cpu").replace(name=f"cpu-{mode}", system=dict(init_grad=mode), protocol=dict(seeds=seeds, ablation=False))
st = Study(p, f"results/init_grad/{mode}", device="cpu")
for s in seeds:
    spec = headline_specs(p, s)["e2e"]
    if not st.recorded(spec): st.run_one(spec)
