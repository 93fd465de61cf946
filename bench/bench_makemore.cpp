// bench_makemore: one SGD step of makemore's MLP (the course's block 3, embedding 10, hidden 200, batch 32,
// float): ctgrad::makemore::mlp, whose step is one static tensor graph (gather, gemm, tanh, gemm,
// cross-entropy, the generated reverse sweep, scatter-add, SGD). PyTorch 1.13 on one thread takes about
// 150-190 us per step on this machine with OpenBLAS (about 620 us with Debian's reference BLAS; see
// bench/report.sh); the arithmetic limit of one core is about 19 us. static_2threads: the same step shared by
// two threads (ctgrad::makemore::mlp_trainer, 16 examples each).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <ctgrad/random.hpp>

#include <benchmark/benchmark.h>

namespace {
namespace mm = ctgrad::makemore;

/// One step on `Threads` threads (mlp_trainer; 1 thread is the model's own step, the trainer only forwards).
template <std::size_t Threads>
void makemore_mlp_step(benchmark::State& state) {
  using model_type = mm::mlp<3, 10, 200, 32>;
  model_type model{mm::vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 42};
  mm::mlp_trainer<model_type, Threads> trainer{model};  // the workers start here, outside the timed loop
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
    const float loss = trainer.step(std::span<const mm::token, 96>{xs[k]}, std::span<const mm::token, 32>{ys[k]}, 0.01f);
    benchmark::DoNotOptimize(loss);
    k = (k + 1) % batches;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 32);
}

}  // namespace

BENCHMARK(makemore_mlp_step<1>)->Name("makemore_mlp_step/static");
// Read its wall time ("Time", real_time): "CPU" is the calling thread's alone, which undercounts when it
// sleeps waiting for the worker. (UseRealTime would rename the case to .../real_time.)
BENCHMARK(makemore_mlp_step<2>)->Name("makemore_mlp_step/static_2threads");
