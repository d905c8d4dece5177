"The study machinery without training: plans of every preset, records, and the command line."
import json
import torch
import numpy as np
import pytest
from phasekd.model.system import PRSystem, save_system
from phasekd.study.config import PRESETS, get_preset
from phasekd.study.runs import REQUIRED, RunSpec, fake_record, plan, read_record, student_spec, write_record
from phasekd.cli import main

@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_student_follows_its_teacher_and_ids_are_unique(name):
    runs = plan(get_preset(name))
    ids = [r.id for r in runs]
    assert len(ids) == len(set(ids))
    for i, r in enumerate(runs):
        if r.kind == "student": assert r.teacher in runs[:i] and r.epochs_total == r.epochs + (r.teacher.epochs if r.warm_start else 0)
        assert RunSpec.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    json.dumps(get_preset(name).to_dict())                # plain data

def test_ids_name_exactly_the_terms_in_force():
    p = get_preset("cpu")
    from phasekd.model.losses import KDObjective
    for (a, b), terms in (((0.8, 0.2), ["cdp"]), ((0.8, 0.1), ["cdp", "feat"]), ((0.8, 0.0), ["feat"]), ((1.0, 0.0), [])):
        rid = student_spec(p, 0, objective=KDObjective(a, b)).id
        assert [t for t in ("cdp", "feat") if t in rid] == terms, rid

def test_incomplete_record_is_rejected(tmp_path):
    r = fake_record(RunSpec("e2e", 1, 12, 0), 20.0)
    f = tmp_path/f"{r['run']}.json"
    for k in REQUIRED:
        f.write_text(json.dumps({kk: v for kk, v in r.items() if kk != k}))
        assert read_record(f) is None, k
    write_record(f, r)
    assert read_record(f) == r and read_record(tmp_path/"other.json") is None

def test_export_mask_command(tmp_path, capsys):
    sys_ = PRSystem(2, 16, widths=(8, 16, 32), levels=4)
    w = save_system(sys_, tmp_path/"s.pt")
    assert main(["export-mask", str(w), str(tmp_path/"m"/"mask")]) == 0
    phi = np.load(tmp_path/"m"/"mask.npy")
    np.testing.assert_allclose(phi, sys_.sensing.wrapped().double().numpy(), atol=1e-6)
    assert (tmp_path/"m"/"mask_1.png").exists() and "mask_0.png" in capsys.readouterr().out

def test_command_errors_are_clear(tmp_path, capsys):
    assert main(["experiments", "--preset", "gpu", "--out", str(tmp_path)]) == 2
    assert "unknown preset 'gpu'" in capsys.readouterr().err
    assert main(["export-mask", str(tmp_path/"none.pt"), str(tmp_path/"m")]) == 2
    assert "not a file" in capsys.readouterr().err

def _have_data():
    from phasekd.train.data import find_fashion_mnist
    try: find_fashion_mnist(download=False); return True
    except FileNotFoundError: return False

@pytest.mark.skipif(not _have_data(), reason="FashionMNIST not found (see phasekd.train.data.find_fashion_mnist)")
def test_train_command_saves_a_system_that_loads(tmp_path, capsys):
    from phasekd.model.system import load_system
    out = tmp_path/"t.pt"
    assert main(["train", "--preset", "smoke", "--kind", "teacher", "--epochs", "1", "--out", str(out), "--device", "cpu"]) == 0
    s = load_system(out)
    assert s.n_masks == 3 and s.config.widths == (8, 16, 32)
    assert "validation PSNR" in capsys.readouterr().out

@pytest.mark.skipif(not _have_data(), reason="FashionMNIST not found (see phasekd.train.data.find_fashion_mnist)")
def test_train_command_trains_a_student_of_a_saved_teacher_with_quantized_masks(tmp_path, capsys):
    from phasekd.model.system import load_system, system_info
    t, s = tmp_path/"t.pt", tmp_path/"s.pt"
    assert main(["--quiet", "train", "--preset", "smoke", "--kind", "teacher", "--epochs", "1", "--out", str(t), "--device", "cpu"]) == 0
    assert main(["--quiet", "train", "--preset", "smoke", "--kind", "student", "--teacher", str(t), "--levels", "4", "--epochs", "1",
                 "--out", str(s), "--device", "cpu"]) == 0
    st, info = load_system(s), system_info(s)
    assert st.n_masks == 1 and st.config.levels == 4 and info["run"].startswith("student-L1-t3e1-")   # its teacher: 3 masks, 1 epoch
    assert len(torch.unique(st.sensing.wrapped())) <= 4 < len(torch.unique(load_system(t).sensing.wrapped()))   # the light sees 4 levels
    assert main(["train", "--preset", "smoke", "--kind", "student", "--out", str(tmp_path/"x.pt")]) == 2
    assert main(["train", "--preset", "smoke", "--teacher", str(t), "--out", str(tmp_path/"x.pt")]) == 2
    assert main(["train", "--preset", "smoke", "--levels", "1", "--out", str(tmp_path/"x.pt")]) == 2
    assert main(["train", "--preset", "smoke", "--kind", "student", "--teacher", str(t), "--size", "32", "--out", str(tmp_path/"x.pt")]) == 2
    err = capsys.readouterr().err
    assert "needs --teacher" in err and "pass --size 16" in err and not (tmp_path/"x.pt").exists()

