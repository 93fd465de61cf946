// bench_makemore: one SGD step of makemore's MLP (the course's block 3, embedding 10, hidden 200, batch 32,
// float): ctgrad::makemore::mlp, whose step is one static tensor graph (gather, gemm, tanh, gemm,
// cross-entropy, the generated reverse sweep, scatter-add, SGD). PyTorch 1.13 on one thread takes about
// 150-190 us per step on this machine with OpenBLAS (about 620 us with Debian's reference BLAS; see
// bench/report.sh); the arithmetic limit of one core is about 19 us.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include <ctgrad/makemore/mlp_model.hpp>
#include <ctgrad/random.hpp>

#include <benchmark/benchmark.h>

namespace {
namespace mm = ctgrad::makemore;

void makemore_mlp_step_static(benchmark::State& state) {
  using model_type = mm::mlp<3, 10, 200, 32>;
  model_type model{mm::vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 42};
  // 64 minibatches of names.txt-like indices (27 tokens), cycled: inputs vary, setup is outside the loop.
  constexpr std::size_t batches = 64;
  ctgrad::generator gen{7};
  std::vector<std::array<mm::token, 32 * 3>> xs(batches);
  std::vector<std::array<mm::token, 32>> ys(batches);
  for (auto& x : xs) {
    for (auto& t : x) t = static_cast<mm::token>(gen.below(27));
  }
  for (auto& y : ys) {
    for (auto& t : y) t = static_cast<mm::token>(gen.below(27));
  }
  std::size_t k = 0;
  for (auto _ : state) {
    const float loss = model.step(std::span<const mm::token, 96>{xs[k]}, std::span<const mm::token, 32>{ys[k]}, 0.01f);
    benchmark::DoNotOptimize(loss);
    k = (k + 1) % batches;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 32);
}

}  // namespace

BENCHMARK(makemore_mlp_step_static)->Name("makemore_mlp_step/static");
