"""Time the refinement against the network's own inference, per image, in one run.

For a single-snapshot system of the `cpu24` shape (32x32, U-Net widths 16-128, 25 power iterations) and, when --size96 is
given, of the paper's shape (96x96, widths 32-256), on a batch of B images: the network's estimate from the CDPs (spectral
initialization and U-Net) and the default refinement (phasekd.optics.refine.Refinement(): 100 accelerated error-reduction
iterations, noiseless, so every iteration runs). Best of several repeats, interleaved; the ratio is what the cost target
reads. The figures do not depend on training (the same operations run whatever the weights). CUDA is timed when present.
Usage: python benchmarks/bench_refine.py [--json FILE] [--size96]
"""
import argparse, json, platform
import torch
from phasekd.model.evaluate import best_seconds
from phasekd.model.system import PRSystem
from phasekd.optics.sensing import phase_object

def bench(size=32, widths=(16, 32, 64, 128), B=64, repeats=5, device="cpu"):
    s = PRSystem(1, size, widths=widths, n_iter=25).eval().to(device)
    imgs = torch.rand(B, 1, size, size, generator=torch.Generator().manual_seed(0)).to(device)
    with torch.no_grad(): y = s.sensing(phase_object(imgs))
    net = {}
    def network():
        with torch.no_grad(): net["x"] = s.recover(y).clamp(0, 1)
    network()
    def refined():
        s.refined(y, net["x"], noise=None)
    cuda = device.startswith("cuda")
    t_net, t_ref = best_seconds(network, repeats, cuda), best_seconds(refined, repeats, cuda)
    row = dict(size=size, widths=list(widths), B=B, device=device, n_iter=s.refinement.n_iter, network_ms_per_image=1e3*t_net/B,
               refine_ms_per_image=1e3*t_ref/B, ratio=t_ref/t_net)
    print(f"{size}x{size}, B={B}, {device}: network {row['network_ms_per_image']:.2f} ms/image, refinement ({row['n_iter']} it) "
          f"{row['refine_ms_per_image']:.2f} ms/image, ratio {row['ratio']:.2f}", flush=True)
    return row

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", help="write the figures to this JSON file")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--size96", action="store_true", help="also the paper's 96x96 shape")
    a = p.parse_args()
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows = [bench(device=d, repeats=a.repeats) for d in devices]
    if a.size96: rows += [bench(96, (32, 64, 128, 256), B=16, device=d, repeats=a.repeats) for d in devices]
    info = dict(torch=torch.__version__, threads=torch.get_num_threads(), machine=platform.machine(),
                gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None)
    print(info)
    if a.json:
        with open(a.json, "w") as f: json.dump(dict(rows=rows, **info), f, indent=1)
