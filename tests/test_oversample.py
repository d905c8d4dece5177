"The oversampled measurement as a user meets it: trained from the command, simulated, reconstructed, refused when a frame does not fit."
import json, warnings
import numpy as np
from phasekd.cli import main
from phasekd.model.system import load_system
from phasekd.optics.refine import OVERSAMPLED

def test_an_oversampled_system_from_training_to_reconstruction(tmp_path, capsys):
    w = tmp_path/"p2.pt"
    assert main(["train", "--preset", "smoke", "--oversample", "2", "--epochs", "1", "--out", str(w), "--quiet"]) == 0
    s = load_system(w)
    assert (s.config.oversample, s.config.refinement, s.sensing.cdp_size) == (2, OVERSAMPLED, (32, 32))
    assert main(["simulate", str(w), "--n", "4", "--out", str(tmp_path/"c")]) == 0
    y = np.load(tmp_path/"c"/"cdps.npy")
    assert y.shape == (4, 1, 32, 32)                                             # camera frames of twice the image's side
    with warnings.catch_warnings(record=True) as caught:                       # a frame that does not fit is warned about: asserted below
        warnings.simplefilter("always")
        assert main(["reconstruct", str(w), str(tmp_path/"c"/"cdps.npy"), "--out", str(tmp_path/"r")]) == 0
    truth, est = np.load(tmp_path/"c"/"truth.npy"), np.load(tmp_path/"r"/"estimate.npy")
    psnr = -10*np.log10((((est.reshape(truth.shape) - truth)/np.pi)**2).mean((-2, -1)))
    # a network of one smoke epoch is no prior at all: the measurement alone recovers the images (random restarts, blind phase),
    # and where it does not, the residual says so: at P = 2 a frame that fits is an image recovered, and only then
    frames = json.loads((tmp_path/"r"/"residual.json").read_text())["frames"]
    assert [f["fits"] for f in frames] == [bool(v > 40) for v in psnr], (psnr, frames)
    assert sum("does not fit" in str(c.message) for c in caught) == sum(not f["fits"] for f in frames)
    assert (psnr > 40).mean() >= 0.75 and (psnr[psnr > 40] > 60).all(), psnr
    capsys.readouterr()
    assert main(["reconstruct", str(w), str(tmp_path/"c"/"frame_0_0.png"), "--bin", "3", "--out", str(tmp_path/"x")]) == 2
    err = capsys.readouterr().err
    assert "oversample 2" in err and "96x96" in err                             # what it expected, in one line
