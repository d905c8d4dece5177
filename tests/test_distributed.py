"Two gloo processes of batch 8 train the weights that one process gets accumulating two micro-batches of 8 (same images, order, seed)."
import importlib.util, os, subprocess, sys
from pathlib import Path
import pytest
import torch
from fastai.callback.training import GradientAccumulation
_spec = importlib.util.spec_from_file_location("ddp_worker", Path(__file__).parent/"ddp_worker.py")
_worker = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(_worker)
learner = _worker.learner                        # the one-process learner the torchrun workers build too

TORCHRUN = Path(sys.executable).with_name("torchrun")

@pytest.mark.skipif(not TORCHRUN.exists(), reason="torchrun is not installed beside this Python")
def test_two_processes_train_the_weights_of_one(tmp_path):
    out = tmp_path/"ddp.pt"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    r = subprocess.run([str(TORCHRUN), "--nproc_per_node", "2", "--master_port", "29517", str(Path(__file__).parent/"ddp_worker.py"), str(out)],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    saved = torch.load(out)
    assert saved["world"] == 2
    ddp = saved["weights"]
    torch.set_num_threads(1)
    ref = learner(8, cbs=[GradientAccumulation(16)])
    with ref.no_bar(), ref.no_logging(): ref.fit(2, 2e-3)
    one = dict(ref.model.named_parameters())
    init = dict(learner(8).model.named_parameters())
    moved = max((one[k] - init[k]).abs().max().item() for k in one)
    diff = max((one[k] - ddp[k]).abs().max().item() for k in one)
    print(f"largest weight change in training {moved:.3g}; largest difference between 2 processes and 1: {diff:.3g}")
    assert moved > 1e-3 and diff < 1e-4*max(1., moved)
