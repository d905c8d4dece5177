"The study machinery without training: plans, records, tables, and the command line."
import json, math
import numpy as np
import pytest
import torch
from phasekd.e2e import PRSystem, save_system
from phasekd.experiments import (PRESETS, REQUIRED, get_preset, headline_table, main, plan, read_record, run_id,
                                 summary, teacher_spec, write_record, load_records, cost_table)

def _rec(kind, n_masks, seed, psnr, ssim, teacher_masks=None, losses=None):
    return dict(preset="t", run=run_id(dict(kind=kind, n_masks=n_masks, seed=seed, teacher_masks=teacher_masks, losses=losses)),
                kind=kind, n_masks=n_masks, teacher_masks=teacher_masks, losses=losses, seed=seed,
                metrics=dict(val=dict(psnr=psnr - 0.1, ssim=ssim), test=dict(psnr=psnr, ssim=ssim)),
                train_time_s=10.0*n_masks, epoch_time_s=1.0, peak_mem_mb=100.0, infer_ms_per_batch=2.0, device="cpu", versions={})

@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_student_follows_its_teacher(name):
    runs = plan(get_preset(name))
    ids = [run_id(r) for r in runs]
    assert len(ids) == len(set(ids))
    for i, r in enumerate(runs):
        if r["kind"] == "student": assert run_id(teacher_spec(r["teacher_masks"], r["seed"])) in ids[:i]
    json.dumps(get_preset(name).to_dict())                # plain data

def test_summary_is_mean_and_sample_std_over_seeds(tmp_path):
    ps = [20.0, 21.0, 23.5]
    recs = [_rec("e2e", 1, s, p, 0.8 + 0.01*s) for s, p in enumerate(ps)] + [_rec("teacher", 9, 0, 30.0, 0.95)]
    S = summary(recs)[("e2e", 1, None, None)]
    assert math.isclose(S["psnr"], np.mean(ps)) and math.isclose(S["psnr_std"], np.std(ps, ddof=1))
    table = headline_table(recs)
    assert f"{np.mean(ps):.2f} ± {np.std(ps, ddof=1):.2f}" in table and "| teacher (L = 9) | 1 | 30.00 ± 0.00" in table
    assert "| 90 |" in cost_table(recs)                   # teacher: 10 s per mask x 9 masks
    for r in recs: write_record(tmp_path/"records"/f"{r['run']}.json", r)
    assert len(load_records(tmp_path)) == 4

def test_incomplete_record_is_rejected(tmp_path):
    r = _rec("e2e", 1, 0, 20.0, 0.8)
    for k in REQUIRED:
        bad = {kk: v for kk, v in r.items() if kk != k}
        (tmp_path/"r.json").write_text(json.dumps(bad))
        assert read_record(tmp_path/"r.json") is None, k
    (tmp_path/"r.json").write_text(json.dumps(r))
    assert read_record(tmp_path/"r.json") == r

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
