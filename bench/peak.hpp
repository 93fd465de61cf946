// bench/peak.hpp: the machine's own limit, measured in the run that measures the kernels. The project's machines
// differ (Zen 4's AVX-512 unit is half as wide as Zen 5's), so a kernel's FLOP/s means little beside another
// machine's: each suite reports it as a fraction of the single-core fp32 FMA peak of the same process.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>

#include <ctgrad/detail/xsimd.hpp>  // not xsimd directly: see the header

namespace bench {

using fma_batch = xsimd::batch<float>;

/// Independent FMA chains: enough to cover the FMA latency on every pipe (4 cycles x 2 pipes on Zen 4 and 5).
inline constexpr std::size_t fma_chains = 16;

/// FLOPs of one `fma_probe::run()` (an FMA is two).
inline constexpr double fma_block_flops = 2.0 * fma_chains * fma_batch::size * 256;

/// The probe's chains: 256 FMAs on each per `run()`, a = a * m + c, bounded (it tends to c / (1 - m)).
struct fma_probe {
  std::array<fma_batch, fma_chains> a = [] {
    std::array<fma_batch, fma_chains> ones;
    ones.fill(fma_batch(1.0f));
    return ones;
  }();
  fma_batch m = fma_batch(0.999f), c = fma_batch(0.001f);  // (not braces: those take one value per lane)

  [[gnu::noinline]] void run() {
    std::array<fma_batch, fma_chains> r = a;  // on registers only
    for (int k = 0; k < 256; ++k) {
      for (auto& x : r) x = xsimd::fma(x, m, c);
    }
    a = r;
  }
};

/// The single-core fp32 FMA peak in FLOP/s, measured once per process (the best of 20 runs of 2 ms).
inline double fma_peak() {
  static const double peak = [] {
    fma_probe probe;
    double best = 0;
    for (int run = 0; run < 20; ++run) {
      std::size_t blocks = 0;
      const auto start = std::chrono::steady_clock::now();
      std::chrono::duration<double> elapsed{};
      do {
        probe.run();
        ++blocks;
        elapsed = std::chrono::steady_clock::now() - start;
      } while (elapsed.count() < 2e-3);
      best = std::max(best, static_cast<double>(blocks) * fma_block_flops / elapsed.count());
    }
    benchmark::DoNotOptimize(probe.a);
    return best;
  }();
  return peak;
}

/// Reports `of_peak`: the throughput of `flops` per iteration over fma_peak() (1: the core's FMA limit), of CPU
/// time. Google Benchmark prints it as a rate ("0.52/s"): read it as the fraction 0.52.
inline void set_of_peak(benchmark::State& state, double flops) {
  state.counters["of_peak"] = benchmark::Counter(flops / fma_peak(), benchmark::Counter::kIsIterationInvariantRate);
}

/// Reports `flops` per iteration: items_per_second in FLOP/s, and of_peak.
inline void set_flops(benchmark::State& state, double flops) {
  state.SetItemsProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) * flops));
  set_of_peak(state, flops);
}

/// FLOPs of a dense tanh layer's forward and backward pass on a batch (B×In → B×Out), as every suite counts them:
/// 3 products of 2·B·In·Out (forward, dW, dX), and per output element 1 (bias) + 3 (tanh's backward) + 1 (db);
/// tanh itself not counted.
constexpr double layer_flops(std::size_t batch, std::size_t in, std::size_t out) noexcept {
  const double b = static_cast<double>(batch), i = static_cast<double>(in), o = static_cast<double>(out);
  return 6.0 * b * i * o + 5.0 * b * o;
}

/// fma_peak/fp32: the probe itself, as a case of the suite (its of_peak is about 1).
inline void fma_peak_case(benchmark::State& state) {
  fma_probe probe;
  for (auto _ : state) probe.run();
  benchmark::DoNotOptimize(probe.a);
  set_flops(state, fma_block_flops);
}

}  // namespace bench
