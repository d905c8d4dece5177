"""Bad input, as a demanding user gives it: every case must be refused by phasekd itself with a ValueError, TypeError or
FileNotFoundError that names what was expected, never by an error from deep inside torch or fastai, and never accepted."""
import warnings
import traceback
from pathlib import Path
import pytest
import torch
from phasekd.lab.fabrication import export_mask
from phasekd.optics.sensing import CodedDiffraction, GaussianNoise, PoissonNoise, Noise, phase_object, quantize_phase
from phasekd.optics.init import SpectralInit, correlation
from phasekd.model.unet import UNet
from phasekd.model.losses import KDObjective, kd_objective, psnr, ssim, cdp_loss
from phasekd.model.system import PRSystem, save_system, load_system, load_into
from phasekd.model.system import Speed
from phasekd.train.e2e import e2e_learner, random_learner
from phasekd.train.data import dls_from_tensors
from phasekd.train.distill import kd_learner, KDCallback
from phasekd.train.data import load_split, find_fashion_mnist, resize
from phasekd.study.config import Preset, get_preset
from phasekd.study.runs import RunSpec
from phasekd.cli import main

img = torch.rand(2, 1, 16, 16)
dls = lambda: dls_from_tensors(torch.rand(16, 1, 16, 16), torch.rand(8, 1, 16, 16), bs=8, device="cpu")
small = dict(widths=(8, 16, 32), n_iter=3)

def _saved(tmp, **kw):
    return save_system(PRSystem(2, 16, **small, **kw), tmp/"s.pt")

def _bad_state(tmp):
    f = _saved(tmp); ck = torch.load(f); ck["state_dict"].pop("init.psi"); torch.save(ck, tmp/"b.pt"); return tmp/"b.pt"

def _frames(tmp, *arrays_modes):
    "Image files of the given (array, PIL mode or None) in tmp, their paths."
    from PIL import Image
    paths = []
    for i, (a, mode) in enumerate(arrays_modes):
        im = Image.fromarray(a) if mode is None else Image.fromarray(a).convert(mode)
        f = tmp/f"f{i}.{'tif' if a.dtype.kind == 'f' else 'png'}"; im.save(f); paths.append(f)
    return paths

def _frames_case(tmp, *arrays_modes):
    from phasekd.lab.camera import read_cdps
    return read_cdps(_frames(tmp, *arrays_modes))

def _lut(tmp, text):
    from phasekd.lab.fabrication import read_lut
    (tmp/"lut.csv").write_text(text); return read_lut(tmp/"lut.csv")

def _nan_weights(tmp):
    f = _saved(tmp); ck = torch.load(f); ck["state_dict"]["init.psi"][..., 0] = float("nan"); torch.save(ck, tmp/"n.pt")
    return load_system(tmp/"n.pt")

def _pickled(tmp):
    import pickle
    (tmp/"p.pt").write_bytes(pickle.dumps(Path("not a system"))); return load_system(tmp/"p.pt")

def _folder(tmp, *arrays):
    from PIL import Image
    from phasekd.train.data import load_folder
    for i, a in enumerate(arrays): Image.fromarray(a).save(tmp/f"i{i}.tif")
    return load_folder(tmp, 16)

_u8 = lambda: (torch.rand(16, 16)*255).to(torch.uint8).numpy()
_u16 = lambda: (torch.rand(16, 16)*60000).to(torch.int32).numpy().astype("uint16")

