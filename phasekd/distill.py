"""Knowledge distillation at its public path: `from phasekd.distill import kd_learner`.

The code and its documentation live in `phasekd.train.distill` (nbs/train/05_distill.ipynb); this module is that one's
public path, so it gives the same objects."""
from .train.distill import *  # noqa: F401,F403
from .train.distill import __all__  # noqa: F401
