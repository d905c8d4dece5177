"""Time sensing + filtered spectral initialization against the FFT floor.

The floor is the time of the (2T+1)*L FFTs (of B images of H x W) that the algorithm cannot
avoid: L for the sensing and 2L (one forward, one inverse) in each of the T power iterations.
The T applications of the k x k filter G_psi, which the algorithm cannot avoid either, are timed
too, and the ratio to FFTs plus filters is printed beside the ratio to the FFTs alone.
Both are measured in the same run, interleaved, best of several repeats, so the ratio is
meaningful on a noisy machine. Usage: python benchmarks/bench_init.py [--json FILE]
"""
import argparse, json, platform
import torch
from phasekd.model.evaluate import best_seconds
from phasekd.optics.sensing import CodedDiffraction, phase_object
from phasekd.optics.init import SpectralInit

def bench(B=64, sizes=(32, 96), Ls=(1, 9), T=25, repeats=5, grad=False):
    rows = []
    for size in sizes:
        for L in Ls:
            cd, si = CodedDiffraction(L, size, seed=0), SpectralInit(n_iter=T)
            x = phase_object(torch.rand(B, 1, size, size, generator=torch.Generator().manual_seed(0)))
            v = torch.randn(B, L, size, size, dtype=torch.complex64)
            def pipeline():
                with torch.set_grad_enabled(grad):
                    z = si(cd(x), cd)
                    if grad: z.abs().sum().backward()
            def floor():
                for _ in range(2*T + 1): torch.fft.fft2(v, norm="ortho")
            z = torch.randn(B, 1, size, size, dtype=torch.complex64)
            def filt():
                with torch.no_grad():
                    for _ in range(T): si.filter(z)
            t_pipe, t_fft, t_filt = best_seconds(pipeline, repeats), best_seconds(floor, repeats), best_seconds(filt, repeats)
            rows.append(dict(B=B, size=size, L=L, T=T, grad=grad, pipeline_ms=1e3*t_pipe, fft_floor_ms=1e3*t_fft,
                             filter_ms=1e3*t_filt, ratio=t_pipe/t_fft, ratio_to_fft_and_filter=t_pipe/(t_fft + t_filt)))
            print(f"B={B} {size}x{size} L={L} T={T} {'fwd+bwd' if grad else 'forward'}: pipeline {1e3*t_pipe:8.1f} ms, "
                  f"FFT floor {1e3*t_fft:8.1f} ms, ratio {t_pipe/t_fft:.2f}; the T filters alone {1e3*t_filt:6.1f} ms, "
                  f"ratio to FFTs + filters {t_pipe/(t_fft + t_filt):.2f}", flush=True)
    return rows

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", help="write the figures to this JSON file")
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()
    rows = bench(repeats=a.repeats)
    info = dict(torch=torch.__version__, threads=torch.get_num_threads(), machine=platform.machine(),
                processor=platform.processor() or platform.machine())
    print(info)
    if a.json:
        with open(a.json, "w") as f: json.dump(dict(rows=rows, **info), f, indent=1)
