#!/usr/bin/python3
"""PyTorch's makemore MLP training step, the peer `pytorch` of bench/report.sh.

The course's makemore MLP (block 3, embedding 10, hidden 200, batch 32, vocabulary 27), float32, on one
thread (torch.set_num_threads(1), as ctgrad's step): emb = C[Xb], h = tanh(emb @ W1 + b1),
logits = h @ W2 + b2, loss = F.cross_entropy(logits, Yb), p.grad = None, loss.backward(), p.data -= lr * p.grad.

Default: time --steps steps one by one (64 minibatches drawn before timing and cycled, as bench_torch's
makemore_mlp_step/torch, so sampling is not timed) and print one JSON line:
  {"workload": "makemore_mlp_step", "impl": "pytorch", "median_us": ..., "steps": ..., "torch": "1.13.1",
   "blas": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"}
"blas" is the BLAS the matrix products ran on: the file providing sgemm_ (the Fortran BLAS entry libtorch_cpu
calls) as the dynamic linker binds libtorch_cpu's reference to it; Debian's libblas.so.3 alternative decides
which file that is, unless LD_LIBRARY_PATH overrides it (bench/report.sh does both).
--full: instead, a full training run on --data (200,000 steps, lr 0.1 then 0.01 from step 100,000, minibatches
drawn each step as in the course; about two minutes), printing one JSON line with the train and dev losses,
us_per_step, peak_rss_mb (resource.getrusage, the whole process, Python and torch included) and "blas".

Usage: /usr/bin/python3 bench/pytorch_makemore_step.py [--data names.txt] [--steps N] [--full] [--seed S]
"""
import argparse
import ctypes
import json
import os
import random
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F

BLOCK, EMB, HIDDEN, BATCH = 3, 10, 200, 32


def read_words(path):
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip()]


def build_dataset(words, stoi):
    xs, ys = [], []
    for w in words:
        context = [0] * BLOCK
        for ch in w + ".":
            ix = stoi[ch]
            xs.append(context)
            ys.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(xs, dtype=torch.int64), torch.tensor(ys, dtype=torch.int64)


def make_parameters(vocab, generator):
    # The course's part 3 initialisation (what `makemore mlp` uses): Kaiming for tanh, small output layer.
    C = torch.randn((vocab, EMB), generator=generator)
    W1 = torch.randn((BLOCK * EMB, HIDDEN), generator=generator) * (5 / 3) / (BLOCK * EMB) ** 0.5
    b1 = torch.randn(HIDDEN, generator=generator) * 0.01
    W2 = torch.randn((HIDDEN, vocab), generator=generator) * 0.01
    b2 = torch.zeros(vocab)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    return parameters


def step(parameters, xb, yb, lr):
    C, W1, b1, W2, b2 = parameters
    emb = C[xb]
    h = torch.tanh(emb.view(-1, BLOCK * EMB) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, yb)
    for p in parameters:
        p.grad = None
    loss.backward()
    for p in parameters:
        p.data += -lr * p.grad
    return loss


def blas_library():
    """The file that provides sgemm_ to libtorch_cpu: the global scope first, then libtorch_cpu's own dependencies
    (Python loads torch's libraries RTLD_LOCAL), the order in which the dynamic linker bound its reference."""
    class DlInfo(ctypes.Structure):
        _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                    ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]
    with open("/proc/self/maps", encoding="utf-8") as f:
        torch_cpu = next((l.split()[-1] for l in f if "/libtorch_cpu.so" in l), None)
    process = ctypes.CDLL(None)
    for lib in [process] + ([ctypes.CDLL(torch_cpu)] if torch_cpu else []):
        try:
            address = ctypes.cast(lib.sgemm_, ctypes.c_void_p)
        except AttributeError:
            continue
        info = DlInfo()
        if process.dladdr(address, ctypes.byref(info)) and info.dli_fname:
            return os.path.realpath(info.dli_fname.decode())
    return "unknown (no sgemm_)"


@torch.no_grad()
def split_loss(parameters, x, y):
    C, W1, b1, W2, b2 = parameters
    h = torch.tanh(C[x].view(-1, BLOCK * EMB) @ W1 + b1)
    return F.cross_entropy(h @ W2 + b2, y).item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a words file (one name a line); default: random indices")
    parser.add_argument("--steps", type=int, default=None, help="timed steps (default 2000), or training steps with --full (default 200000)")
    parser.add_argument("--full", action="store_true", help="a full training run on --data, reporting peak RSS")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(2147483647)

    vocab = 27
    if args.data:
        words = read_words(args.data)
        chars = sorted(set("".join(words)))
        stoi = {s: i + 1 for i, s in enumerate(chars)}
        stoi["."] = 0
        vocab = len(stoi)
        random.seed(args.seed)
        random.shuffle(words)
        n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
        xtr, ytr = build_dataset(words[:n1], stoi)
        xdev, ydev = build_dataset(words[n1:n2], stoi)
    elif args.full:
        sys.exit("pytorch_makemore_step.py: --full needs --data")
    else:
        xtr = torch.randint(0, vocab, (4096, BLOCK), generator=g)
        ytr = torch.randint(0, vocab, (4096,), generator=g)

    parameters = make_parameters(vocab, g)

    if not args.full:
        steps = args.steps or 2000
        batches = []
        for _ in range(64):
            ix = torch.randint(0, xtr.shape[0], (BATCH,), generator=g)
            batches.append((xtr[ix], ytr[ix]))
        for i in range(200):  # warm up
            step(parameters, *batches[i % 64], 0.1)
        times = []
        for i in range(steps):
            xb, yb = batches[i % 64]
            t0 = time.perf_counter_ns()
            step(parameters, xb, yb, 0.1)
            times.append(time.perf_counter_ns() - t0)
        print(json.dumps({"workload": "makemore_mlp_step", "impl": "pytorch", "median_us": statistics.median(times) / 1e3,
                          "steps": steps, "torch": torch.__version__, "blas": blas_library()}))
        return

    steps = args.steps or 200_000
    t0 = time.perf_counter()
    for i in range(steps):
        ix = torch.randint(0, xtr.shape[0], (BATCH,), generator=g)
        step(parameters, xtr[ix], ytr[ix], 0.1 if i < 100_000 else 0.01)
    seconds = time.perf_counter() - t0
    print(json.dumps({"impl": "pytorch", "steps": steps, "train_loss": split_loss(parameters, xtr, ytr),
                      "dev_loss": split_loss(parameters, xdev, ydev), "us_per_step": seconds / steps * 1e6,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch": torch.__version__,
                      "blas": blas_library()}))


if __name__ == "__main__":
    main()
