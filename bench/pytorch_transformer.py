#!/usr/bin/python3
"""PyTorch's makemore Transformer, the peer `pytorch` of transformer_step and the reference run of examples/transformer.

makemore.py's default model (4 blocks, 4 heads, embedding 64, 16 positions, vocabulary 27, 204,544 parameters:
token and position embeddings, pre-LayerNorm blocks of causal self-attention and a GELU MLP with residual
connections, ln_f, lm_head without bias), float32, one thread, AdamW (lr 5e-4, weight decay 0.01, betas 0.9/0.99,
eps 1e-8), batches of 32 words, each a row of 16 positions whose targets after the word's end are -1 (not counted).

Default: time --steps steps one by one (64 batches of random tokens drawn before timing and cycled, as
bench_makemore's transformer_step/static) and print one JSON line:
  {"workload": "transformer_step", "impl": "pytorch", "median_us": ..., "steps": ..., "torch": ..., "blas": ...}
--full: instead, makemore.py's training on --data (its split: a random permutation, the last min(1000, 10%) words
the test set; the test loss every 500 steps, the lowest kept), printing one JSON line with the lowest test loss,
its step, us_per_step (the evaluations included) and peak_rss_mb (the whole process).

--test FILE (with --full): those words the test set and the rest of --data the train set, to compare with another
program on its split (the makemore tool's, say) rather than on this script's.

Usage: /usr/bin/python3 bench/pytorch_transformer.py [--data names.txt] [--steps N] [--full [--test FILE]] [--seed S]
"""
import argparse
import collections
import json
import math
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from pytorch_makemore_step import blas_library, read_words

BLOCK, VOCAB, EMB, HEADS, LAYERS, BATCH = 16, 27, 64, 4, 4, 32


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(EMB, 3 * EMB)
        self.out = nn.Linear(EMB, EMB)
        self.register_buffer("mask", torch.tril(torch.ones(BLOCK, BLOCK, dtype=torch.bool)))

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in self.qkv(x).split(EMB, dim=2))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(c // HEADS)
        weights = F.softmax(scores.masked_fill(~self.mask[:t, :t], float("-inf")), dim=-1)
        return self.out((weights @ v).transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.attn, self.ln2 = nn.LayerNorm(EMB), Attention(), nn.LayerNorm(EMB)
        self.fc, self.proj = nn.Linear(EMB, 4 * EMB), nn.Linear(4 * EMB, EMB)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(VOCAB, EMB), nn.Embedding(BLOCK, EMB)
        self.blocks = nn.Sequential(*[Block() for _ in range(LAYERS)])
        self.ln_f, self.head = nn.LayerNorm(EMB), nn.Linear(EMB, VOCAB, bias=False)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        logits = self.head(self.ln_f(self.blocks(x)))
        return F.cross_entropy(logits.view(-1, VOCAB), targets.view(-1), ignore_index=-1)


def encode(words, stoi):
    """makemore.py's CharDataset rows: x = 0, the word, 0s; y = the word, 0, then -1."""
    x = torch.zeros(len(words), BLOCK, dtype=torch.int64)
    y = torch.full((len(words), BLOCK), -1, dtype=torch.int64)
    for i, w in enumerate(words):
        ix = torch.tensor([stoi[c] for c in w], dtype=torch.int64)
        x[i, 1:1 + len(w)] = ix
        y[i, :len(w)] = ix
        y[i, len(w)] = 0
    return x, y


def step(model, optimizer, x, y):
    loss = model(x, y)
    model.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss


@torch.no_grad()
def mean_loss(model, x, y):
    """The mean over every counted position (batches of 100 words, weighted by their counted positions)."""
    total, count = 0.0, 0
    for i in range(0, x.shape[0], 100):
        n = int((y[i:i + 100] >= 0).sum())
        total += model(x[i:i + 100], y[i:i + 100]).item() * n
        count += n
    return total / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a words file (one name a line); default: random tokens")
    parser.add_argument("--steps", type=int, default=None, help="timed steps (default 500), or training steps with --full (default 20000)")
    parser.add_argument("--full", action="store_true", help="makemore.py's training on --data")
    parser.add_argument("--seed", type=int, default=3407)
    parser.add_argument("--test", help="with --full: the test words (one a line), the rest of --data the train set, for a "
                        "comparison on another program's split (default: makemore.py's own split)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    model = Transformer()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)

    if not args.full:
        steps = args.steps or 500
        batches = [(torch.randint(0, VOCAB, (BATCH, BLOCK)), torch.randint(0, VOCAB, (BATCH, BLOCK))) for _ in range(64)]
        for i in range(20):  # warm up
            step(model, optimizer, *batches[i % 64])
        times = []
        for i in range(steps):
            t0 = time.perf_counter_ns()
            step(model, optimizer, *batches[i % 64])
            times.append(time.perf_counter_ns() - t0)
        print(json.dumps({"workload": "transformer_step", "impl": "pytorch", "median_us": statistics.median(times) / 1e3,
                          "steps": steps, "torch": torch.__version__, "blas": blas_library()}))
        return

    if not args.data:
        raise SystemExit("pytorch_transformer.py: --full needs --data")
    words = read_words(args.data)
    chars = sorted(set("".join(words)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    if len(stoi) + 1 != VOCAB or max(len(w) for w in words) + 1 > BLOCK:
        raise SystemExit("pytorch_transformer.py: the model takes 26 letters and words of at most 15")
    if args.test:
        test_words = read_words(args.test)
        left = collections.Counter(test_words)
        train_words = []
        for w in words:
            if left[w] > 0:
                left[w] -= 1
            else:
                train_words.append(w)
        if +left:
            raise SystemExit("pytorch_transformer.py: --test holds words that --data does not")
    else:
        test_size = min(1000, int(len(words) * 0.1))
        order = torch.randperm(len(words)).tolist()
        train_words, test_words = [words[i] for i in order[:-test_size]], [words[i] for i in order[-test_size:]]
    xtr, ytr = encode(train_words, stoi)
    xte, yte = encode(test_words, stoi)
    steps = args.steps or 20_000
    best, best_step = mean_loss(model, xte, yte), 0
    t0 = time.perf_counter()
    for k in range(1, steps + 1):
        ix = torch.randint(0, xtr.shape[0], (BATCH,))
        step(model, optimizer, xtr[ix], ytr[ix])
        if k % 500 == 0 or k == steps:
            test = mean_loss(model, xte, yte)
            if test < best:
                best, best_step = test, k
    seconds = time.perf_counter() - t0
    print(json.dumps({"impl": "pytorch", "steps": steps, "test_loss": best, "best_step": best_step,
                      "us_per_step": seconds / steps * 1e6,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch": torch.__version__,
                      "blas": blas_library()}))


if __name__ == "__main__":
    main()
