#!/usr/bin/env python3
"""The MNIST `cpu` configuration in PyTorch, with the switches that chose it, and a Parzen estimate on the way.

ganlib/experiments "cpu": G 100-256-512-784 with batch normalisation before its ReLUs and a sigmoid
output; D 785-512-256-1 (the minibatch-std feature appended to the image) with leaky ReLUs;
Glorot initialisation; Adam (lr 5e-4, beta1 .5) for both; one D step then one G step with the
non-saturating loss, batch 100, noise U(-sqrt 3, sqrt 3); instance noise: every image D sees,
real or generated, plus N(0, s^2) noise, s falling linearly from .8 to 0 over 12,000 iterations
(ganlib.Config.InstanceNoise); samples from the exponential moving average of G's variables (decay
.9999, bias-corrected as ganlib.Config.GeneratorAverage: weight (1-d)/(1-d^t) for the t-th
iteration's values).

Every --every iterations it prints the four stats and the Parzen log-likelihood of --test test
images (sigma chosen on the first 1,000 validation images, 10,000 samples), for G itself and for
each average in --average. With one thread an iteration takes about 45 ms here (ganlib's pure-Go
backend: about 230 ms on both cores), so two runs side by side with --threads 1 try two settings
in ten minutes.

  /usr/bin/python3 bench/reference/torch_mnist_cpu.py [--steps 12000] [--every 3000] [--test 3000]
      [--average 0.9999] [--lr 5e-4] [--no-batchnorm] [--no-minibatch-std] [--keep 1]
      [--instance-noise 0.8] [--noise-steps 12000] [--seed 1] [--threads 1]

Reads MNIST from data/mnist/ (gan train caches it there).
"""

import argparse
import copy
import gzip
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = Path(__file__).parents[2] / "data" / "mnist"


def images(name):
    raw = gzip.open(DATA / name).read()
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255)


def generator(batchnorm):
    layers, n = [], 100
    for h in (256, 512):
        layers += [nn.Linear(n, h)] + ([nn.BatchNorm1d(h)] if batchnorm else []) + [nn.ReLU()]
        n = h
    return nn.Sequential(*layers, nn.Linear(n, 784), nn.Sigmoid())


class Discriminator(nn.Module):
    def __init__(self, minibatch_std, keep):
        super().__init__()
        self.minibatch_std, self.keep = minibatch_std, keep
        self.hidden = nn.ModuleList([nn.Linear(784 + minibatch_std, 512), nn.Linear(512, 256)])
        self.out = nn.Linear(256, 1)

    def forward(self, x):
        if self.minibatch_std:  # ganlib's batchSpread: the population std per value, averaged
            spread = torch.sqrt(x.var(0, unbiased=False) + 1e-6).mean()
            x = torch.cat([x, spread.expand(x.shape[0], 1)], 1)
        for layer in self.hidden:
            x = F.dropout(F.leaky_relu(layer(x), 0.2), 1 - self.keep, self.training)
        return self.out(x)


def glorot(*models):
    for m in models:
        for layer in m.modules():
            if isinstance(layer, nn.Linear):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)


def parzen(samples, points, sigma):
    """Log-likelihoods of points under a Gaussian window of sigma on samples, as ganlib/eval."""
    out = []
    for chunk in points.split(1000):
        d2 = ((chunk * chunk).sum(1, keepdim=True) - 2 * chunk @ samples.T + (samples * samples).sum(1)).clamp_min(0)
        out.append(torch.logsumexp(-d2 / (2 * sigma * sigma), 1))
    d = points.shape[1]
    return torch.cat(out) - math.log(samples.shape[0]) - d / 2 * math.log(2 * math.pi * sigma * sigma)


def evaluate(g, noise, valid, test):
    g.eval()
    with torch.no_grad():
        samples = torch.cat([g(noise(1000)) for _ in range(10)])
    g.train()
    sigmas = np.logspace(-1, 0, 10)
    best = sigmas[int(np.argmax([parzen(samples, valid, s).mean().item() for s in sigmas]))]
    ll = parzen(samples, test, best)
    return ll.mean().item(), ll.std().item() / math.sqrt(len(ll)), best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=12000)
    ap.add_argument("--every", type=int, default=3000)
    ap.add_argument("--test", type=int, default=3000, help="test images scored (10000: the paper's protocol)")
    ap.add_argument("--average", default="0.9999", help="decays of G's moving averages to evaluate")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--keep", type=float, default=1.0, help="D's dropout keep-probability after its hidden layers")
    ap.add_argument("--instance-noise", type=float, default=0.8, help="std of the noise on D's inputs at the start")
    ap.add_argument("--noise-steps", type=int, default=12000, help="iterations over which that std falls to 0")
    ap.add_argument("--no-batchnorm", action="store_true")
    ap.add_argument("--no-minibatch-std", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train = images("train-images-idx3-ubyte.gz")
    x_train, valid = train[:50000], train[50000:51000]
    test = images("t10k-images-idx3-ubyte.gz")[: args.test]
    s3 = math.sqrt(3)
    noise = lambda n: (torch.rand(n, 100) * 2 - 1) * s3  # noqa: E731

    g, d = generator(not args.no_batchnorm), Discriminator(0 if args.no_minibatch_std else 1, args.keep)
    glorot(g, d)
    decays = [float(v) for v in args.average.split(",") if v]
    averages = [copy.deepcopy(g) for _ in decays]
    opt_g = torch.optim.Adam(g.parameters(), args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), args.lr, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    start = time.time()
    for step in range(1, args.steps + 1):
        std = args.instance_noise * max(0.0, 1 - (step - 1) / args.noise_steps)
        noisy = lambda x: x + std * torch.randn_like(x) if std > 0 else x  # noqa: E731
        real = x_train[torch.randint(0, 50000, (100,))]
        real_logits, fake_logits = d(noisy(real)), d(noisy(g(noise(100)).detach()))
        d_loss = 0.5 * (bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits)))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_logits = d(noisy(g(noise(100))))
        g_loss = bce(g_logits, torch.ones_like(g_logits))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        with torch.no_grad():
            for decay, avg in zip(decays, averages):
                w = (1 - decay) / (1 - decay**step)
                for a, v in zip(list(avg.parameters()) + list(avg.buffers()), list(g.parameters()) + list(g.buffers())):
                    if a.is_floating_point():
                        a.add_(v - a, alpha=w)
                    else:
                        a.copy_(v)
        if step % args.every == 0:
            ll, se, sigma = evaluate(g, noise, valid, test)
            line = "%d %.0fs  D loss %.3f G loss %.3f D(x) %.2f D(G(z)) %.2f  Parzen: G %.1f ± %.1f (sigma %.3f)" % (
                step, time.time() - start, d_loss.item(), g_loss.item(),
                torch.sigmoid(real_logits).mean().item(), torch.sigmoid(fake_logits).mean().item(), ll, se, sigma)
            for decay, avg in zip(decays, averages):
                ll, se, sigma = evaluate(avg, noise, valid, test)
                line += ", average %g %.1f ± %.1f" % (decay, ll, se)
            print(line, flush=True)


if __name__ == "__main__":
    main()
