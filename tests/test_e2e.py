"Checks of the E2E system that go beyond the notebook's: fastai's own save/load, and per-image metrics over uneven batches."
import torch
from phasekd.model.system import PRSystem
from phasekd.train.data import dls_from_tensors
from phasekd.train.e2e import e2e_learner, random_learner
from phasekd.model.evaluate import evaluate
from phasekd.model.losses import KDObjective
def _tiny(n_train=48, n_valid=20, size=16, bs=8):
    g = torch.Generator().manual_seed(1)
    return dls_from_tensors(torch.rand(n_train, 1, size, size, generator=g), torch.rand(n_valid, 1, size, size, generator=g),
                            bs=bs, device="cpu")

def test_fastai_save_load_roundtrip(tmp_path):
    dls = _tiny()
    learn = e2e_learner(dls, n_masks=2, widths=(8, 16, 32), n_iter=4)
    learn.path = tmp_path
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
    learn.save("sys")
    other = e2e_learner(dls, n_masks=2, widths=(8, 16, 32), n_iter=4, seed=5)
    other.path = tmp_path
    assert not torch.equal(other.model.sensing.phi, learn.model.sensing.phi)
    other.load("sys")
    xb = dls.valid.dataset.imgs
    learn.model.eval(); other.model.eval()
    with torch.no_grad(): assert torch.equal(learn.model(xb), other.model(xb))

def test_validation_metrics_are_per_image_over_the_whole_set():
    dls = _tiny(n_valid=20, bs=8)                      # batches of 8, 8 and 4 images
    learn = random_learner(dls, n_masks=1, widths=(8, 16, 32), n_iter=4)
    with learn.no_bar(): loss, p, s = learn.validate()
    r = evaluate(learn.model, dls.valid.dataset.imgs)
    assert abs(p - r["mean_psnr"]) < 1e-4 and abs(s - r["ssim"].mean().item()) < 1e-5

def test_random_baseline_trains_the_network_only_and_leaves_the_callers_system_alone():
    dls = _tiny()
    s = PRSystem(1, 16, widths=(8, 16, 32), n_iter=4)
    learn = random_learner(dls, system=s)
    m = learn.model
    phi, psi, head = m.sensing.phi.detach().clone(), m.init.psi.detach().clone(), m.unet.head.weight.detach().clone()
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-2)
    assert torch.equal(m.sensing.phi, phi) and torch.equal(m.init.psi, psi) and not torch.equal(m.unet.head.weight, head)
    assert m is not s and s.sensing.phi.requires_grad and s.init.psi.requires_grad         # the caller's system: not frozen

def test_same_seed_same_system_and_different_seeds_differ():
    a, b, c = (PRSystem(2, 16, widths=(8, 16, 32), seed=s) for s in (3, 3, 4))
    assert torch.equal(a.sensing.phi, b.sensing.phi) and not torch.equal(a.sensing.phi, c.sensing.phi)

def _losses(dls, seed=0):
    learn = e2e_learner(dls, widths=(8, 16, 32), n_iter=4, seed=seed)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
    return torch.stack(list(learn.recorder.losses))

def test_reused_loaders_give_what_fresh_ones_give():
    reused = _tiny()
    first, second = _losses(reused), _losses(reused)
    assert torch.equal(first, second) and torch.equal(first, _losses(_tiny()))
    g = torch.Generator().manual_seed(1)
    other = dls_from_tensors(torch.rand(48, 1, 16, 16, generator=g), torch.rand(20, 1, 16, 16, generator=g), bs=8, device="cpu", seed=9)
    assert not torch.equal(first, _losses(other))                                         # the shuffling seed matters


def test_no_training_step_reads_a_tensor_on_the_host():
    "A step waits for no device: with every callback phasekd adds (and the teacher's cache), no tensor is read into Python between before_batch and after_batch."
    from fastai.callback.core import Callback
    from phasekd.train.callbacks import GradGuard, Diagnostics, GapStop, RefineThrough
    from phasekd.train.distill import kd_learner
    names = ("item", "tolist", "__bool__", "__float__", "__int__")
    class NoHostRead(Callback):
        order = -100
        def before_fit(self): self.saved, self.steps = {n: getattr(torch.Tensor, n) for n in names}, 0
        def _off(self):
            for n, f in self.saved.items(): setattr(torch.Tensor, n, f)
        def before_batch(self):
            if not self.training: return
            def refuse(*a, **k): raise RuntimeError("a tensor read on the host inside a training step")
            for n in names: setattr(torch.Tensor, n, refuse)
            self.steps += 1
        def after_batch(self): self._off()
        def after_cancel_batch(self): self._off()
        def after_fit(self): self._off()
    g = torch.Generator().manual_seed(0)
    imgs = torch.nn.functional.avg_pool2d(torch.rand(48, 1, 16, 16, generator=g), 3, 1, 1)
    dls = dls_from_tensors(imgs[:32], imgs[32:], bs=8, device="cpu")
    learners = [e2e_learner(dls, widths=(8, 16, 32), n_iter=4, mask_lr=3., rho=0.1, reg_levels=4,
                            cbs=[GradGuard(), Diagnostics(n=8, gap_images=4), GapStop(1e-6, n=8), RefineThrough(3)]),
                kd_learner(PRSystem(3, 16, widths=(8, 16, 32), n_iter=4), dls, "spec", cache_teacher=True),
                kd_learner(PRSystem(3, 16, widths=(8, 16, 32), n_iter=4), dls, KDObjective(0.6, 0.2))]   # L_cdp and L_feat
    for learn in learners:
        cb = NoHostRead(); learn.add_cb(cb)
        with learn.no_bar(), learn.no_logging(): learn.fit(2, 1e-3)
        assert cb.steps == 8 and torch.Tensor.item is cb.saved["item"]
