#!/usr/bin/env python3
"""PyTorch reference for `gan bench`: the same models, steps and sizes, timed the same way.

Mirrors, op for op where it matters for speed:

  mnist-step      the paper's MNIST GAN (ganlib/experiments "paper"): G 100-1200-1200-784 ReLU/sigmoid,
                  D maxout 240x5 twice with dropout (keep .8 on the input, .5 after), a sigmoid unit;
                  SGD with momentum (lr .1, momentum .5); one D step then one G step with the
                  non-saturating loss, batch 100, noise U(-sqrt 3, sqrt 3); the four stats read back
                  every iteration as Trainer.Iteration does. Median of --steps after a warm-up step.
  toy             ganlib/toy's DefaultConfig: G 1-6-5-1 tanh, D 1-6-5-1 tanh on [x, minibatch std]
                  scaled by 1/5, stratified normal noise, SGD lr .03 (x.95 every 1000) momentum .6,
                  batch 200, 10,000 iterations end to end (fresh N(-1, 1) data each).
  parzen-Ksigma   ganlib/eval's Parzen window: 10,000 samples x 10,000 points x 784, distances by one
                  matmul on augmented rows, chunks of 2^23 distances, shifted log-sum-exp per sigma.

Usage (Debian's torch imports only in /usr/bin/python3):

  /usr/bin/python3 bench/reference/torch_bench.py [--only paper,toy,parzen] [--steps 10]
      [--threads 2] [--device cpu|cuda] [--csv] [--quick]
"""

import argparse
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F

BENCHMARKS = ["paper", "toy", "parzen"]


def uniform_(t, r):
    with torch.no_grad():
        t.uniform_(-r, r)
    return t


class Dense:
    """y = x W + b with W [in, out] and b from U(-r, r), as ganlib.Dense."""

    def __init__(self, n_in, n_out, r, dev):
        self.w = uniform_(torch.empty(n_in, n_out, device=dev), r).requires_grad_()
        self.b = uniform_(torch.empty(n_out, device=dev), r).requires_grad_()

    def __call__(self, x):
        return torch.addmm(self.b, x, self.w)

    def params(self):
        return [self.w, self.b]


def dropout(x, keep):
    """ganlib.Dropout: keep with probability keep, scale kept values by 1/keep."""
    return F.dropout(x, p=1 - keep, training=True) if keep < 1 else x


class MLP:
    def __init__(self, sizes, r, dev, act, out_act=None, input_scale=1.0):
        self.layers = [Dense(a, b, r, dev) for a, b in zip(sizes[:-1], sizes[1:])]
        self.act, self.out_act, self.input_scale = act, out_act, input_scale

    def __call__(self, x):
        if self.input_scale != 1:
            x = x * self.input_scale
        for layer in self.layers[:-1]:
            x = self.act(layer(x))
        x = self.layers[-1](x)
        return self.out_act(x) if self.out_act else x

    def params(self):
        return [p for layer in self.layers for p in layer.params()]


class MaxoutD:
    """ganlib.MaxoutDiscriminator: maxout layers with dropout on every layer's input, then a logit."""

    def __init__(self, dev, n_in=784, units=240, pieces=5, r=0.005, keep_in=0.8, keep_hidden=0.5):
        self.units, self.pieces, self.keep_in, self.keep_hidden = units, pieces, keep_in, keep_hidden
        self.l1 = Dense(n_in, units * pieces, r, dev)
        self.l2 = Dense(units, units * pieces, r, dev)
        self.out = Dense(units, 1, r, dev)

    def __call__(self, x):
        b = x.shape[0]
        x = self.l1(dropout(x, self.keep_in)).view(b, self.units, self.pieces).amax(-1)
        x = self.l2(dropout(x, self.keep_hidden)).view(b, self.units, self.pieces).amax(-1)
        return self.out(dropout(x, self.keep_hidden))

    def params(self):
        return self.l1.params() + self.l2.params() + self.out.params()


def sgd_update(params, grads, velocities, lr, momentum):
    """ganlib.SGD: v = m v - lr g; w = w + v."""
    with torch.no_grad():
        for p, g, v in zip(params, grads, velocities):
            v.mul_(momentum).sub_(g, alpha=lr)
            p.add_(v)


