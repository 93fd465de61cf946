// bench_static: scalar workloads differentiated by the static graph, the tape, and by hand, in one run.
// Cases are <workload>/<impl>; the hand-written derivative of each workload sits next to it, and every
// implementation's gradient is checked against the hand-written one before timing.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <ctgrad/detail/xsimd.hpp>  // first: see the header
#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>
#include <ctgrad/tape.hpp>
#include <expr/random_expr.hpp>
#include <support/replay_on_tape.hpp>

#include <benchmark/benchmark.h>

namespace {
namespace tape = ctgrad::tape;
using namespace ctgrad::expr::literals;
using ctgrad::var;

template <std::size_t N>
bool close(const std::array<double, N>& x, const std::array<double, N>& y) {
  for (std::size_t i = 0; i < N; ++i)
    if (std::abs(x[i] - y[i]) > 1e-9 * (1 + std::abs(y[i]))) return false;
  return true;
}

// Every implementation of a workload is forced inline into its benchmark loop (`always_inline`), so each
// case times the work itself, and no case gains or loses from whether the compiler happened to inline
// it: on workloads of a few nanoseconds, a call would be half of what is measured.

// ---------------------------------------------------------------------------------------------------
// chain: the seed's l = (a + b) * c + e; value and gradient w.r.t. a, b, c, e.
struct chain_result {
  double value;
  std::array<double, 4> grad;
};
constexpr std::array<double, 4> chain_inputs{2.0, -3.0, 5.0, 10.0};

[[gnu::always_inline]] inline chain_result chain_hand(const std::array<double, 4>& in) {
  const double a = in[0], b = in[1], c = in[2], e = in[3];
  const double d = a + b;
  return {d * c + e, {c, c, d, 1.0}};
}

[[gnu::always_inline]] inline chain_result chain_tape(tape::graph& g, const std::array<double, 4>& in) {
  tape::value a = g.leaf(in[0]), b = g.leaf(in[1]), c = g.leaf(in[2]), e = g.leaf(in[3]);
  tape::value l = (a + b) * c + e;
  l.backward();
  chain_result r{l.data(), {a.grad(), b.grad(), c.grad(), e.grad()}};
  g.clear();
  return r;
}

// The static graph: the same expression, differentiated from its type.
constexpr auto chain_expr = (var<"a"> + var<"b">) * var<"c"> + var<"e">;

// Returns grad's result as it is: value and gradient array, the same five doubles as chain_hand.
[[gnu::always_inline]] inline auto chain_static(const std::array<double, 4>& in) { return ctgrad::grad(chain_expr, in); }

void chain_static_bench(benchmark::State& state) {
  auto in = chain_inputs;
  if (!close(chain_static(in).gradient, chain_hand(in).grad)) state.SkipWithError("static gradient differs from hand-written");
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = chain_static(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(chain_static_bench)->Name("chain/static");

void chain_hand_bench(benchmark::State& state) {
  auto in = chain_inputs;
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = chain_hand(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(chain_hand_bench)->Name("chain/hand");

void chain_tape_bench(benchmark::State& state) {
  tape::graph g;
  auto in = chain_inputs;
  const auto check = chain_tape(g, in);
  if (!close(check.grad, chain_hand(in).grad)) state.SkipWithError("tape gradient differs from hand-written");
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = chain_tape(g, in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(chain_tape_bench)->Name("chain/tape");

// ---------------------------------------------------------------------------------------------------
// more_ops: micrograd's test_more_ops, g(a, b), value and gradient.
struct more_ops_result {
  double value;
  std::array<double, 2> grad;
};
constexpr std::array<double, 2> more_ops_inputs{-4.0, 2.0};

[[gnu::always_inline]] inline more_ops_result more_ops_hand(const std::array<double, 2>& in) {
  const double a = in[0], b = in[1];
  // forward, as micrograd's test writes it
  const double c = a + b;
  const double d = a * b + b * b * b;
  const double c1 = c + c + 1;
  const double c2 = c1 + 1 + c1 - a;
  const double r1 = b + a > 0 ? b + a : 0;
  const double d1 = d + d * 2 + r1;
  const double r2 = b - a > 0 ? b - a : 0;
  const double d2 = d1 + 3 * d1 + r2;
  const double e = c2 - d2;
  const double f = e * e;
  const double g = f / 2 + 10 / f;
  // reverse, by hand
  const double df = 0.5 - 10 / (f * f);
  const double de = 2 * e * df;
  const double dc2 = de, dd2 = -de;
  const double dc1 = 2 * dc2;
  const double dc = 2 * dc1;
  const double dd1 = 4 * dd2;
  const double dd = 3 * dd1;
  const double dr1 = b + a > 0 ? dd1 : 0;
  const double dr2 = b - a > 0 ? dd2 : 0;
  const double da = -dc2 + dc + dr1 - dr2 + b * dd;
  const double db = dc + dr1 + dr2 + (a + 3 * b * b) * dd;
  return {g, {da, db}};
}

[[gnu::always_inline]] inline more_ops_result more_ops_tape(tape::graph& g, const std::array<double, 2>& in) {
  tape::value a = g.leaf(in[0]), b = g.leaf(in[1]);
  tape::value c = a + b;
  tape::value d = a * b + b.pow(3);
  c += c + 1;
  c += 1 + c + (-a);
  d += d * 2 + (b + a).relu();
  d += 3 * d + (b - a).relu();
  tape::value e = c - d;
  tape::value f = e.pow(2);
  tape::value out = f / 2.0;
  out += 10.0 / f;
  out.backward();
  more_ops_result r{out.data(), {a.grad(), b.grad()}};
  g.clear();
  return r;
}

// The static graph: micrograd's program with new names for each `+=`, integers as compile-time literals.
constexpr auto more_ops_expr = [] {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  constexpr auto c = a + b;
  constexpr auto d = a * b + pow(b, 3_c);
  constexpr auto c1 = c + (c + 1_c);
  constexpr auto c2 = c1 + (1_c + c1 + (-a));
  constexpr auto d1 = d + (d * 2_c + relu(b + a));
  constexpr auto d2 = d1 + (3_c * d1 + relu(b - a));
  constexpr auto e = c2 - d2;
  constexpr auto f = pow(e, 2_c);
  return f / 2_c + 10_c / f;
}();

[[gnu::always_inline]] inline auto more_ops_static(const std::array<double, 2>& in) { return ctgrad::grad(more_ops_expr, in); }

void more_ops_static_bench(benchmark::State& state) {
  auto in = more_ops_inputs;
  if (!close(more_ops_static(in).gradient, more_ops_hand(in).grad))
    state.SkipWithError("static gradient differs from hand-written");
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = more_ops_static(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(more_ops_static_bench)->Name("more_ops/static");

void more_ops_hand_bench(benchmark::State& state) {
  auto in = more_ops_inputs;
  const auto check = more_ops_hand(in);
  // micrograd's test: the values PyTorch gives
  if (std::abs(check.value - 24.70408163265306) > 1e-12 || std::abs(check.grad[0] - 138.83381924198252) > 1e-9 ||
      std::abs(check.grad[1] - 645.5772594752186) > 1e-9)
    state.SkipWithError("hand-written more_ops differs from PyTorch's values");
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = more_ops_hand(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(more_ops_hand_bench)->Name("more_ops/hand");

void more_ops_tape_bench(benchmark::State& state) {
  tape::graph g;
  auto in = more_ops_inputs;
  if (!close(more_ops_tape(g, in).grad, more_ops_hand(in).grad))
    state.SkipWithError("tape gradient differs from hand-written");
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = more_ops_tape(g, in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(more_ops_tape_bench)->Name("more_ops/tape");

// ---------------------------------------------------------------------------------------------------
// sum_xy_1000: f = sum_i x_i * y_i over 1000 terms; gradient w.r.t. every x_i (= y_i) and y_i (= x_i).
constexpr std::size_t terms = 1000;
struct sum_xy_data {
  alignas(64) std::array<double, terms> x{};
  alignas(64) std::array<double, terms> y{};
  alignas(64) std::array<double, terms> gx{};
  alignas(64) std::array<double, terms> gy{};
  sum_xy_data() {
    for (std::size_t i = 0; i < terms; ++i) {
      x[i] = std::sin(0.1 * static_cast<double>(i));
      y[i] = std::cos(0.3 * static_cast<double>(i));
    }
  }
};

// The best loop: one SIMD pass computes the dot product and writes both gradients.
[[gnu::always_inline]] inline double sum_xy_hand(const sum_xy_data& d, double* gx, double* gy) {
  using batch = xsimd::batch<double>;
  constexpr std::size_t w = batch::size;
  batch acc0(0.0), acc1(0.0);
  std::size_t i = 0;
  for (; i + 2 * w <= terms; i += 2 * w) {
    const batch x0 = batch::load_aligned(&d.x[i]), x1 = batch::load_aligned(&d.x[i + w]);
    const batch y0 = batch::load_aligned(&d.y[i]), y1 = batch::load_aligned(&d.y[i + w]);
    acc0 = xsimd::fma(x0, y0, acc0);
    acc1 = xsimd::fma(x1, y1, acc1);
    y0.store_aligned(gx + i);
    y1.store_aligned(gx + i + w);
    x0.store_aligned(gy + i);
    x1.store_aligned(gy + i + w);
  }
  double sum = xsimd::hadd(acc0 + acc1);
  for (; i < terms; ++i) {
    sum += d.x[i] * d.y[i];
    gx[i] = d.y[i];
    gy[i] = d.x[i];
  }
  return sum;
}

void sum_xy_hand_bench(benchmark::State& state) {
  sum_xy_data d;
  for (auto _ : state) {
    benchmark::DoNotOptimize(d.x.data());
    const double v = sum_xy_hand(d, d.gx.data(), d.gy.data());
    benchmark::DoNotOptimize(v);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * terms));
}
BENCHMARK(sum_xy_hand_bench)->Name("sum_xy_1000/hand");

// The static graph: f = x * y summed over the 1000 points (x_i, y_i), differentiated a SIMD batch at a time.
void sum_xy_static_bench(benchmark::State& state) {
  sum_xy_data d;
  using in = std::span<const double>;
  using out = std::span<double>;
  constexpr auto f = var<"x"> * var<"y">;
  {
    std::array<double, terms> hx{}, hy{};
    const double hand = sum_xy_hand(d, hx.data(), hy.data());
    const double v = ctgrad::expr::grad_sum(f, {in{d.x}, in{d.y}}, {out{d.gx}, out{d.gy}});
    if (std::abs(v - hand) > 1e-9 || !close(d.gx, hx) || !close(d.gy, hy))
      state.SkipWithError("static gradient differs from hand-written");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(d.x.data());
    const double v = ctgrad::expr::grad_sum(f, {in{d.x}, in{d.y}}, {out{d.gx}, out{d.gy}});
    benchmark::DoNotOptimize(v);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * terms));
}
BENCHMARK(sum_xy_static_bench)->Name("sum_xy_1000/static");

void sum_xy_tape_bench(benchmark::State& state) {
  sum_xy_data d;
  tape::graph g;
  std::vector<tape::value> xs(terms), ys(terms);
  for (auto _ : state) {
    for (std::size_t i = 0; i < terms; ++i) {
      xs[i] = g.leaf(d.x[i]);
      ys[i] = g.leaf(d.y[i]);
    }
    tape::value f = xs[0] * ys[0];
    for (std::size_t i = 1; i < terms; ++i) f = f + xs[i] * ys[i];
    f.backward();
    for (std::size_t i = 0; i < terms; ++i) {
      d.gx[i] = xs[i].grad();
      d.gy[i] = ys[i].grad();
    }
    benchmark::DoNotOptimize(f.data());
    g.clear();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * terms));
}
BENCHMARK(sum_xy_tape_bench)->Name("sum_xy_1000/tape");

// ---------------------------------------------------------------------------------------------------
// random_100: a fixed random expression of exactly 100 distinct nodes over 4 variables (tests/expr/random_expr.hpp:
// ops of every kind, shared subexpressions), value and gradient. The tape builds the same 100 nodes as
// straight-line user code would (one tape op per distinct node, by tests/support/replay_on_tape.hpp).
// Only the type matters (the expression holds no runtime constant): naming it through decltype keeps the
// generator's exponential tree of calls out of constant evaluation.
using random_100_type = decltype(-ctgrad::test::random_expr<27, 7, 8, false>());
constexpr random_100_type random_100{};
static_assert(ctgrad::expr::detail::graph<random_100_type>::size == 100);
constexpr std::size_t random_100_vars = ctgrad::expr::detail::graph<random_100_type>::variable_count;
constexpr std::array<double, random_100_vars> random_100_inputs = [] {
  std::array<double, random_100_vars> x{};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.3 + 0.4 * static_cast<double>(i) - 0.9 * static_cast<double>(i % 2);
  return x;
}();

void random_100_static_bench(benchmark::State& state) {
  auto in = random_100_inputs;
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = ctgrad::grad(random_100, in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(random_100_static_bench)->Name("random_100/static");

void random_100_tape_bench(benchmark::State& state) {
  auto in = random_100_inputs;
  tape::graph g;
  std::array<tape::value, random_100_vars> leaves{};
  std::array<double, random_100_vars> gradient{};
  {
    const auto root = ctgrad::test::replay(random_100, g, in, leaves);
    root.backward();
    for (std::size_t i = 0; i < random_100_vars; ++i) gradient[i] = leaves[i].grad();
    if (!close(gradient, ctgrad::grad(random_100, in).gradient)) state.SkipWithError("tape gradient differs from static");
    g.clear();
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(in);
    const auto root = ctgrad::test::replay(random_100, g, in, leaves);
    root.backward();
    for (std::size_t i = 0; i < random_100_vars; ++i) gradient[i] = leaves[i].grad();
    benchmark::DoNotOptimize(gradient);
    g.clear();
  }
}
BENCHMARK(random_100_tape_bench)->Name("random_100/tape");

}  // namespace
