"A study folder is safe to share: two processes train each run once, records and weights are written whole, foreign records are not shown."
import json, os, re, signal, subprocess, sys, time
from pathlib import Path
import pytest, torch
from phasekd.study.config import get_preset
from phasekd.study.runs import plan, read_record, load_records, write_record, fake_record, RunSpec
from phasekd.study.folder import Claim, study_lock
from phasekd.model.system import PRSystem, save_system, load_system
WORKER = """
import sys, time, torch
from pathlib import Path
torch.set_num_threads(1)
from phasekd.study.experiments import Study, synthetic_images
from phasekd.study.config import get_preset
out, me = Path(sys.argv[1]), sys.argv[2]
p = get_preset("smoke")
images = synthetic_images(p)
(out.parent/f"ready-{me}").touch()
while len(list(out.parent.glob("ready-*"))) < 2: time.sleep(0.05)      # both start together
st = Study(p, out, images=images, device="cpu", log=lambda m: print(m, flush=True))
st.poll = 0.2
st.run()
"""

def test_two_processes_on_one_study_train_each_run_once(tmp_path):
    out = tmp_path/"study"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(out), str(i)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for i in range(2)]
    res = [p.communicate(timeout=900) for p in procs]
    assert all(p.returncode == 0 for p in procs), [r[1][-2000:] for r in res]
    trained = [re.findall(r"\] (\S+): training", r[0]) for r in res]
    ids = [s.id for s in plan(get_preset("smoke"))]
    assert sorted(trained[0] + trained[1]) == sorted(ids)             # every run trained, and only once
    assert trained[0] and trained[1]                                   # both processes took runs
    for i in ids:
        rec = read_record(out/"records"/f"{i}.json")
        assert rec is not None and rec["run"] == i
        load_system(out/rec["weights"])                                # whole weights
    assert not list(out.rglob("*.tmp")) and not list((out/"claims").glob("*.json"))

def test_a_claim_of_a_dead_or_silent_process_is_taken_over(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        c = Claim(tmp_path, "run-a", stale_after=300.)
        c.path.parent.mkdir(parents=True)
        c.path.write_text(json.dumps(dict(host=c.me["host"], pid=sleeper.pid, run="run-a")))
        with study_lock(tmp_path): assert not c.acquire() and c.holder()["pid"] == sleeper.pid      # a live owner keeps it
        old = time.time() - 400
        os.utime(c.path, (old, old))
        with study_lock(tmp_path): assert c.acquire()                  # its heartbeat stopped five minutes ago: a killed job
        c.release(); assert not c.path.exists()
    finally: sleeper.kill(); sleeper.wait()
    c = Claim(tmp_path, "run-b")
    c.path.write_text(json.dumps(dict(host=c.me["host"], pid=sleeper.pid, run="run-b")))   # its owner has exited
    with study_lock(tmp_path): assert c.acquire()
    c.release()

def test_an_interrupted_weight_save_leaves_the_previous_file(tmp_path, monkeypatch):
    f = tmp_path/"s.pt"
    torch.manual_seed(0); a = PRSystem(1, 16, widths=(8, 16, 32), n_iter=5)
    save_system(a, f); before = f.read_bytes()
    def dying(obj, path, *args, **kw): Path(path).write_bytes(b"half a file"); raise KeyboardInterrupt
    monkeypatch.setattr(torch, "save", dying)
    with pytest.raises(KeyboardInterrupt): save_system(PRSystem(1, 16, widths=(8, 16, 32), n_iter=5), f)
    assert f.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["s.pt"]

KILLED = """
import sys, torch
from phasekd.model.system import PRSystem, save_system
m = PRSystem(1, 64, widths=(32, 64, 128, 256), n_iter=5)
print("saving", flush=True)
while True: save_system(m, sys.argv[1])
"""

def test_a_kill_during_weight_saves_never_leaves_a_partial_file(tmp_path):
    f = tmp_path/"s.pt"
    for delay in (0.3, 0.7, 1.1):
        p = subprocess.Popen([sys.executable, "-c", KILLED, str(f)], stdout=subprocess.PIPE, text=True)
        p.stdout.readline(); time.sleep(delay); p.send_signal(signal.SIGKILL); p.wait()
        if f.exists(): load_system(f)                                   # the previous file or none, whole

def test_records_that_are_not_this_studys_runs_are_skipped(tmp_path):
    a, b = RunSpec("e2e", 1, 2, 0), RunSpec("random", 1, 2, 0)
    (tmp_path/"study.json").write_text(json.dumps(dict(preset=dict(name="mine"))))
    write_record(tmp_path/"records"/f"{a.id}.json", fake_record(a, 20., preset="mine"))
    write_record(tmp_path/"records"/f"{b.id}.json", fake_record(a, 25., preset="mine"))    # copied over another run's file
    other = RunSpec("e2e", 1, 2, 1)
    write_record(tmp_path/"records"/f"{other.id}.json", fake_record(other, 30., preset="theirs"))
    with pytest.warns(UserWarning) as w: recs = load_records(tmp_path)
    assert [r["run"] for r in recs] == [a.id]
    msgs = " ".join(str(x.message) for x in w)
    assert "not a valid record of the run its name says" in msgs and "preset 'theirs' in a study of preset 'mine'" in msgs