def d_loss(real_logits, fake_logits):
    return 0.5 * (F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean())


class GAN:
    """One Trainer.Iteration: a D step on real and a fresh fake batch, then a G step."""

    def __init__(self, g, d, noise):
        self.g, self.d, self.noise = g, d, noise
        self.gv = [torch.zeros_like(p) for p in g.params()]
        self.dv = [torch.zeros_like(p) for p in d.params()]

    def iteration(self, real, lr, momentum):
        with torch.no_grad():
            fake = self.g(self.noise())
        real_logits, fake_logits = self.d(real), self.d(fake)
        loss_d = d_loss(real_logits, fake_logits)
        sgd_update(self.d.params(), torch.autograd.grad(loss_d, self.d.params()), self.dv, lr, momentum)
        fake_logits_g = self.d(self.g(self.noise()))
        loss_g = F.softplus(-fake_logits_g).mean()  # non-saturating: -log D(G(z))
        sgd_update(self.g.params(), torch.autograd.grad(loss_g, self.g.params()), self.gv, lr, momentum)
        # Trainer.Iteration reads these four numbers back every iteration.
        return [loss_d.item(), torch.sigmoid(real_logits).mean().item(),
                torch.sigmoid(fake_logits).mean().item(), loss_g.item()]


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def bench_paper(dev, steps, quick):
    torch.manual_seed(1)
    batch = 100
    if quick:  # experiments "cpu"-like sizes (its Adam is not mirrored: quick rows are a smoke test)
        g = MLP([100, 256, 512, 784], 0.05, dev, torch.relu, torch.sigmoid)
        d = MaxoutD(dev, units=240, pieces=2)
    else:
        g = MLP([100, 1200, 1200, 784], 0.05, dev, torch.relu, torch.sigmoid)
        d = MaxoutD(dev)
    s3 = math.sqrt(3)
    gan = GAN(g, d, lambda: torch.empty(batch, 100, device=dev).uniform_(-s3, s3))
    real = torch.rand(batch, 784, device=dev)
    gan.iteration(real, 0.1, 0.5)  # warm-up
    times = []
    for step in range(steps):
        start = time.perf_counter()
        gan.iteration(real, 0.1 / 1.000004 ** (step + 1), 0.5)
        sync(dev)
        times.append(time.perf_counter() - start)
    label = "quick cpu" if quick else "paper"
    return [("mnist-step", f"{label}: 1 D + 1 G step; batch {batch}; dropout", steps, statistics.median(times), batch)]


def stratified_normal(batch, dev):
    """toy.StratifiedNormalNoise: z_i uniform within the i-th of n equal-probability strata of N(0, 1)."""
    normal = torch.distributions.Normal(0.0, 1.0)
    i = torch.arange(batch, dtype=torch.float64)
    lo = normal.icdf(torch.clamp(i / batch, min=1e-4))
    hi = normal.icdf(torch.clamp((i + 1) / batch, max=1 - 1e-4))
    lows, widths = lo.float().view(batch, 1).to(dev), (hi - lo).float().view(batch, 1).to(dev)
    return lambda: lows + torch.rand(batch, 1, device=dev) * widths


class MinibatchStdD:
    """toy.MinibatchStd around a 2-6-5-1 tanh MLP whose input is scaled by 1/Range."""

    def __init__(self, dev):
        self.mlp = MLP([2, 6, 5, 1], 1.0, dev, torch.tanh, input_scale=1 / 5)

    def __call__(self, x):
        std = torch.sqrt(((x - x.mean(0, keepdim=True)) ** 2).mean(0, keepdim=True) + 1e-6)
        return self.mlp(torch.cat([x, std.expand_as(x)], 1))

    def params(self):
        return self.mlp.params()


