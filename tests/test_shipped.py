"The trained systems that come with the package: each loads by name and is the run its record describes; on a fresh clone, reconstruct recovers what simulate measured with one."
import json, warnings, math
import numpy as np
import pytest
from phasekd.model.system import shipped_systems, load_system, system_path, SystemConfig
from phasekd.cli import main

def _psnr(a, b): return float(10*np.log10(1/np.mean((a - b)**2, axis=(-2, -1))).mean())

def test_the_general_systems_table_is_their_records():
    "phasekd/systems/README.md shows the general systems' figures as scripts/ship_general.py makes them from the shipped records."
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("ship_general", Path(__file__).resolve().parents[1]/"scripts"/"ship_general.py")
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    text, table = (system_path("e2e").parent/"README.md").read_text(), mod.general_table()
    assert f"{mod.START}\n{table}\n{mod.END}" in text
    assert all(f"`{n}`" in table for n in shipped_systems() if n.startswith("corpus-"))
    for n, f in shipped_systems().items():                      # what the prose below the table says of them
        if not n.startswith("corpus-"): continue
        r = json.loads(f.with_suffix(".json").read_text()); sc, cl = r["scores"]["natural"], r["classical"]["natural"]
        assert 1.2 <= sc["10"]["psnr"] - cl["10"] <= 3.1 and abs(sc["100"]["psnr"] - cl["100"]) <= 0.3, n

def test_every_shipped_system_is_the_run_its_record_describes():
    shipped = shipped_systems()
    assert set(shipped) == {"random", "fixed-mask", "e2e", "teacher", "student", "e2e-p2", "corpus-e2e-10", "corpus-student-10", "corpus-student-paper-10",
                            "corpus-e2e-100", "corpus-student-paper-100"}
    for name, f in shipped.items():
        rec = json.loads(f.with_suffix(".json").read_text())
        assert load_system(name).config == SystemConfig(**rec["config"]["system"]), name     # as the record saved it (refinement None: the defaults)
        kind = name.removesuffix("-p2").removeprefix("corpus-").removesuffix("-100").removesuffix("-10").removesuffix("-paper")
        assert rec["run"].startswith(kind if name != "teacher" else "teacher-L9") and rec["run"].endswith("-s0"), (name, rec["run"])
        if name.startswith("corpus-"): assert rec["data"] == "corpus" and rec["trained_photons"] == int(name.rsplit("-", 1)[1]) and rec["oversample"] == 2
    assert load_system("e2e-p2").config.oversample == json.loads(shipped["e2e-p2"].with_suffix(".json").read_text())["oversample"] == 2

def test_the_oversampled_system_recovers_images_no_system_has_seen(tmp_path):
    "Through the command, as a user would: held-out natural images simulated and reconstructed, blind, noiseless and at 1,000 photons per object pixel."
    from phasekd.train.data import natural_images
    from phasekd.lab.camera import simulate
    imgs, s = natural_images(32, 8, "test"), load_system("e2e-p2")
    for photons, want in ((None, 45), (1000, 36)):
        y = simulate(s.with_noise(None if photons is None else dict(kind="poisson", photons=1000., seed=0)), imgs)   # frames made outside the command
        np.save(tmp_path/"y.npy", y.numpy())
        assert y.shape == (8, 1, 64, 64)
        assert main(["reconstruct", "e2e-p2", str(tmp_path/"y.npy"), "--out", str(tmp_path/f"r{photons}"), "--photons", str(photons or 1e9)]) == 0
        est = np.load(tmp_path/f"r{photons}"/"estimate.npy").reshape(imgs.shape)/math.pi
        assert _psnr(est, imgs.numpy()) > want, (photons, _psnr(est, imgs.numpy()))
    with pytest.raises(ValueError, match="neither a file nor a shipped system"): system_path("e2f")

def test_reconstruct_what_simulate_measured_with_a_shipped_system(tmp_path, capsys):
    assert main(["simulate", "e2e", "--n", "16", "--photons", "1000", "--out", str(tmp_path/"c")]) == 0
    assert main(["reconstruct", "e2e", str(tmp_path/"c"/"cdps.npy"), "--photons", "1000", "--out", str(tmp_path/"r")]) == 0
    assert main(["reconstruct", "e2e", str(tmp_path/"c"/"cdps.npy"), "--no-refine", "--out", str(tmp_path/"n")]) == 0
    truth = np.load(tmp_path/"c"/"truth.npy")/math.pi
    ref, net = (np.load(tmp_path/d/"estimate.npy")/math.pi for d in ("r", "n"))
    rec = json.loads(shipped_systems()["e2e"].with_suffix(".json").read_text())["metrics"]["photons"]["1000"]
    # 16 images against the record's 10,000: the network within 3 dB of its recorded mean, the refinement 5 dB above the network
    assert abs(_psnr(net, truth) - rec["psnr"]) < 3 and _psnr(ref, truth) > _psnr(net, truth) + 5
    assert all(f["fits"] for f in json.loads((tmp_path/"r"/"residual.json").read_text())["frames"])
    assert all(f["fits"] is None for f in json.loads((tmp_path/"n"/"residual.json").read_text())["frames"])   # the network's alone: not judged
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert main(["reconstruct", "e2e", str(tmp_path/"c"/"cdps.npy"), "--out", str(tmp_path/"d")]) == 0   # no --photons: the system's own 1,000
    r = json.loads((tmp_path/"d"/"residual.json").read_text())
    assert r["photons"] == 1000 and r["photons_from"] == "the system's training noise" and all(f["fits"] for f in r["frames"])
    assert not [x for x in w if "does not fit" in str(x.message)]
    info = json.loads((tmp_path/"c"/"simulate.json").read_text())
    assert info["noise"] == dict(kind="poisson", photons=1000.0, seed=0) and info["n_images"] == 16

@pytest.mark.parametrize("name", ["corpus-e2e-10", "corpus-student-10", "corpus-student-paper-10", "corpus-e2e-100", "corpus-student-paper-100"])
def test_a_general_system_against_classical_recovery_at_its_light(name, tmp_path):
    """The shipped systems trained on the corpus, through the commands at the light they were trained for, on held-out images (the
    corpus's test split), against recovery with no network from the same frames, its global phase chosen by the same rule:
    more than 1 dB above it at 10 photons per object pixel, not below it (0.3 dB of noise) at 100, where the recovery decides."""
    import torch
    from phasekd.optics.no_prior import recover_without_prior
    from phasekd.optics.sensing import PoissonNoise
    photons = int(name.rsplit("-", 1)[1])
    assert main(["simulate", name, "--data", "corpus", "--n", "48", "--photons", str(photons), "--out", str(tmp_path/"c"), "--quiet"]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["reconstruct", name, str(tmp_path/"c"/"cdps.npy"), "--photons", str(photons), "--out", str(tmp_path/"r"), "--quiet"]) == 0
    truth = np.load(tmp_path/"c"/"truth.npy")/math.pi
    got = _psnr(np.load(tmp_path/"r"/"estimate.npy")/math.pi, truth)
    s, y = load_system(name), torch.from_numpy(np.load(tmp_path/"c"/"cdps.npy")).float()
    classical = _psnr(recover_without_prior(y, s.sensing, math.pi, s.refinement, PoissonNoise(float(photons)))["img"].numpy()[:, 0], truth)   # its global phase by the same rule
    print(f"{name}: {got:.2f} dB, no network {classical:.2f} dB")
    assert got > classical + (1 if photons == 10 else -0.3), (got, classical)
