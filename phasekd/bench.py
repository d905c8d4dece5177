"""Deprecated: `phasekd.bench` is now `phasekd.lab` (measured CDPs, simulated measurements, SLM and DOE export); its scoring
(`evaluate_photons`, `evaluate_solver`, `PHOTONS`) is in `phasekd.evaluate`. Importing it warns and gives the same objects.

Not exported from a notebook: this module only keeps old imports working."""
import warnings
warnings.warn("phasekd.bench is now phasekd.lab (its scoring: phasekd.evaluate); import from there", DeprecationWarning, stacklevel=2)
from .lab import *                                                       # noqa: F401,F403
from .lab import __all__ as _lab_all
from .evaluate import PHOTONS, evaluate_photons, evaluate_solver        # noqa: F401
__all__ = list(_lab_all) + ["PHOTONS", "evaluate_photons", "evaluate_solver"]
