"Heavier checks of the data module, the sensing operator and the initialization."
import shutil
import pytest
import torch
from phasekd.train.data import DEBIAN_DIR, find_fashion_mnist, load_split, split_indices, _raw_images
from phasekd.optics.sensing import CodedDiffraction, PoissonNoise, phase_object
from phasekd.optics.init import SpectralInit

needs_debian = pytest.mark.skipif(not DEBIAN_DIR.exists(), reason="Debian's dataset-fashion-mnist is not installed")

@needs_debian
def test_root_with_gz_files_is_unpacked(tmp_path):
    for f in DEBIAN_DIR.glob("*.gz"): shutil.copy(f, tmp_path)
    assert find_fashion_mnist(tmp_path, download=False) == tmp_path
    assert (tmp_path/"FashionMNIST"/"raw"/"t10k-images-idx3-ubyte").stat().st_size == 16 + 10000*28*28

@needs_debian
def test_split_is_the_papers():
    root = find_fashion_mnist(download=False)
    idx = split_indices()
    assert len(idx["train"]) == len(idx["valid"]) == 30000
    assert len(set(idx["train"].tolist()) & set(idx["valid"].tolist())) == 0
    raw = _raw_images(root, True)
    va = load_split("valid", 28, n=100)
    assert torch.equal((va[:, 0]*255).round().to(torch.uint8), raw[idx["valid"][:100]])
    te = load_split("test", 8)
    assert te.shape == (10000, 1, 8, 8)

def test_energy_and_adjoint_at_paper_size():
    cd = CodedDiffraction(9, 96, seed=3, levels=8, pitch=2)
    x = phase_object(torch.rand(2, 1, 96, 96))
    y = cd(x)
    torch.testing.assert_close(y.sum((-2, -1)), torch.full((2, 9), 96.*96), rtol=1e-5, atol=0)
    v = torch.randn(2, 9, 96, 96, dtype=torch.complex64)
    xr = torch.randn(2, 1, 96, 96, dtype=torch.complex64)
    lhs, rhs = torch.vdot(cd.linear(xr).flatten(), v.flatten()), torch.vdot(xr.flatten(), cd.adjoint(v).flatten())
    assert abs(lhs - rhs) < 1e-4*abs(lhs)

def test_spectral_init_filter_gradcheck():
    cd = CodedDiffraction(2, 6, seed=0).double()
    y = cd(phase_object(torch.rand(1, 1, 6, 6, dtype=torch.float64))).detach()
    si = SpectralInit(kernel_size=3, n_iter=3).double()
    def f(psi): return torch.view_as_real(torch.func.functional_call(si, {"psi": psi}, (y, cd)))
    assert torch.autograd.gradcheck(f, (si.psi.detach().clone().requires_grad_(),))

def test_poisson_gradient_is_straight_through():
    x = phase_object(torch.rand(3, 1, 16, 16))
    grads = []
    for noise in (None, PoissonNoise(5., seed=1)):
        cd = CodedDiffraction(2, 16, seed=0, noise=noise)
        (cd(x)*torch.linspace(0, 1, 256).reshape(16, 16)).sum().backward()
        grads.append(cd.phi.grad)
    torch.testing.assert_close(grads[0], grads[1])
