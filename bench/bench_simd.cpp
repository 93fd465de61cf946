// bench_simd: ctgrad::simd kernels (`kernels`) against the hand-written loops a good engineer would write instead
// (`loops`: plain loops that -O3 -march=native vectorises; `hand` in other suites is hand-written derivatives).
// Cases are <workload>/<implementation>; items_per_second is FLOP/s (items = floating-point operations), of_peak
// that throughput over the single-core fp32 FMA peak measured in the same run (peak.hpp; fma_peak/fp32 is the probe).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>

#include <benchmark/benchmark.h>

#include <ctgrad/simd.hpp>

#include "peak.hpp"

namespace {

namespace simd = ctgrad::simd;

template <std::size_t N>
using buffer = simd::aligned_array<float, N>;

template <class Array>
void fill(Array& a, unsigned seed, float low = -1.0f, float high = 1.0f) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> dist(low, high);
  for (auto& v : a) v = dist(engine);
}

BENCHMARK(bench::fma_peak_case)->Name("fma_peak/fp32");

// ---------------------------------------------------------------------------------------------------------
// layer_30x200_b32: Linear(30 → 200) + tanh on a batch of 32, forward and backward, float.
//   pre = X·W + 1 bᵀ, H = tanh(pre);  dpre = (1 − H²) ⊙ dY;  dW += Xᵀ·dpre;  db += Σ_rows dpre;  dX = dpre·Wᵀ
// FLOPs counted: bench::layer_flops (peak.hpp).
// ---------------------------------------------------------------------------------------------------------
constexpr std::size_t batch = 32, in = 30, out = 200;
constexpr double layer_flops = bench::layer_flops(batch, in, out);
constexpr double linear_flops = 6.0 * batch * in * out + 2.0 * batch * out;

struct layer_data {
  buffer<batch * in> x{}, dx{};
  buffer<in * out> w{}, dw{};
  buffer<out> b{}, db{};
  buffer<batch * out> pre{}, h{}, dy{}, dpre{};
  buffer<out * in> wt{};  // the loops version's transposed copy of W
  layer_data() {
    fill(x, 1);
    fill(w, 2, -0.2f, 0.2f);
    fill(b, 3);
    fill(dy, 4);
  }
};

void layer_kernels(benchmark::State& state) {
  layer_data d;
  for (auto _ : state) {
    simd::gemm_bias<batch, in, out>(d.x.data(), d.w.data(), d.b.data(), d.pre.data());
    simd::tanh_forward<batch * out>(d.pre.data(), d.h.data());
    simd::tanh_backward<batch * out>(d.h.data(), d.dy.data(), d.dpre.data());
    simd::gemm_tn_add<in, batch, out>(d.x.data(), d.dpre.data(), d.dw.data());
    simd::col_sum_add<batch, out>(d.dpre.data(), d.db.data());
    simd::gemm_nt<batch, out, in>(d.dpre.data(), d.w.data(), d.dx.data());
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, layer_flops);
}
BENCHMARK(layer_kernels)->Name("layer_30x200_b32/kernels");

// The loops a good engineer writes: every inner loop runs over contiguous memory without a reduction, so
// -O3 -march=native vectorises all of them (a dot-product inner loop would stay scalar without -ffast-math);
// dX goes through a transposed copy of W for the same reason. tanh is std::tanh.
void hand_forward(layer_data& d) {
  for (std::size_t i = 0; i < batch; ++i) {
    float* p = d.pre.data() + i * out;
    for (std::size_t j = 0; j < out; ++j) p[j] = d.b[j];
    for (std::size_t k = 0; k < in; ++k) {
      const float xik = d.x[i * in + k];
      const float* wk = d.w.data() + k * out;
      for (std::size_t j = 0; j < out; ++j) p[j] += xik * wk[j];
    }
  }
}

