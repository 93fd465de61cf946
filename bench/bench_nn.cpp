// bench_nn: ctgrad::nn (the static tensor graph on the simd kernels) against the tape and hand-written code,
// in one run. Cases are <workload>/<impl>: `static` (ctgrad::nn), `tape` (ctgrad::tape), `hand` (hand-written
// backprop that calls the ctgrad::simd kernels directly: the best hand-written code we have, see bench_simd
// for the kernels against plain loops). Every implementation is checked against another before timing.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

#include <ctgrad/nn.hpp>
#include <ctgrad/simd.hpp>
#include <ctgrad/tape.hpp>

#include <benchmark/benchmark.h>

#include "peak.hpp"

namespace {
namespace nn = ctgrad::nn;
namespace simd = ctgrad::simd;
namespace tape = ctgrad::tape;

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench_nn: %s: implementations disagree\n", what);
    std::abort();
  }
}

bool close(double x, double y, double tolerance) { return std::abs(x - y) <= tolerance * (1 + std::abs(y)); }

// -----------------------------------------------------------------------------------------------------
// neuron_<N>: forward and backward of one tanh neuron, double (the course's o = tanh(w·x + b);
// o.backward()): o, and d o / d w_i, d o / d b added to the gradients.
// -----------------------------------------------------------------------------------------------------
template <std::size_t N>
struct neuron_data {
  std::array<double, N> x{};
  neuron_data() {
    ctgrad::generator gen{7};
    for (auto& v : x) v = gen.uniform(-1.0, 1.0) / std::sqrt(static_cast<double>(N));
  }
};

// static: nn::Neuron; `backward` runs the neuron's tensor graph (affine, tanh) forward and back.
template <std::size_t N>
[[gnu::noinline]] double neuron_static(nn::Neuron<double, N>& n, std::span<const double, N> x) {
  return n.backward(x);
}

// hand: the same maths written out on the kernels: s = b + w·x (dot), o = tanh(s), dw += (1 − o²) x (axpy).
template <std::size_t N>
[[gnu::noinline]] double neuron_hand(const double* w, double* dw, const double* x) {
  const double o = std::tanh(w[N] + simd::dot<N>(x, w));
  const double g = 1 - o * o;
  simd::axpy<N>(g, x, dw);
  dw[N] += g;
  return o;
}

template <std::size_t N>
[[gnu::noinline]] double neuron_tape(tape::graph& g, const tape::neuron& n, std::span<const tape::value> x, tape::mark_t mark) {
  tape::value o = n(x);
  o.backward();
  const double r = o.data();
  g.rewind(mark);
  return r;
}

