"A study through the cluster executor: jobs on this machine (submitit's local executor) train each run once; a killed job's run is trained on resubmission."
import json, os, signal, time
import pytest
submitit = pytest.importorskip("submitit", reason="the cluster executor needs submitit (pip install submitit)")
from phasekd.study.cluster import submit_study
from phasekd.study.config import get_preset
from phasekd.study.runs import load_records

def test_a_killed_job_is_trained_again_on_resubmission(tmp_path):
    p = get_preset("smoke").replace(data=dict(n_train=2000), train=dict(epochs=4))     # runs of seconds: the kill lands while one trains
    only = ["random-L1-e4-s0", "e2e-L1-e4-s0"]
    jobs = submit_study(p, tmp_path, "local", only=only, poll=0.2, timeout_min=10)
    claim = tmp_path/"claims"/"e2e-L1-e4-s0.json"
    t0 = time.time()
    while not claim.exists() and time.time() - t0 < 300: time.sleep(0.05)   # the job has claimed its run: it is training
    assert claim.exists(), jobs["e2e-L1-e4-s0"].stderr()
    job = jobs["e2e-L1-e4-s0"]
    os.kill(json.loads(claim.read_text())["pid"], signal.SIGKILL)             # the process training the run dies mid-run, as on a lost node
    job.cancel(check=False)                                                    # (a cancel alone sends SIGINT, which a job started from a
                                                                               # background shell ignores)
    jobs["random-L1-e4-s0"].result()
    t0 = time.time()
    while not job.done() and time.time() - t0 < 60: time.sleep(0.2)
    assert not (tmp_path/"records"/"e2e-L1-e4-s0.json").exists()
    again = submit_study(p, tmp_path, "local", only=only, poll=0.2, timeout_min=10)
    assert list(again) == ["e2e-L1-e4-s0"]                                     # only the run without a record
    assert again["e2e-L1-e4-s0"].result() == dict(run="e2e-L1-e4-s0", trained=True)   # the dead job's claim taken over
    assert sorted(r["run"] for r in load_records(tmp_path)) == sorted(only)
