"""Coded phase masks for single-snapshot phase retrieval, designed by knowledge distillation from a multi-snapshot teacher

Modules:

- `phasekd.distill`: Knowledge distillation at its public path: `from phasekd.distill import kd_learner`."""

__version__ = "0.2.0"

# The public face: what a researcher imports, loaded on first use (PEP 562) so that `import phasekd` stays light and a
# module of the physics layer never pulls in the training code. Each name lives in exactly one module, given here.
_PUBLIC = {
    "phasekd.optics.sensing": ("CodedDiffraction", "phase_object", "PoissonNoise", "GaussianNoise"),
    "phasekd.optics.init": ("SpectralInit",),
    "phasekd.optics.refine": ("Refinement", "refine", "refine_images"),
    "phasekd.model.system": ("SystemConfig", "PRSystem", "load_system", "save_system", "shipped_systems"),
    "phasekd.model.evaluate": ("predict", "evaluate", "evaluate_photons"),
    "phasekd.train.e2e": ("e2e_learner", "random_learner", "fixed_mask_learner"),
    "phasekd.train.distill": ("kd_learner",),
    "phasekd.study.config": ("get_preset", "PRESETS"),
    "phasekd.lab.camera": ("reconstruct", "simulate", "read_cdps"),
    "phasekd.lab.fabrication": ("export_mask", "export_slm", "export_doe"),
}
_WHERE = {n: m for m, names in _PUBLIC.items() for n in names}
__all__ = sorted(_WHERE)

def __getattr__(name):
    if name not in _WHERE: raise AttributeError(f"module 'phasekd' has no attribute {name!r}")
    import importlib
    return getattr(importlib.import_module(_WHERE[name]), name)

def __dir__(): return sorted(list(globals()) + __all__)
