"""The bench's models in PyTorch (1 thread, or DLCOURSE_TORCH_THREADS): the MLP and CNN on the same MNIST images, the
character LSTM and the tiny transformer on the same kind of synthetic text as bench/sequence-models.mjs; prints one
JSON line of samples/s.

Usage: /usr/bin/python3 bench/torch_models.py MNIST_DIR MIN_SECONDS WARMUP_SECONDS [ITEM,ITEM,...]
(run by bench/run.mjs when torch is importable; ITEMs as in its WORK, default all)
"""
import json
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(int(os.environ.get("DLCOURSE_TORCH_THREADS", "1")))
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


VOCAB, CONTEXT = 30, 16


def token_batches(n):
    """n sequences of CONTEXT token ids and their next tokens, from the seeded stream sequence-models.mjs uses."""
    seed, stream = 7, np.empty(n * (CONTEXT + 1), dtype=np.int64)
    for i in range(len(stream)):
        seed = (seed * 1103515245 + 12345) % 2**31
        stream[i] = seed % VOCAB
    rows = torch.tensor(stream).reshape(n, CONTEXT + 1)
    return rows[:, :-1].contiguous(), rows[:, 1:].contiguous()


class CharLstm(torch.nn.Module):
    """Chapter 10's character model: embedding 16 -> LSTM 128 -> linear to VOCAB at every step (logits [B*T, V])."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, 16)
        self.lstm = torch.nn.LSTM(16, 128, batch_first=True)
        self.head = torch.nn.Linear(128, VOCAB)

    def forward(self, x):
        return self.head(self.lstm(self.embed(x))[0]).reshape(-1, VOCAB)


class Block(torch.nn.Module):
    """Pre-norm causal self-attention with `heads` heads, then a ReLU MLP (4 d), each with a residual."""

    def __init__(self, d, heads):
        super().__init__()
        nn = torch.nn
        self.heads, self.norm1, self.qkv, self.out = heads, nn.LayerNorm(d), nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.norm2, self.up, self.down = nn.LayerNorm(d), nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(d, dim=2)
        split = lambda z: z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
        scores = split(q) @ split(k).transpose(-2, -1) * (d // self.heads) ** -0.5 + mask
        x = x + self.out((scores.softmax(-1) @ split(v)).transpose(1, 2).reshape(b, t, d))
        return x + self.down(torch.relu(self.up(self.norm2(x))))


class TinyTransformer(torch.nn.Module):
    """Chapter 11's decoder-only transformer: token + position embeddings, blocks, final norm, logits [B*T, V]."""

    def __init__(self, d=64, heads=2, layers=2):
        super().__init__()
        self.tokens, self.positions = torch.nn.Embedding(VOCAB, d), torch.nn.Parameter(torch.zeros(CONTEXT, d))
        self.blocks = torch.nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.norm, self.head = torch.nn.LayerNorm(d), torch.nn.Linear(d, VOCAB)
        self.register_buffer("mask", torch.triu(torch.full((CONTEXT, CONTEXT), -1e9), diagonal=1))

    def forward(self, x):
        h = self.tokens(x) + self.positions
        for block in self.blocks:
            h = block(h, self.mask)
        return self.head(self.norm(h)).reshape(-1, VOCAB)


def samples_per_second(net, X, y, batch_size, min_samples, min_seconds, warmup_seconds):
    """Adam training steps over cycled batches until both min_samples and min_seconds are reached, after a warm-up of
    at least 3 steps and warmup_seconds (the same rule as the tfjs side: steady state, as in a real training run)."""
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    starts = list(range(0, len(X) - batch_size + 1, batch_size))

    def step(i):
        s = starts[i % len(starts)]
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(X[s:s + batch_size]), y[s:s + batch_size].reshape(-1)).backward()
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
    min_seconds, warmup_seconds = float(sys.argv[2]), float(sys.argv[3])
    everything = ["mlp_bs128", "mlp_bs32", "cnn_bs64", "lstm_lm", "transformer"]
    items = sys.argv[4].split(",") if len(sys.argv) > 4 else everything
    mnist = load_mnist(sys.argv[1]) if any(item.startswith(("mlp", "cnn")) for item in items) else None
    text = token_batches(8 * 64)
    work = {
        "mlp_bs128": lambda: samples_per_second(mlp(), *mnist, 128, 12_800, min_seconds, warmup_seconds),
        "mlp_bs32": lambda: samples_per_second(mlp(), *mnist, 32, 6_400, min_seconds, warmup_seconds),
        "cnn_bs64": lambda: samples_per_second(cnn(), *mnist, 64, 1_920, min_seconds, warmup_seconds),
        "lstm_lm": lambda: samples_per_second(CharLstm(), *text, 64, 1_280, min_seconds, warmup_seconds),
        "transformer": lambda: samples_per_second(TinyTransformer(), *text, 64, 1_280, min_seconds, warmup_seconds),
    }
    print(json.dumps({**{item: work[item]() for item in items}, "torch": torch.__version__}))


main()