template <std::size_t N>
void neuron_bench_static(benchmark::State& state) {
  neuron_data<N> d;
  nn::Neuron<double, N> n;
  // check against the hand version from the same weights
  std::vector<double> dw(N + 1, 0.0);
  const double o_hand = neuron_hand<N>(n.parameters().data(), dw.data(), d.x.data());
  const double o_static = n.backward(d.x);
  require(close(o_static, o_hand, 1e-12), "neuron output");
  for (std::size_t i = 0; i < N; ++i) require(close(n.gradients()[i], dw[i], 1e-12), "neuron gradient");
  for (auto _ : state) {
    benchmark::DoNotOptimize(neuron_static<N>(n, d.x));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <std::size_t N>
void neuron_bench_hand(benchmark::State& state) {
  neuron_data<N> d;
  nn::Neuron<double, N> n;  // only for its initial weights
  simd::aligned_array<double, N + 1> w{}, dw{};
  std::copy(n.parameters().begin(), n.parameters().end(), w.begin());
  for (auto _ : state) {
    benchmark::DoNotOptimize(neuron_hand<N>(w.data(), dw.data(), d.x.data()));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <std::size_t N>
void neuron_bench_tape(benchmark::State& state) {
  neuron_data<N> d;
  tape::graph g;
  ctgrad::generator gen{42};
  const tape::neuron n{g, N, gen};
  std::vector<tape::value> x;
  for (double v : d.x) x.push_back(g.leaf(v));
  const tape::mark_t mark = g.mark();
  {
    nn::Neuron<double, N> s;  // same weights (seed 42, same order)
    const double o = neuron_tape<N>(g, n, x, mark);
    require(close(s.backward(d.x), o, 1e-12), "neuron output (tape)");
    for (std::size_t i = 0; i < N; ++i) require(close(s.gradients()[i], n.w(i).grad(), 1e-12), "neuron gradient (tape)");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(neuron_tape<N>(g, n, x, mark));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(neuron_bench_static<4>)->Name("neuron_4/static");
BENCHMARK(neuron_bench_tape<4>)->Name("neuron_4/tape");
BENCHMARK(neuron_bench_hand<4>)->Name("neuron_4/hand");
BENCHMARK(neuron_bench_static<64>)->Name("neuron_64/static");
BENCHMARK(neuron_bench_tape<64>)->Name("neuron_64/tape");
BENCHMARK(neuron_bench_hand<64>)->Name("neuron_64/hand");
BENCHMARK(neuron_bench_static<1024>)->Name("neuron_1024/static");
BENCHMARK(neuron_bench_tape<1024>)->Name("neuron_1024/tape");
BENCHMARK(neuron_bench_hand<1024>)->Name("neuron_1024/hand");

// -----------------------------------------------------------------------------------------------------
// layer_30x200_b32: Linear(30 → 200) + tanh on a batch of 32, float, forward and backward from a given
// upstream gradient dY:  pre = X·W + 1 bᵀ, H = tanh(pre);  dpre = (1 − H²) ⊙ dY;  dW += Xᵀ·dpre;
// db += Σ_rows dpre;  dX = dpre·Wᵀ.
// FLOPs counted (items processed, so items_per_second is FLOP/s; of_peak its fraction of the FMA peak):
// bench::layer_flops (peak.hpp), the count bench_simd uses.
// -----------------------------------------------------------------------------------------------------
constexpr std::size_t batch = 32, in = 30, out = 200;
constexpr double layer_flops = bench::layer_flops(batch, in, out);

struct layer_data {
  nn::tensor<float, batch, in> x{};
  nn::tensor<float, batch, in> dx{};
  nn::tensor<float, batch, out> dy{};
  layer_data() {
    ctgrad::generator gen{3};
    for (auto& v : x) v = static_cast<float>(gen.uniform(-1.0, 1.0));
    for (auto& v : dy) v = static_cast<float>(gen.uniform(-1.0, 1.0));
  }
};

// static: the layer's graph with a differentiable input X and the "loss" ⟨H, dY⟩, whose gradient with respect
// to H is dY: the reverse sweep then runs the layer's backward pass from dY (affine, tanh and inner are
// nodes; their rules call gemm_bias, tanh_forward, dot; tanh_backward, gemm_tn_add, col_sum_add, gemm_nt).
using layer_model = nn::Layer<float, in, out>;
using layer_expr = nn::node<nn::op::inner, layer_model::apply<nn::nodes::differentiable_input<0, batch, in>>,
                            nn::nodes::input<1, batch, out>>;
using layer_program = nn::program<float, layer_expr>;

[[gnu::noinline]] void layer_static(layer_program& p, nn::bindings<float> const& b) { (void)p.gradient(b); }

struct layer_hand_state {
  simd::aligned_array<float, (in + 1) * out> p{}, dp{};
  simd::aligned_array<float, batch * out> pre{}, h{}, dpre{};
};

[[gnu::noinline]] void layer_hand(layer_hand_state& s, layer_data& d) {
  const float* w = s.p.data();
  const float* b = w + in * out;
  simd::gemm_bias<batch, in, out>(d.x.data(), w, b, s.pre.data());
  simd::tanh_forward<batch * out>(s.pre.data(), s.h.data());
  simd::tanh_backward<batch * out>(s.h.data(), d.dy.data(), s.dpre.data());
  simd::gemm_tn_add<in, batch, out>(d.x.data(), s.dpre.data(), s.dp.data());
  simd::col_sum_add<batch, out>(s.dpre.data(), s.dp.data() + in * out);
  simd::gemm_nt<batch, out, in>(s.dpre.data(), w, d.dx.data());
}

nn::bindings<float> layer_bindings(layer_model& m, layer_data& d) {
  nn::bindings<float> b{};
  b.parameters = m.parameters().data();
  b.gradients = m.gradients().data();
  b.inputs[0] = d.x.data();
  b.inputs[1] = d.dy.data();
  b.input_gradients[0] = d.dx.data();
  return b;
}

void layer_bench_static(benchmark::State& state) {
  layer_data d;
  layer_model m{nn::init::scaled(1)};
  auto p = std::make_unique<layer_program>();
  const auto b = layer_bindings(m, d);
  {  // check: gradients and dX against the hand version
    layer_data dh;
    auto hs = std::make_unique<layer_hand_state>();
    std::copy(m.parameters().begin(), m.parameters().end(), hs->p.begin());
    layer_hand(*hs, dh);
    layer_static(*p, b);
    for (std::size_t i = 0; i < hs->dp.size(); ++i) require(close(m.gradients()[i], hs->dp[i], 1e-4), "layer dW, db");
    for (std::size_t i = 0; i < d.dx.size(); ++i) require(close(d.dx[i], dh.dx[i], 1e-4), "layer dX");
  }
  for (auto _ : state) {
    layer_static(*p, b);
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, layer_flops);
}
BENCHMARK(layer_bench_static)->Name("layer_30x200_b32/static");

void layer_bench_hand(benchmark::State& state) {
  layer_data d;
  auto s = std::make_unique<layer_hand_state>();
  layer_model m{nn::init::scaled(1)};
  std::copy(m.parameters().begin(), m.parameters().end(), s->p.begin());
  for (auto _ : state) {
    layer_hand(*s, d);
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::ClobberMemory();
  }
  bench::set_flops(state, layer_flops);
}
BENCHMARK(layer_bench_hand)->Name("layer_30x200_b32/hand");

// -----------------------------------------------------------------------------------------------------
// mlp_tiny_step: one training step of the course's MLP(3, [4, 4, 1]) on its four samples (forward, sum of
// squared errors, zero_grad, backward, p −= 0.01 dp), double.
// -----------------------------------------------------------------------------------------------------
const std::array<std::array<double, 3>, 4> tiny_x{{{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}}};
const std::array<double, 4> tiny_y{1.0, -1.0, -1.0, 1.0};
const nn::tensor<double, 4, 3> tiny_xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
const nn::tensor<double, 4, 1> tiny_ys{{1.0, -1.0, -1.0, 1.0}};

using tiny_model = nn::MLP<double, 3, 4, 4, 1>;
using tiny_trainer = nn::trainer<tiny_model, nn::loss::sse, 4>;

[[gnu::noinline]] double tiny_static(tiny_trainer& t) { return t.step(tiny_xs, tiny_ys, 0.01); }

[[gnu::noinline]] double tiny_tape(tape::graph& g, tape::mlp& model, tape::mark_t mark) {
  tape::value loss = g.leaf(0.0);
  for (std::size_t i = 0; i < tiny_x.size(); ++i) loss = loss + (model(tiny_x[i])[0] - tiny_y[i]).pow(2);
  model.zero_grad();
  loss.backward();
  model.parameters().sgd_step(0.01);
  const double r = loss.data();
  g.rewind(mark);
  return r;
}

// hand: the same step written out by hand, the four samples as the four lanes of one register: each
// activation is one register, each weight a broadcast, each weight gradient a horizontal sum; tanh is
// ctgrad::simd::tanh, the kernels' own. No graph, no memory traffic but the parameters: the floor for this
// step.
class tiny_hand {
 public:
  explicit tiny_hand(const tiny_model& m) {
    std::copy(m.parameters().begin(), m.parameters().end(), p_.begin());
    for (std::size_t k = 0; k < 3; ++k) x_[k] = lanes{tiny_x[0][k], tiny_x[1][k], tiny_x[2][k], tiny_x[3][k]};
    y_ = lanes{tiny_y[0], tiny_y[1], tiny_y[2], tiny_y[3]};
  }

  [[gnu::noinline]] double step(double learning_rate) noexcept {
    std::array<lanes, 4> h1, h2;
    layer<3, 4>(0, x_.data(), h1.data());
    layer<4, 4>(tiny_model::offsets[1], h1.data(), h2.data());
    lanes h3;
    layer<4, 1>(tiny_model::offsets[2], h2.data(), &h3);
    const lanes d = h3 - y_;
    const double loss = xsimd::hadd(d * d);
    // Backward, layer by layer: dz = dy·(1 − y²); dW[i][j] = Σ_samples x_i·dz_j; db = Σ dz; dx_i = Σ_j W[i][j]·dz_j.
    std::array<double, tiny_model::parameter_count> g{};
    std::array<lanes, 4> d2, d1;
    const lanes dz3 = (d + d) * xsimd::fnma(h3, h3, lanes(1.0));
    back<4, 1>(tiny_model::offsets[2], h2.data(), &dz3, g.data(), d2.data());
    for (std::size_t j = 0; j < 4; ++j) d2[j] *= xsimd::fnma(h2[j], h2[j], lanes(1.0));
    back<4, 4>(tiny_model::offsets[1], h1.data(), d2.data(), g.data(), d1.data());
    for (std::size_t j = 0; j < 4; ++j) d1[j] *= xsimd::fnma(h1[j], h1[j], lanes(1.0));
    back<3, 4>(0, x_.data(), d1.data(), g.data(), nullptr);
    for (std::size_t k = 0; k < p_.size(); ++k) p_[k] -= learning_rate * g[k];
    return loss;
  }

 private:
  using lanes = xsimd::batch<double, xsimd::avx2>;

  // y_j = tanh(b_j + Σ_i W[i][j]·x_i), W (In×Out) then b at p_[at].
  template <std::size_t In, std::size_t Out>
  void layer(std::size_t at, const lanes* x, lanes* y) const noexcept {
    for (std::size_t j = 0; j < Out; ++j) {
      lanes s(p_[at + In * Out + j]);
      for (std::size_t i = 0; i < In; ++i) s = xsimd::fma(lanes(p_[at + i * Out + j]), x[i], s);
      y[j] = simd::tanh(s);
    }
  }
  template <std::size_t In, std::size_t Out>
  void back(std::size_t at, const lanes* x, const lanes* dz, double* g, lanes* dx) const noexcept {
    for (std::size_t j = 0; j < Out; ++j) {
      for (std::size_t i = 0; i < In; ++i) g[at + i * Out + j] = xsimd::hadd(x[i] * dz[j]);
      g[at + In * Out + j] = xsimd::hadd(dz[j]);
    }
    if (dx == nullptr) return;
    for (std::size_t i = 0; i < In; ++i) {
      lanes s = lanes(p_[at + i * Out]) * dz[0];
      for (std::size_t j = 1; j < Out; ++j) s = xsimd::fma(lanes(p_[at + i * Out + j]), dz[j], s);
      dx[i] = s;
    }
  }

  std::array<double, tiny_model::parameter_count> p_{};
  std::array<lanes, 3> x_;
  lanes y_;
};

void tiny_bench_hand(benchmark::State& state) {
  tiny_model model;
  tiny_hand h{model};
  {  // check: ten steps, the static graph's losses
    tiny_model m2;
    tiny_trainer t2{m2};
    tiny_hand h2{m2};
    for (int k = 0; k < 10; ++k) require(close(h2.step(0.01), tiny_static(t2), 1e-12), "mlp_tiny_step loss (hand)");
  }
  for (auto _ : state) benchmark::DoNotOptimize(h.step(0.01));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(tiny_bench_hand)->Name("mlp_tiny_step/hand");

void tiny_bench_static(benchmark::State& state) {
  tiny_model model;
  tiny_trainer t{model};
  {  // check: ten steps, the tape's losses
    tape::graph g;
    tape::mlp reference{g, 3, {4, 4, 1}};
    const auto mark = g.mark();
    tiny_model m2;
    tiny_trainer t2{m2};
    for (int k = 0; k < 10; ++k) require(close(tiny_static(t2), tiny_tape(g, reference, mark), 1e-12), "mlp_tiny_step loss");
  }
  for (auto _ : state) benchmark::DoNotOptimize(tiny_static(t));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(tiny_bench_static)->Name("mlp_tiny_step/static");

void tiny_bench_tape(benchmark::State& state) {
  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};
  const auto mark = g.mark();
  for (auto _ : state) benchmark::DoNotOptimize(tiny_tape(g, model, mark));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(tiny_bench_tape)->Name("mlp_tiny_step/tape");

}  // namespace
