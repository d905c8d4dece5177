"Training beyond FashionMNIST: the corpus through the commands and a study, tiny (seconds)."
import json, math
from pathlib import Path
import pytest, torch
from phasekd.cli import main as phasekd
from phasekd.study.config import get_preset, Images
from phasekd.train.corpus import corpus, PICTURES

SMOKE = get_preset("smoke").replace(data=dict(n_train=64, n_valid=32, n_test=32, source="corpus"),
                                    protocol=dict(teacher_masks=2, fig2_masks=(), fig3_masks=(), ablation=False))

def test_a_tiny_corpus_study(tmp_path):
    "A preset whose data.source is the corpus trains on it, its records say so, and its test split holds the held-out pictures."
    from phasekd.study.experiments import Study, load_images
    from phasekd.study.runs import load_records
    imgs = load_images(SMOKE)
    assert [len(imgs[s]) for s in ("train", "valid", "test")] == [64, 32, 32]
    assert torch.equal(imgs["test"], corpus(16, 32, "test"))
    st = Study(SMOKE, tmp_path, log=lambda *a: None)
    st.run(["e2e"])
    recs = load_records(tmp_path)
    assert recs and all(r["data"] == "corpus" for r in recs)
    assert all(math.isfinite(r["metrics"]["test"]["psnr"]) and r["metrics"]["test"]["psnr"] > 5 for r in recs)
    with pytest.raises(ValueError, match="holds a study of other images"):      # a folder of FashionMNIST runs is not mixed with it
        Study(SMOKE.replace(data=dict(source="fashion-mnist")), tmp_path, data="corpus", load=False, log=lambda *a: None)

def test_train_on_the_corpus_by_flag(tmp_path, capsys):
    out = tmp_path/"s.pt"
    assert phasekd(["train", "--preset", "smoke", "--data", "corpus", "--out", str(out), "--quiet"]) == 0
    from phasekd.model.system import system_info
    info = system_info(out)
    assert info["data"] == "corpus" and info["n_train"] == 128 and info["train_seconds"] > 0

def test_bad_source_and_method(tmp_path, capsys):
    with pytest.raises(ValueError, match="data.source must be one of"): Images(source="imagenet")
    assert phasekd(["train", "--preset", "smoke", "--method", "paper", "--out", str(tmp_path/"x.pt")]) == 2
    assert "--method is the distillation method of a student" in capsys.readouterr().err
    assert not (tmp_path/"x.pt").exists()

def test_oversample_one_has_no_restarts(tmp_path):
    "--oversample 1 on an oversampled preset: no random restarts, which cannot help where the measurement does not determine the object."
    from phasekd.model.system import load_system
    out = tmp_path/"p1.pt"
    assert phasekd(["train", "--preset", "smoke", "--oversample", "2", "--epochs", "1", "--out", str(tmp_path/"p2.pt"), "--quiet"]) == 0
    assert load_system(tmp_path/"p2.pt").refinement.restarts > 0
    assert get_preset("lowlight").system.refinement.restarts > 0
    assert phasekd(["train", "--preset", "lowlight", "--size", "8", "--oversample", "1", "--epochs", "1", "--out", str(out), "--quiet"]) == 0
    assert load_system(out).refinement.restarts == 0 and load_system(out).config.oversample == 1

def test_simulate_held_out_corpus(tmp_path):
    "`simulate --data corpus` measures the corpus's test split, whose pictures come from sources no training split uses."
    assert not set(PICTURES["train"]) & set(PICTURES["test"])
    assert phasekd(["simulate", "e2e", "--data", "corpus", "--n", "3", "--out", str(tmp_path/"c"), "--quiet"]) == 0
    truth = __import__("numpy").load(tmp_path/"c"/"truth.npy")
    assert truth.shape[0] == 3 and abs(truth - corpus(32, 3, "test")[:, 0].numpy()*math.pi).max() < 1e-5
