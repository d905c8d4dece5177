"Distillation: the loss the callback builds, against a computation from the pieces; interruption; the schedule in a fit."
import pytest
import torch
from fastai.callback.core import Callback
from phasekd.model.system import OUTPUTS
from phasekd.train.data import dls_from_tensors
from phasekd.train.e2e import e2e_learner
from phasekd.train.distill import kd_learner
from phasekd.model.losses import KDObjective, cdp_loss, feat_loss, task_loss

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
    learn = kd_learner(teacher, _dls(), KDObjective(alpha, beta, normalize))
    xb, yb = next(iter(learn.dls.valid))
    with learn.no_bar(): got = learn.validate(dl=[(xb, yb)])[0]
    s = learn.model.eval()
    with torch.no_grad():
        so, to = s(xb, OUTPUTS), teacher(xb, OUTPUTS)
        lc, lf = cdp_loss(to["y"], so["y"]), feat_loss(to["feat"], so["feat"])
        if normalize: lc, lf = lc/to["y"].mean(1).pow(2).mean(), lf/to["feat"].pow(2).mean()
        want = alpha*task_loss(so["x_hat"], yb) + beta*lc + (1 - alpha - beta)*lf
    assert abs(got - want.item()) < 1e-5*max(1., abs(want.item()))

def test_keyboard_interrupt_leaves_no_hooks_and_the_teacher_as_given(teacher):
    was = {k: v.clone() for k, v in teacher.state_dict().items()}
    learn = kd_learner(teacher, _dls(), KDObjective(0.8, 0.1))
    class Stop(Callback):                            # interrupts right after the student's forward pass
        order = 0
        def after_pred(self): raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3, cbs=Stop())
    assert all(len(m._forward_hooks) == len(m._forward_pre_hooks) == 0
               for m in list(learn.model.modules()) + list(teacher.modules()) + list(learn.kd.teacher.modules()))
    assert all(p.requires_grad for p in teacher.parameters()) and not teacher.training      # as the fixture made it
    assert all(torch.equal(was[k], v) for k, v in teacher.state_dict().items())

def test_decay_schedule_leaves_the_task_alone_at_the_end_of_training(teacher):
    learn = kd_learner(teacher, _dls(), KDObjective(0.5, 0.25, schedule="decay"))
    cb, so, s = learn.kd, learn.system_outputs, learn.model   # SystemOutputs asks the system, KDCallback reads what it publishes
    xb, yb = learn.dls.one_batch()
    learn.xb, learn.yb, learn.training = (xb,), (yb,), True
    so.before_fit(); cb.before_fit()
    for pct in (0., 1.):
        learn.pct_train = pct
        so.before_batch(); learn.pred = s(*learn.xb); so.after_pred(); cb.after_pred()
        task = learn.loss_func(learn.pred, yb); learn.loss_grad = task; cb.after_loss()
        t = cb.terms
        want = task if pct == 1. else 0.5*task + 0.25*t["cdp"] + 0.25*t["feat"]
        assert torch.allclose(learn.loss_grad, want, rtol=1e-6), pct
        learn.xb = (xb,)
