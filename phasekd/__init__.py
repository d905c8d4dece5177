"""Coded phase masks for single-snapshot phase retrieval, designed by knowledge distillation from a multi-snapshot teacher

Modules:

- `phasekd.bench`: Deprecated: `phasekd.bench` is now `phasekd.lab` (measured CDPs, simulated measurements, SLM and DOE export); its scoring (`evaluate_photons`, `evaluate_solver`, `PHOTONS`) is in `phasekd.evaluate`. Importing it warns and gives the same objects."""

__version__ = "0.1.0"