CASES = {
    "frames of different bit depths": lambda t: _frames_case(t, (_u8(), None), (_u16(), None)),
    "1-bit frame": lambda t: _frames_case(t, (_u8(), "1")),
    "palette frame": lambda t: _frames_case(t, (_u8(), "P")),
    "float frame with a NaN": lambda t: _frames_case(t, (__import__("numpy").full((16, 16), float("nan"), dtype="float32"), None)),
    "reconstruct with a negative background": lambda t: __import__("phasekd.lab.camera", fromlist=["x"]).reconstruct(PRSystem(1, 16, **small), torch.rand(1, 1, 16, 16), background=-5.),
    "reconstruct with a NaN background": lambda t: __import__("phasekd.lab.camera", fromlist=["x"]).reconstruct(PRSystem(1, 16, **small), torch.rand(1, 1, 16, 16), background=float("nan")),
    "lookup table in degrees": lambda t: _lut(t, "\n".join(str(d) for d in range(0, 360, 2))),
    "two-column lookup table with levels missing": lambda t: _lut(t, "gray,phase\n0,0.0\n2,1.0\n3,2.0"),
    "lookup table with a word in it": lambda t: _lut(t, "0.1\n0.2\nabc\n0.4"),
    "checkpoint with NaN weights": _nan_weights,
    "checkpoint that is a pickle of something else": _pickled,
    "folder whose only image is a float TIFF with a NaN": lambda t: _folder(t, __import__("numpy").full((16, 16), float("nan"), dtype="float32")),
    "folder whose only image is 1x1": lambda t: _folder(t, __import__("numpy").zeros((1, 1), dtype="float32")),
    "U-Net of 0 input channels": lambda t: UNet(in_channels=0),
    "system of a float size": lambda t: PRSystem(1, 16.0, **small),
    "system of a float seed": lambda t: PRSystem(1, 16, seed=0.5, **small),
    "system with kernel_size None": lambda t: PRSystem(1, 16, kernel_size=None, **small),
    "phase image out of [0, 1]": lambda t: phase_object(img*3),
    "phase image with NaN": lambda t: phase_object(img.masked_fill(img > 0.5, float("nan"))),
    "phase image of 3 dims": lambda t: phase_object(img[0]),
    "phase image of 2 channels": lambda t: phase_object(torch.rand(2, 2, 16, 16)),
    "phase image as a list": lambda t: phase_object([[0.5]]),
    "max_phase 0": lambda t: phase_object(img, 0.),
    "no masks": lambda t: CodedDiffraction(0, 16),
    "float masks count": lambda t: CodedDiffraction(2.0, 16),
    "float size": lambda t: CodedDiffraction(2, 16.0),
    "None seed": lambda t: CodedDiffraction(2, 16, seed=None),
    "levels 1": lambda t: CodedDiffraction(2, 16, levels=1),
    "pitch not dividing": lambda t: CodedDiffraction(2, 16, pitch=3),
    "noise as a dict": lambda t: CodedDiffraction(2, 16, noise={"kind": "poisson", "photons": 10}),
    "unknown noise kind": lambda t: Noise.from_spec({"kind": "speckle"}),
    "noise with a wrong key": lambda t: Noise.from_spec({"kind": "gaussian", "snr": 10}),
    "negative photons": lambda t: PoissonNoise(-5),
    "infinite SNR": lambda t: GaussianNoise(float("inf")),
    "real x to the operator": lambda t: CodedDiffraction(2, 16)(img),
    "x of another size": lambda t: CodedDiffraction(2, 16)(phase_object(torch.rand(1, 1, 8, 8))),
    "quantize to 0 levels": lambda t: quantize_phase(torch.zeros(2), 0),
    "iterations 0": lambda t: SpectralInit(n_iter=0),
    "unknown weighting": lambda t: SpectralInit(weighting="spectral"),
    "even filter": lambda t: SpectralInit(kernel_size=4),
    "unknown gradient mode": lambda t: SpectralInit(grad="exact"),
    "negative CDPs": lambda t: SpectralInit()(-torch.ones(1, 2, 16, 16), CodedDiffraction(2, 16)),
    "CDPs of wrong snapshot count": lambda t: SpectralInit()(torch.ones(1, 3, 16, 16), CodedDiffraction(2, 16)),
    "correlation of mismatched shapes": lambda t: correlation(phase_object(img), phase_object(img[:1])),
    "U-Net of one width": lambda t: UNet(widths=(16,)),
    "U-Net input it cannot halve": lambda t: UNet(widths=(8, 16, 32))(torch.rand(1, 2, 18, 18)),
    "system size the U-Net cannot halve": lambda t: PRSystem(size=36),
    "system widths as a string": lambda t: PRSystem(widths="abc"),
    "system given images of another size": lambda t: PRSystem(1, 16, **small).eval()(torch.rand(1, 1, 32, 32)),
    "system asked for an unknown output": lambda t: PRSystem(1, 16, **small)(img, ("phase",)),
    "alpha above 1": lambda t: KDObjective(1.5, 0),
    "alpha + beta above 1": lambda t: KDObjective(0.7, 0.5),
    "weights as strings": lambda t: KDObjective("0.8", 0.2),
    "unknown schedule": lambda t: KDObjective(schedule="cosine"),
    "PSNR with data_range 0": lambda t: psnr(img, img, data_range=0),
    "PSNR with negative data_range": lambda t: psnr(img, img, data_range=-1.),
    "SSIM with an even window": lambda t: ssim(img, img, win_size=6),
    "SSIM on images smaller than the window": lambda t: ssim(torch.rand(1, 1, 4, 4), torch.rand(1, 1, 4, 4)),
    "CDP loss of different batches": lambda t: cdp_loss(torch.rand(2, 3, 8, 8), torch.rand(1, 1, 8, 8)),
    "loaders with a batch larger than the set": lambda t: dls_from_tensors(torch.rand(4, 1, 16, 16), torch.rand(4, 1, 16, 16), bs=8),
    "loaders with an empty validation set": lambda t: dls_from_tensors(torch.rand(16, 1, 16, 16), torch.rand(0, 1, 16, 16), bs=8),
    "loaders of images out of [0, 1]": lambda t: dls_from_tensors(torch.rand(16, 1, 16, 16)*2, torch.rand(8, 1, 16, 16), bs=8),
    "negative learning rate": lambda t: e2e_learner(dls(), lr=-1e-3, **small),
    "zero learning rate": lambda t: e2e_learner(dls(), lr=0, **small),
    "negative rho": lambda t: e2e_learner(dls(), rho=-1., **small),
    "system and system keywords together": lambda t: e2e_learner(dls(), system=PRSystem(1, 16, **small), n_iter=4),
    "a system that is not one": lambda t: random_learner(dls(), system="net"),
    "data of another size than the system": lambda t: e2e_learner(dls(), system=PRSystem(1, 32, **small)),
    "mixed precision fp8": lambda t: Speed(amp="fp8"),
    "fp16 on a CPU": lambda t: e2e_learner(dls(), speed=Speed(amp="fp16"), **small),
    "teacher as a number": lambda t: kd_learner(42, dls()),
    "teacher path that does not exist": lambda t: kd_learner(t/"none.pt", dls()),
    "objective as a dict": lambda t: kd_learner(PRSystem(3, 16, **small), dls(), {"alpha": 0.8}),
    "student with 0 masks": lambda t: kd_learner(PRSystem(3, 16, **small), dls(), n_masks=0),
    "teacher of another size": lambda t: kd_learner(PRSystem(3, 32, **small), dls()),
    "warm start from another network": lambda t: kd_learner(PRSystem(3, 16, **small), dls(), warm_start=True, widths=(4, 8, 16)),
    "KD callback without a teacher system": lambda t: KDCallback("teacher.pt"),
    "load a file that is not a system": lambda t: (t/"junk.pt").write_bytes(b"junk") and load_system(t/"junk.pt"),
    "load a checkpoint with a missing key": lambda t: load_system(_bad_state(t)),
    "load into a system of other iterations": lambda t: load_into(PRSystem(2, 16, widths=(8, 16, 32), n_iter=7), _saved(t)),
    "load into a system of other levels": lambda t: load_into(PRSystem(2, 16, **small, levels=4), _saved(t)),
    "export the masks of a tensor": lambda t: export_mask(torch.zeros(1, 4, 4), t/"m"),
    "split that does not exist": lambda t: load_split("holdout", 32, n=4),
    "float image size for data": lambda t: load_split("train", 32.0, n=4),
    "too many images": lambda t: load_split("valid", 16, n=10**6),
    "resize a 4-d tensor": lambda t: resize(torch.rand(2, 1, 8, 8), 4),
    "data root that does not exist": lambda t: find_fashion_mnist(t/"nowhere", download=False),
    "preset with 0 epochs": lambda t: Preset("x").replace(train=dict(epochs=0)),
    "preset with no seeds": lambda t: Preset("x").replace(protocol=dict(seeds=())),
    "preset with an unknown schedule": lambda t: Preset("x").replace(train=dict(schedule="cosine")),
    "preset with a 1-mask teacher": lambda t: Preset("x").replace(protocol=dict(teacher_masks=1)),
    "unknown preset": lambda t: get_preset("gpu"),
    "run of an unknown kind": lambda t: RunSpec("baseline", 1, 12, 0),
    "student without a teacher": lambda t: RunSpec("student", 1, 12, 0),
    "preset with a negative mask learning rate": lambda t: Preset("x").replace(train=dict(mask_lr=-1.0)),
    "preset with a pitch that does not divide the size": lambda t: Preset("x").replace(system=dict(size=32, pitch=3)),
    "unknown distillation method": lambda t: kd_objective("distill"),
    "distillation weights summing above 1": lambda t: KDObjective(0.8, 0.1, init=0.2),
}
CLI = {
    "command: unknown preset": ["experiments", "--preset", "gpu"],
    "command: --out is a file": ["experiments", "--preset", "smoke", "--out", "FILE"],
    "command: --device cuda without a GPU": ["experiments", "--preset", "smoke", "--device", "cuda", "--out", "DIR"],
    "command: report of a folder that is no study": ["report", "--out", "DIR"],
    "command: export-mask of a missing file": ["export-mask", "DIR/none.pt", "DIR/m"],
    "command: export-mask of a broken checkpoint": ["export-mask", "BAD", "DIR/m"],
    "command: train a teacher of 1 mask": ["train", "--preset", "smoke", "--kind", "teacher", "--masks", "1", "--out", "DIR/t.pt"],
    "command: train with a mask learning rate of 0": ["train", "--preset", "smoke", "--mask-lr", "0", "--out", "DIR/t.pt"],
    "command: train with 0 masks": ["train", "--preset", "smoke", "--masks", "0", "--out", "DIR/t.pt"],
    "command: train for 0 epochs": ["train", "--preset", "smoke", "--epochs", "0", "--out", "DIR/t.pt"],
    "command: train for 2.5 epochs": ["train", "--preset", "smoke", "--epochs", "2.5", "--out", "DIR/t.pt"],
    "command: train with a negative seed": ["train", "--preset", "smoke", "--seed", "-1", "--out", "DIR/t.pt"],
    "command: train on --device gpu": ["train", "--preset", "smoke", "--device", "gpu", "--out", "DIR/t.pt"],
    "command: simulate 0 images": ["simulate", "BAD", "--out", "DIR/s", "--n", "0"],
    "command: simulate -3 images": ["simulate", "BAD", "--out", "DIR/s", "--n", "-3"],
    "command: simulate at 0 photons": ["simulate", "BAD", "--out", "DIR/s", "--photons", "0"],
    "command: simulate at nan photons": ["simulate", "BAD", "--out", "DIR/s", "--photons", "nan"],
    "command: reconstruct with a negative background": ["reconstruct", "BAD", "FILE", "--out", "DIR/r", "--background", "-5"],
    "command: reconstruct with bin 0": ["reconstruct", "BAD", "FILE", "--out", "DIR/r", "--bin", "0"],
    "command: export a DOE with an SLM lookup table": ["export", "BAD", "--out", "DIR/x", "--doe", "--lut", "FILE"],
    "command: export a DOE of 1 level": ["export", "BAD", "--out", "DIR/x", "--doe", "--levels", "1"],
    "command: 0 threads": ["--threads", "0", "export-mask", "BAD", "DIR/m"],
}