void hand_backward(layer_data& d) {
  for (std::size_t i = 0; i < batch; ++i) {
    for (std::size_t k = 0; k < in; ++k) {
      const float xik = d.x[i * in + k];
      float* dwk = d.dw.data() + k * out;
      const float* g = d.dpre.data() + i * out;
      for (std::size_t j = 0; j < out; ++j) dwk[j] += xik * g[j];
    }
  }
  for (std::size_t i = 0; i < batch; ++i) {
    for (std::size_t j = 0; j < out; ++j) d.db[j] += d.dpre[i * out + j];
  }
  for (std::size_t k = 0; k < in; ++k) {
    for (std::size_t j = 0; j < out; ++j) d.wt[j * in + k] = d.w[k * out + j];
  }
  for (std::size_t i = 0; i < batch; ++i) {
    float* dxi = d.dx.data() + i * in;
    for (std::size_t k = 0; k < in; ++k) dxi[k] = 0;
    for (std::size_t j = 0; j < out; ++j) {
      const float g = d.dpre[i * out + j];
      const float* wj = d.wt.data() + j * in;
      for (std::size_t k = 0; k < in; ++k) dxi[k] += g * wj[k];
    }
  }
}

void layer_loops(benchmark::State& state) {
  layer_data d;
  for (auto _ : state) {
    hand_forward(d);
    for (std::size_t e = 0; e < batch * out; ++e) d.h[e] = std::tanh(d.pre[e]);
    for (std::size_t e = 0; e < batch * out; ++e) d.dpre[e] = (1.0f - d.h[e] * d.h[e]) * d.dy[e];
    hand_backward(d);
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, layer_flops);
}
BENCHMARK(layer_loops)->Name("layer_30x200_b32/loops");

// linear_30x200_b32: the same layer without tanh (pre = X·W + b; dW, db, dX from dpre = dY): the matrix
// products alone, so the comparison is not decided by tanh.
void linear_kernels(benchmark::State& state) {
  layer_data d;
  d.dpre = d.dy;
  for (auto _ : state) {
    simd::gemm_bias<batch, in, out>(d.x.data(), d.w.data(), d.b.data(), d.pre.data());
    simd::gemm_tn_add<in, batch, out>(d.x.data(), d.dpre.data(), d.dw.data());
    simd::col_sum_add<batch, out>(d.dpre.data(), d.db.data());
    simd::gemm_nt<batch, out, in>(d.dpre.data(), d.w.data(), d.dx.data());
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::DoNotOptimize(d.pre.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, linear_flops);
}
BENCHMARK(linear_kernels)->Name("linear_30x200_b32/kernels");

void linear_loops(benchmark::State& state) {
  layer_data d;
  d.dpre = d.dy;
  for (auto _ : state) {
    hand_forward(d);
    hand_backward(d);
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::DoNotOptimize(d.pre.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, linear_flops);
}
BENCHMARK(linear_loops)->Name("linear_30x200_b32/loops");

// Each piece of the layer alone (kernels only), to see where the time goes.
void piece_forward(benchmark::State& state) {
  layer_data d;
  for (auto _ : state) {
    simd::gemm_bias<batch, in, out>(d.x.data(), d.w.data(), d.b.data(), d.pre.data());
    benchmark::DoNotOptimize(d.pre.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * batch * in * out + batch * out));
}
BENCHMARK(piece_forward)->Name("gemm_bias_32x30x200/kernels");

void piece_dw(benchmark::State& state) {
  layer_data d;
  for (auto _ : state) {
    simd::gemm_tn_add<in, batch, out>(d.x.data(), d.dy.data(), d.dw.data());
    benchmark::DoNotOptimize(d.dw.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * batch * in * out));
}
BENCHMARK(piece_dw)->Name("gemm_tn_add_30x32x200/kernels");

void piece_dx(benchmark::State& state) {
  layer_data d;
  for (auto _ : state) {
    simd::gemm_nt<batch, out, in>(d.dy.data(), d.w.data(), d.dx.data());
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * batch * in * out));
}
BENCHMARK(piece_dx)->Name("gemm_nt_32x200x30/kernels");

void piece_tanh(benchmark::State& state) {
  layer_data d;
  fill(d.pre, 5, -3.0f, 3.0f);
  for (auto _ : state) {
    simd::tanh_forward<batch * out>(d.pre.data(), d.h.data());
    benchmark::DoNotOptimize(d.h.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(batch * out));
}
BENCHMARK(piece_tanh)->Name("tanh_6400/kernels");

// ---------------------------------------------------------------------------------------------------------
// dot_<N> and gemv_<M>x<N>: 2 FLOPs per multiply-add.
// ---------------------------------------------------------------------------------------------------------
template <std::size_t N>
void dot_kernels(benchmark::State& state) {
  buffer<N> x{}, y{};
  fill(x, 1);
  fill(y, 2);
  for (auto _ : state) {
    float s = simd::dot<N>(x.data(), y.data());
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * N));
}

template <std::size_t N>
void dot_loops(benchmark::State& state) {
  buffer<N> x{}, y{};
  fill(x, 1);
  fill(y, 2);
  for (auto _ : state) {
    float s = 0;
    for (std::size_t i = 0; i < N; ++i) s += x[i] * y[i];
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * N));
}
BENCHMARK(dot_kernels<30>)->Name("dot_30/kernels");
BENCHMARK(dot_loops<30>)->Name("dot_30/loops");
BENCHMARK(dot_kernels<200>)->Name("dot_200/kernels");
BENCHMARK(dot_loops<200>)->Name("dot_200/loops");
BENCHMARK(dot_kernels<4096>)->Name("dot_4096/kernels");
BENCHMARK(dot_loops<4096>)->Name("dot_4096/loops");

