#!/usr/bin/python3
"""PyTorch's course models with BatchNorm, the peers `pytorch` of bench_makemore's mlp_bn_step and wavenet_step.

The models of examples/mlp_bn.hpp and examples/wavenet.hpp ("Zero to Hero", makemore parts 3 and 5), float32, one
thread, vocabulary 27, batches of 32, BatchNorm1d in training (the batch's statistics; running statistics updated
with momentum 0.1, eps 1e-5), cross-entropy loss, SGD p -= 0.01 * grad:
  mlp_bn:  3 characters, Embedding(27, 10), flattened to 30, five times [Linear(in, 100, no bias), BatchNorm1d(100),
           Tanh], Linear(100, 27, no bias), BatchNorm1d(27); Linear weights N(0, 1) * (5/3) / sqrt(fan_in), the last
           BatchNorm1d's weight * 0.1.
  wavenet: 8 characters, Embedding(27, 24), three times [FlattenConsecutive(2), Linear(in, 128, no bias),
           BatchNorm1d(128), Tanh], Linear(128, 27); Linear weights N(0, 1) / sqrt(fan_in), the last one's * 0.1.
The course's (B, T, C) tensors are held as B * T rows of C, so that FlattenConsecutive(2) is a reshape to half the
rows and twice the columns, and torch.nn.BatchNorm1d over the rows is the course's mean and variance over dims
(0, 1). torch.nn.BatchNorm1d normalises with the variance divided by the rows, the course's (and ctgrad's) by the
rows - 1: the same arithmetic, a different constant.

Times --steps steps one by one (64 batches of random tokens drawn before timing and cycled, as bench_makemore's
mlp_bn_step/static and wavenet_step/static) and prints one JSON line per model:
  {"workload": "mlp_bn_step", "impl": "pytorch", "median_us": ..., "steps": ..., "torch": ..., "blas": ...}

Usage: /usr/bin/python3 bench/pytorch_course_models.py [--steps N] [--only mlp_bn|wavenet] [--seed S]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from pytorch_makemore_step import blas_library

VOCAB, BATCH = 27, 32


class Pairs(nn.Module):
    """The course's FlattenConsecutive(2) on rows: two consecutive positions of a word joined into one."""

    def forward(self, x):
        return x.reshape(-1, 2 * x.shape[-1])


def mlp_bn():
    layers, fan_in = [nn.Embedding(VOCAB, 10), nn.Flatten()], 30
    for _ in range(5):
        layers += [nn.Linear(fan_in, 100, bias=False), nn.BatchNorm1d(100), nn.Tanh()]
        fan_in = 100
    model = nn.Sequential(*layers, nn.Linear(100, VOCAB, bias=False), nn.BatchNorm1d(VOCAB))
    with torch.no_grad():
        for m in model:
            if isinstance(m, nn.Linear):
                m.weight.normal_().mul_(5 / 3 / m.in_features ** 0.5)
        model[-1].weight.mul_(0.1)
    return model, 3


def wavenet():
    layers, fan_in = [nn.Embedding(VOCAB, 24)], 24
    for _ in range(3):
        layers += [Pairs(), nn.Linear(2 * fan_in, 128, bias=False), nn.BatchNorm1d(128), nn.Tanh()]
        fan_in = 128
    model = nn.Sequential(*layers, nn.Linear(128, VOCAB))
    with torch.no_grad():
        for m in model:
            if isinstance(m, nn.Linear):
                m.weight.normal_().mul_(1 / m.in_features ** 0.5)
        model[-1].weight.mul_(0.1)
        model[-1].bias.zero_()
    return model, 8


def step(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    model.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="timed steps per model (default 2000)")
    parser.add_argument("--only", choices=["mlp_bn", "wavenet"], help="time this model only")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    for name, make in (("mlp_bn", mlp_bn), ("wavenet", wavenet)):
        if args.only not in (None, name):
            continue
        model, block = make()
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        batches = [(torch.randint(0, VOCAB, (BATCH, block)), torch.randint(0, VOCAB, (BATCH,))) for _ in range(64)]
        for i in range(20):  # warm up
            step(model, optimizer, *batches[i % 64])
        times = []
        for i in range(args.steps):
            t0 = time.perf_counter_ns()
            step(model, optimizer, *batches[i % 64])
            times.append(time.perf_counter_ns() - t0)
        print(json.dumps({"workload": f"{name}_step", "impl": "pytorch", "median_us": statistics.median(times) / 1e3,
                          "steps": args.steps, "torch": torch.__version__, "blas": blas_library()}), flush=True)


if __name__ == "__main__":
    main()