def _is_ours(tb) -> bool:
    "The exception was raised in phasekd's own code (its last frame is in the package)."
    return "phasekd" in Path(traceback.extract_tb(tb)[-1].filename).parts

@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_clearly(name, tmp_path):
    try:
        with warnings.catch_warnings(record=True): CASES[name](tmp_path)   # a refusal may come with a warning about the same input
    except (ValueError, TypeError, FileNotFoundError) as e:
        assert _is_ours(e.__traceback__), f"{name}: refused from outside phasekd: {type(e).__name__}: {e}"
        assert len(str(e)) > 15
    else: pytest.fail(f"{name}: accepted")

@pytest.mark.parametrize("name", sorted(CLI))
def test_bad_command_prints_one_line(name, tmp_path, capsys):
    if "cuda" in name and torch.cuda.is_available(): pytest.skip("this machine has a GPU")
    (tmp_path/"FILE").write_text("x")
    torch.save({"format": "phasekd.PRSystem", "config": {"n_masks": 1}, "state_dict": {}}, tmp_path/"BAD")
    argv = [a.replace("DIR", str(tmp_path)).replace("FILE", str(tmp_path/"FILE")).replace("BAD", str(tmp_path/"BAD")) for a in CLI[name]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("phasekd: error: ") and err.count("\n") == 1, err

def test_a_corrupt_classical_file_is_named(tmp_path):
    import json
    from phasekd.study.runs import fake_record, write_record, headline_specs
    from phasekd.study.config import get_preset
    from phasekd.report.results import report
    p = get_preset("smoke")
    (tmp_path/"study.json").write_text(json.dumps(dict(preset=p.to_dict())))
    s = headline_specs(p, 0)["e2e"]
    write_record(tmp_path/"records"/f"{s.id}.json", fake_record(s, 20., preset=p.name))
    (tmp_path/"classical.json").write_text('{"rows": [')
    with pytest.raises(ValueError, match="classical.json is not valid JSON"): report(tmp_path, write=False)