template <std::size_t M, std::size_t N>
void gemv_kernels(benchmark::State& state) {
  buffer<M * N> a{};
  buffer<N> x{};
  buffer<M> y{};
  fill(a, 1);
  fill(x, 2);
  for (auto _ : state) {
    simd::gemv<M, N>(a.data(), x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * M * N));
}

template <std::size_t M, std::size_t N>
void gemv_loops(benchmark::State& state) {
  buffer<M * N> a{};
  buffer<N> x{};
  buffer<M> y{};
  fill(a, 1);
  fill(x, 2);
  for (auto _ : state) {
    for (std::size_t i = 0; i < M; ++i) {
      float s = 0;
      for (std::size_t j = 0; j < N; ++j) s += a[i * N + j] * x[j];
      y[i] = s;
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * M * N));
}

template <std::size_t M, std::size_t N>
void gemv_t_kernels(benchmark::State& state) {
  buffer<M * N> a{};
  buffer<M> x{};
  buffer<N> y{};
  fill(a, 1);
  fill(x, 2);
  for (auto _ : state) {
    simd::gemv_t<M, N>(a.data(), x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * M * N));
}

template <std::size_t M, std::size_t N>
void gemv_t_loops(benchmark::State& state) {
  buffer<M * N> a{};
  buffer<M> x{};
  buffer<N> y{};
  fill(a, 1);
  fill(x, 2);
  for (auto _ : state) {
    for (std::size_t j = 0; j < N; ++j) y[j] = 0;
    for (std::size_t i = 0; i < M; ++i) {
      for (std::size_t j = 0; j < N; ++j) y[j] += a[i * N + j] * x[i];
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, static_cast<double>(2 * M * N));
}
BENCHMARK(gemv_kernels<27, 200>)->Name("gemv_27x200/kernels");
BENCHMARK(gemv_loops<27, 200>)->Name("gemv_27x200/loops");
BENCHMARK(gemv_kernels<200, 30>)->Name("gemv_200x30/kernels");
BENCHMARK(gemv_loops<200, 30>)->Name("gemv_200x30/loops");
BENCHMARK(gemv_t_kernels<30, 200>)->Name("gemv_t_30x200/kernels");
BENCHMARK(gemv_t_loops<30, 200>)->Name("gemv_t_30x200/loops");

}  // namespace
