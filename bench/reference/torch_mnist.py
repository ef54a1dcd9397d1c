#!/usr/bin/env python3
"""The paper's MNIST GAN trained in PyTorch, for comparing training dynamics with `gan train -config paper`.

Same model, noise, losses and SGD as ganlib's "paper" configuration (the classes of torch_bench.py),
on the first 50,000 MNIST training images cached by `gan train` in data/mnist/. Prints the four
stats every 50 iterations and, at the end, the spread of G's samples across z; writes a 10x10 sample
grid as a PNG.

  /usr/bin/python3 bench/reference/torch_mnist.py [--steps 150] [--out /tmp/torch_samples.png]
"""

import argparse
import gzip
import math
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from torch_bench import GAN, MLP, MaxoutD  # noqa: E402


def write_png(path, img):
    """A grey 8-bit PNG, with the standard library only (Debian's python3 may lack PIL)."""
    h, w = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    Path(path).write_bytes(png + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--data", default=str(Path(__file__).parents[2] / "data" / "mnist" / "train-images-idx3-ubyte.gz"))
    ap.add_argument("--out", default="/tmp/torch_samples.png")
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(1)
    raw = gzip.open(args.data).read()
    x = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)[:50000].astype(np.float32) / 255)
    dev = torch.device("cpu")
    g = MLP([100, 1200, 1200, 784], 0.05, dev, torch.relu, torch.sigmoid)
    s3 = math.sqrt(3)
    noise = lambda: torch.rand(100, 100) * 2 * s3 - s3  # noqa: E731
    gan = GAN(g, MaxoutD(dev), noise)
    for i in range(args.steps):
        stats = gan.iteration(x[torch.randint(0, 50000, (100,))], 0.1 / 1.000004**i, 0.5)
        if i % 50 == 0:
            print(i, "D loss %.3f  D(x) %.3f  D(G(z)) %.3f  G loss %.3f" % tuple(stats), flush=True)
    with torch.no_grad():
        s = g(noise()).numpy()
    print("std across samples, averaged over pixels: %.4f; mean pixel %.3f" % (s.std(axis=0).mean(), s.mean()))
    img = np.zeros((10 * 29, 10 * 29), dtype=np.uint8)
    for k in range(100):
        r, c = divmod(k, 10)
        img[r * 29:r * 29 + 28, c * 29:c * 29 + 28] = (s[k].reshape(28, 28) * 255).astype(np.uint8)
    write_png(args.out, img)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
