"Distillation: the loss the callback builds, against a computation from the pieces; interruption; the decay schedule."
import pytest
import torch
from fastai.callback.core import Callback
from phasekd.e2e import dls_from_tensors, e2e_learner
from phasekd.distill import kd_learner
from phasekd.losses import cdp_loss, feat_loss, task_loss

def _dls(seed=0):
    g = torch.Generator().manual_seed(3)
    return dls_from_tensors(torch.rand(32, 1, 16, 16, generator=g), torch.rand(16, 1, 16, 16, generator=g), bs=8, device="cpu", seed=seed)

@pytest.fixture(scope="module")
def teacher():
    learn = e2e_learner(_dls(), n_masks=4, widths=(8, 16, 32), n_iter=4, seed=2)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
    return learn.model.eval()

@pytest.mark.parametrize("normalize", [True, False])
def test_validation_loss_is_eq7(teacher, normalize):
    alpha, beta = 0.6, 0.3
    learn = kd_learner(teacher, _dls(), alpha=alpha, beta=beta, normalize=normalize)
    xb, yb = next(iter(learn.dls.valid))
    with learn.no_bar(): got = learn.validate(dl=[(xb, yb)])[0]
    s = learn.model.eval()
    with torch.no_grad():
        so, to = s(xb, return_all=True), teacher(xb, return_all=True)
        lc, lf = cdp_loss(to["y"], so["y"]), feat_loss(to["feat"], so["feat"])
        if normalize: lc, lf = lc/to["y"].mean(1).pow(2).mean(), lf/to["feat"].pow(2).mean()
        want = alpha*task_loss(so["x_hat"], yb) + beta*lc + (1 - alpha - beta)*lf
    assert abs(got - want.item()) < 1e-5*max(1., abs(want.item()))

def test_keyboard_interrupt_leaves_no_hooks(teacher):
    learn = kd_learner(teacher, _dls())
    class Stop(Callback):                            # runs before the KD callback has taken its hooks off
        order = 0
        def after_pred(self): raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3, cbs=Stop())
    assert all(len(m._forward_hooks) == 0 for m in list(learn.model.modules()) + list(teacher.modules()))
    assert not any(p.requires_grad for p in teacher.parameters()) and not teacher.training

def test_decay_weights_fall_to_zero(teacher):
    learn = kd_learner(teacher, _dls(), alpha=0.5, beta=0.25, decay=True)
    cb = learn.kd
    learn.training = True
    for pct, want in ((0., 0.25), (0.5, 0.125), (1., 0.)):
        learn.pct_train = pct
        assert abs(cb._weight(0.25) - want) < 1e-12
    learn.training = False
    assert cb._weight(0.25) == 0.25                   # validation always reports eq. 7 with the full weights
