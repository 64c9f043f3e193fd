"""The bench's MLP and CNN in PyTorch (1 thread), on the same MNIST images; prints one JSON line of samples/s.

Usage: /usr/bin/python3 bench/torch_models.py MNIST_DIR MIN_SECONDS WARMUP_SECONDS
(run by bench/run.mjs when torch is importable)
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.manual_seed(1)


def load_mnist(directory, n=6400):
    """First n training images scaled to [0, 1] as [n, 1, 28, 28] and their labels."""
    images = np.fromfile(f"{directory}/train-images-idx3-ubyte", dtype=np.uint8, offset=16)[: n * 784]
    labels = np.fromfile(f"{directory}/train-labels-idx1-ubyte", dtype=np.uint8, offset=8)[:n]
    X = torch.tensor(images, dtype=torch.float32).reshape(n, 1, 28, 28) / 255
    return X, torch.tensor(labels, dtype=torch.int64)


def mlp():
    nn = torch.nn
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


def cnn():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def samples_per_second(net, X, y, batch_size, min_samples, min_seconds, warmup_seconds):
    """Adam training steps over cycled batches until both min_samples and min_seconds are reached, after a warm-up of
    at least 3 steps and warmup_seconds (the same rule as the tfjs side: steady state, as in a real training run)."""
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    starts = list(range(0, len(X) - batch_size + 1, batch_size))

    def step(i):
        s = starts[i % len(starts)]
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(X[s:s + batch_size]), y[s:s + batch_size]).backward()
        opt.step()

    warmup_begin, i = time.perf_counter(), 0
    while i < 3 or time.perf_counter() - warmup_begin < warmup_seconds:
        step(i)
        i += 1
    done, begin = 0, time.perf_counter()
    while done < min_samples or time.perf_counter() - begin < min_seconds:
        step(done // batch_size)
        done += batch_size
    return done / (time.perf_counter() - begin)


def main():
    X, y = load_mnist(sys.argv[1])
    min_seconds = float(sys.argv[2])
    warmup_seconds = float(sys.argv[3])
    print(json.dumps({
        "mlp_bs128": samples_per_second(mlp(), X, y, 128, 12_800, min_seconds, warmup_seconds),
        "mlp_bs32": samples_per_second(mlp(), X, y, 32, 6_400, min_seconds, warmup_seconds),
        "cnn_bs64": samples_per_second(cnn(), X, y, 64, 1_920, min_seconds, warmup_seconds),
        "torch": torch.__version__,
    }))


main()
