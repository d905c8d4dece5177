"phasekd's sensing as deepinv's physics: the same forward, an adjoint deepinv accepts, the same spectral estimate."
import pytest, torch
dinv = pytest.importorskip("deepinv", reason="the deepinv interface needs deepinv (pip install deepinv)")
from phasekd.optics.dinv import deepinv_physics, arc_projection
from phasekd.optics.sensing import CodedDiffraction, phase_object
from phasekd.optics.solvers import spectral_estimate
from phasekd.optics.init import correlation
from phasekd.optics.refine import project_arc

@pytest.mark.parametrize("L", [1, 2, 4])
def test_deepinv_physics_is_phasekds_sensing(L):
    torch.manual_seed(1)
    s = CodedDiffraction(L, 16, seed=5)
    phys = deepinv_physics(s)
    x = phase_object(torch.rand(3, 1, 16, 16))
    torch.testing.assert_close(phys.A(x), s.intensities(x), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(phys.B(x), s.linear(x))
    assert abs(phys.B.adjointness_test(torch.randn(2, 1, 16, 16, dtype=torch.complex64))) < 1e-4
    if L > 1:                     # one CDP: the two power iterations, started differently, need not meet within 300 steps
        from deepinv.optim.phase_retrieval import spectral_methods
        with torch.no_grad():
            y = s.intensities(x)
            z = spectral_methods(y, phys, n_iter=300, preprocessing=lambda y, physics: y, lamb=0., early_stop=False)
            assert (correlation(z, spectral_estimate(y, s, n_iter=300)) > 0.999).all()
    xr = torch.randn(2, 1, 16, 16, dtype=torch.complex64)
    torch.testing.assert_close(arc_projection()(xr, 0.1), project_arc(xr))

def test_deepinv_physics_refuses_what_is_not_sensing():
    with pytest.raises(TypeError, match="CodedDiffraction"): deepinv_physics("masks")
