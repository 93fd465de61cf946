// Test support for ctgrad::nn: the same model on the tape, its loss and gradients, for comparisons.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include <ctgrad/nn.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/tape.hpp>

namespace nn_test {

namespace nn = ctgrad::nn;
namespace tape = ctgrad::tape;

/// A batch of uniform(-2, 2) samples from a seeded generator.
template <class T, std::size_t B, std::size_t C>
nn::tensor<T, B, C> random_batch(std::uint64_t seed, double lo = -2.0, double hi = 2.0) {
  ctgrad::generator gen{seed};
  nn::tensor<T, B, C> t{};
  for (auto& v : t) v = static_cast<T>(gen.uniform(lo, hi));
  return t;
}

/// Which loss the tape computes.
enum class tape_loss { sse, hinge, cross_entropy };

/// The tape's model, loss (on the batch) and gradient, in micrograd's parameter order.
struct tape_result {
  std::vector<std::vector<double>> outputs;  // per sample
  double loss = 0;
  std::vector<double> gradient;
};

/// Runs the tape's mlp (seed 42, `options`) on the batch `xs` (rows of `in` values) with targets `ys`
/// (sse: rows of `out` values; hinge: ±1 per row; cross_entropy: class index per row).
inline tape_result run_tape(std::size_t in, std::initializer_list<std::size_t> sizes, tape::mlp_options options,
                            std::span<const double> xs, std::span<const double> ys, tape_loss kind, double l2 = 0) {
  tape::graph g;
  tape::mlp model{g, in, sizes, options};
  const std::size_t out = *(sizes.end() - 1);
  const std::size_t batch = xs.size() / in;
  tape_result r;
  tape::value loss = g.leaf(0.0);
  std::vector<tape::value> scores;
  for (std::size_t s = 0; s < batch; ++s) {
    auto y = model(xs.subspan(s * in, in));
    std::vector<tape::value> row(y.begin(), y.end());
    r.outputs.emplace_back();
    for (auto v : row) r.outputs.back().push_back(v.data());
    if (kind == tape_loss::sse) {
      for (std::size_t j = 0; j < out; ++j) loss = loss + (row[j] - ys[s * out + j]).pow(2);
    } else if (kind == tape_loss::hinge) {
      loss = loss + (1.0 + -ys[s] * row[0]).relu();
    } else {
      tape::value sum = g.leaf(0.0);
      for (auto v : row) sum = sum + v.exp();
      loss = loss + (sum.log() - row[static_cast<std::size_t>(ys[s])]);
    }
  }
  if (kind != tape_loss::sse) loss = loss * (1.0 / static_cast<double>(batch));
  if (kind == tape_loss::hinge) {
    tape::value reg = g.leaf(0.0);
    for (auto p : model.parameters()) reg = reg + p * p;
    loss = loss + l2 * reg;
  }
  model.zero_grad();
  loss.backward();
  r.loss = loss.data();
  for (auto p : model.parameters()) r.gradient.push_back(p.grad());
  return r;
}

/// max |a - b| / max(1, |b|).
inline double rel_error(double a, double b) { return std::abs(a - b) / std::max(1.0, std::abs(b)); }

}  // namespace nn_test
