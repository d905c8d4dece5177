"The refinement as a system uses it: saved with the system, reproducible, checked at the boundary."
import pytest
import torch
from phasekd.model.system import PRSystem, SystemConfig, save_system, load_system
from phasekd.model.evaluate import evaluate
from phasekd.lab.camera import reconstruct, simulate
from phasekd.optics.refine import Refinement

def _system(**kw):
    torch.manual_seed(0)                                     # the U-Net's initial weights
    return PRSystem(1, 16, widths=(8, 16, 32), n_iter=5, **kw).eval()

def _imgs(n=6, seed=0):
    imgs = torch.rand(n, 1, 16, 16, generator=torch.Generator().manual_seed(seed))
    imgs[:, :, :3] = 0                                       # a dark band, as FashionMNIST's background
    return imgs

def test_refined_scoring_of_a_saved_system_is_reproducible(tmp_path):
    s = _system(refinement=dict(n_iter=30))
    f = save_system(s, tmp_path/"s.pt")
    a, b = evaluate(s, _imgs(), refine=True), evaluate(load_system(f), _imgs(), refine=True)
    assert load_system(f).refinement == Refinement(n_iter=30)          # recovers the way it was designed to
    assert a["mean_iterations"] == 30                                  # noiseless: every iteration runs
    for k in ("refined_psnr", "refined_ssim", "psnr"): torch.testing.assert_close(a[k], b[k], rtol=0, atol=0)

def test_noisy_system_stops_each_image_by_the_discrepancy_rule():
    s = _system(noise=dict(kind="poisson", photons=100., seed=0), refinement=dict(n_iter=300, tau=0.5))
    r = evaluate(s, _imgs(), refine=True)
    assert 0 < r["mean_iterations"] < 300

def test_reconstruct_details_and_refine():
    s = _system()
    y = simulate(s, _imgs())
    net = reconstruct(s, y, details=True)
    ref = reconstruct(s, y, refine=True, details=True)
    torch.testing.assert_close(net["estimate"], net["network"])
    torch.testing.assert_close(ref["network"], net["network"])
    assert (ref["residual"] < net["residual"]).all()
    assert (net["iterations"] == 0).all() and (ref["iterations"] == s.refinement.n_iter).all()

@pytest.mark.parametrize("bad, msg", [(dict(method="gd"), "method must be one of"), (dict(n_iter=-1), "n_iter must be an int"),
                                      (dict(tau=0), "tau must be a positive"), (dict(foo=1), "unexpected keyword")])
def test_bad_refinement_is_refused(bad, msg):
    with pytest.raises(ValueError, match=msg): SystemConfig(refinement=bad)

@pytest.mark.parametrize("photons", [0, -5, float("nan"), True])
def test_reconstruct_refuses_bad_photons(photons):
    s = _system()
    with pytest.raises(ValueError, match="photons must be a positive number"): reconstruct(s, simulate(s, _imgs(2)), refine=True, photons=photons)

def test_default_tau_stops_earlier_at_fewer_photons():
    from phasekd.optics.refine import default_tau
    from phasekd.optics.sensing import PoissonNoise, GaussianNoise
    taus = [default_tau(PoissonNoise(p)) for p in (0.5, 1, 3, 10, 100, 300, 1000, 1e5)]
    assert taus[0] == 4.0 and taus[1] == pytest.approx(10**0.6) and taus[3] == pytest.approx(1.0) and taus[4] == pytest.approx(10**-0.6)
    assert taus[-1] == taus[-2] == 0.125 and all(a >= b for a, b in zip(taus, taus[1:]))
    assert default_tau(GaussianNoise(20.)) == 0.5 == default_tau(None) == Refinement(tau=0.5).tau and Refinement().tau is None
    its = {}
    for p in (3, 1000):                                     # the same images, one system, two photon counts
        s = _system(noise=dict(kind="poisson", photons=float(p), seed=0), refinement=dict(n_iter=300))
        its[p] = reconstruct(s, simulate(s, _imgs()), refine=True, photons=p, details=True)["iterations"].float().mean().item()
    assert its[3] < its[1000]
