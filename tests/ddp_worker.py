"One process of a data-parallel training (started by torchrun in test_distributed.py): E2E on synthetic images, 2 epochs."
import sys
import torch
from fastai.distributed import num_distrib, rank_distrib
from phasekd.train.data import dls_from_tensors
from phasekd.train.e2e import e2e_learner
from phasekd.train.distributed import distributed

def images():
    g = torch.Generator().manual_seed(0)
    return torch.nn.functional.avg_pool2d(torch.rand(64, 1, 16, 16, generator=g), 3, 1, 1)

def learner(bs, **kw):
    imgs = images()
    return e2e_learner(dls_from_tensors(imgs, imgs[:16], bs=bs, device="cpu", seed=0), widths=(8, 16, 32), n_iter=4, seed=0, **kw)

if __name__ == "__main__":
    torch.set_num_threads(1)
    learn = learner(8)
    with distributed(learn), learn.no_bar(), learn.no_logging(): learn.fit(2, 2e-3)
    if rank_distrib() == 0:
        torch.save(dict(world=num_distrib(), weights={k: v.detach() for k, v in learn.model.named_parameters()}), sys.argv[1])