def bench_toy(dev, iters):
    torch.manual_seed(1)
    batch = 200
    g = MLP([1, 6, 5, 1], 1.0, dev, torch.tanh)
    gan = GAN(g, MinibatchStdD(dev), stratified_normal(batch, dev))

    def train(n, first):
        for step in range(first, first + n):
            real = torch.randn(batch, 1) * 1.0 - 1.0  # p_data = N(-1, 1), drawn on the host as toy.Toy does
            gan.iteration(real.to(dev), 0.03 * 0.95 ** (step // 1000), 0.6)

    train(1, 0)  # warm-up
    start = time.perf_counter()
    train(iters, 1)
    sync(dev)
    elapsed = time.perf_counter() - start
    label = "quick " if iters < 10_000 else ""
    return [("toy", f"{label}{iters} iterations; batch {batch}", iters, elapsed / iters, batch)]


def parzen_log_likelihoods(samples, points, sigmas, chunk_elements=1 << 23):
    """eval.Parzen.LogLikelihoods: result[k][i] for sigmas[k] and point i."""
    n, dim = samples.shape
    m = points.shape[0]
    y_norms = (samples * samples).sum(1, keepdim=True)
    y_aug = torch.cat([samples, torch.ones_like(y_norms), y_norms], 1)  # [y, 1, |y|^2]
    scales = [-1 / (2 * s * s) for s in sigmas]
    chunk = max(1, min(chunk_elements // n, m))
    lls = torch.empty(len(sigmas), m, dtype=torch.float64)
    for start in range(0, m, chunk):
        x = points[start:start + chunk]
        x_norms = (x * x).sum(1, keepdim=True)
        d2 = (torch.cat([-2 * x, x_norms, torch.ones_like(x_norms)], 1) @ y_aug.T).clamp_min(0)
        d_min = d2.min(1, keepdim=True).values
        shifted = d2 - d_min
        log_sums = torch.stack([torch.exp(shifted * s).sum(1) for s in scales]).log()
        # The rest of the formula in float64 on the host, as eval.Parzen does in Go.
        d_min, log_sums = d_min[:, 0].double().cpu(), log_sums.double().cpu()
        for k, sigma in enumerate(sigmas):
            norm = math.log(n) + dim / 2 * math.log(2 * math.pi * sigma * sigma)
            lls[k, start:start + chunk] = -d_min / (2 * sigma * sigma) + log_sums[k] - norm
    return lls


def bench_parzen(dev, rows):
    dim = 784
    gen = torch.Generator().manual_seed(2)
    samples = torch.rand(rows, dim, generator=gen).to(dev)
    points = torch.rand(rows, dim, generator=gen).to(dev)
    sigmas = [10 ** (-1 + i / 9) for i in range(10)]  # eval.PaperSigmas
    label = "quick " if rows < 10_000 else ""
    out = []
    with torch.no_grad():
        for k in (1, 10):
            start = time.perf_counter()
            parzen_log_likelihoods(samples, points, sigmas[:k])
            sync(dev)
            out.append((f"parzen-{k}sigma", f"{label}{rows} x {rows} x {dim}", 1, time.perf_counter() - start, rows))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(BENCHMARKS))
    ap.add_argument("--steps", type=int, default=10, help="timed MNIST steps after a warm-up step (median)")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--csv", action="store_true")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, a smoke test")
    args = ap.parse_args()
    only = [s.strip() for s in args.only.split(",")]
    bad = [s for s in only if s not in BENCHMARKS]
    if bad or args.steps < 1:
        ap.error(f"--only must name some of {BENCHMARKS} (got {bad}) and --steps be >= 1")
    torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    backend = f"torch-{torch.__version__.split('+')[0]}:{dev.type}" + (f":{args.threads}threads" if dev.type == "cpu" else "")

    rows = []
    if "paper" in only:
        rows += bench_paper(dev, 1 if args.quick else args.steps, args.quick)
    if "toy" in only:
        rows += bench_toy(dev, 100 if args.quick else 10_000)
    if "parzen" in only:
        rows += bench_parzen(dev, 500 if args.quick else 10_000)

    if args.csv:
        print("backend,benchmark,configuration,steps,ms_per_step,samples_per_s,total_s")
        for name, config, steps, per_step, samples in rows:
            print(f"{backend},{name},{config},{steps},{per_step * 1000:.4f},{samples / per_step:.1f},{per_step * steps:.3f}")
    else:
        print(f"{'backend':<24} {'benchmark':<15} {'configuration':<46} {'steps':>5} {'ms/step':>10} {'samples/s':>10} {'total s':>8}")
        for name, config, steps, per_step, samples in rows:
            print(f"{backend:<24} {name:<15} {config:<46} {steps:>5} {per_step * 1000:>10.3f} {samples / per_step:>10.0f} {per_step * steps:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