def test_train_command_keeps_what_it_did(tmp_path, capsys):
    from phasekd.model.system import load_system, system_info
    out = tmp_path/"s.pt"
    assert main(["--quiet", "train", "--preset", "smoke", "--epochs", "2", "--size", "16", "--photons", "100", "--out", str(out), "--device", "cpu"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and printed[0].startswith("e2e-L1-e2-s0: validation PSNR")     # --quiet: the result only
    s, info = load_system(out), system_info(out)
    assert s.config.noise["photons"] == 100 and info["data"] == "FashionMNIST" and info["n_train"] == 128
    assert len(info["history"]) == 2 and info["history"][-1]["psnr"] == pytest.approx(info["valid"]["psnr"], abs=0.5)
    assert f"{info['valid']['psnr']:.2f}" in printed[0]

def test_output_that_cannot_be_written_is_refused_before_work(tmp_path, capsys):
    (tmp_path/"f").write_text("x")
    assert main(["train", "--preset", "smoke", "--out", str(tmp_path)]) == 2           # a folder where a file is wanted
    assert main(["train", "--preset", "smoke", "--out", str(tmp_path/"f"/"s.pt")]) == 2  # inside a file
    assert main(["simulate", "none.pt", "--out", str(tmp_path/"f")]) == 2               # a file where a folder is wanted
    err = capsys.readouterr().err
    assert "is a folder; give a file name" in err and "cannot write output" in err and "is a file; give a folder" in err

def test_threads_option_sets_torch_threads(tmp_path):
    import os
    from phasekd.cli import default_threads
    n = torch.get_num_threads()
    try:
        assert main(["--threads", "1", "export-mask", str(tmp_path/"none.pt"), str(tmp_path/"m")]) == 2   # refused after the threads are set
        assert torch.get_num_threads() == 1
    finally: torch.set_num_threads(n)
    assert 1 <= default_threads() <= (os.cpu_count() or 1)

def test_training_curves_draw_each_history():
    import matplotlib; matplotlib.use("Agg")
    from phasekd.report.figures import plot_history
    h = {"a": [dict(train_loss=0.5, valid_loss=0.4, psnr=20.), dict(train_loss=0.3, valid_loss=0.35, psnr=22.)],
         "b": [dict(train_loss=0.6, valid_loss=0.5, psnr=19.)]}
    fig = plot_history(h)
    loss, ps = fig.axes
    assert len(loss.lines) == 4 and [list(l.get_ydata()) for l in ps.lines] == [[20., 22.], [19.]]

def test_a_preset_logger_writes_each_runs_log_beside_its_record(tmp_path):
    import csv
    from phasekd.study.experiments import Study, synthetic_images
    from phasekd.study.runs import read_record
    p = get_preset("smoke").replace(train=dict(logger="csv"))
    st = Study(p, tmp_path, images=synthetic_images(p), device="cpu", log=lambda *a: None)
    spec = RunSpec("e2e", 1, 2, 0)
    st.run_specs([spec])
    rows = list(csv.DictReader(open(tmp_path/"logs"/f"{spec.id}.csv")))
    hist = read_record(st.record_path(spec))["history"]
    assert len(rows) == 2 and [float(r["valid_loss"]) for r in rows] == pytest.approx([h["valid_loss"] for h in hist])
    Study(get_preset("smoke"), tmp_path, images=synthetic_images(p), device="cpu")   # the logger is not part of the study's identity
    with pytest.raises(ValueError, match="logger must be one of"): p.replace(train=dict(logger="wandb"))

def test_noise_table_tells_two_runs_of_one_kind_apart():
    "E2E at 12 epochs and E2E at 24 (the student's budget) are two rows, named by their epochs; a kind seen once keeps its plain name."
    from phasekd.report.tables import noise_table
    recs = []
    for spec, base in ((RunSpec("e2e", 1, 12, 0), 24.), (RunSpec("e2e", 1, 24, 0), 26.), (RunSpec("random", 1, 12, 0), 22.)):
        r = fake_record(spec, base)
        r["metrics"]["photons"] = {"100": dict(psnr=base - 1, ssim=0.7, refined_psnr=base + 5, refined_ssim=0.9), "noiseless": dict(psnr=base, ssim=0.8)}
        recs.append(r)
    rows = {l.split(" | ")[0].lstrip("| "): l for l in noise_table(recs).splitlines()[2:]}
    assert set(rows) == {"E2E (L = 1), 12 epochs", "E2E (L = 1), 24 epochs", "E2E (L = 1), 12 epochs, refined", "E2E (L = 1), 24 epochs, refined",
                         "random (L = 1)", "random (L = 1), refined"}
    assert "| 25.00 ± 0.00 |" in rows["E2E (L = 1), 24 epochs"] and "| 23.00 ± 0.00 |" in rows["E2E (L = 1), 12 epochs"]
