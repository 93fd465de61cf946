// bench_functions: classic differentiable functions (bench/functions/workloads.hpp) and their derivatives, computed
// by ctgrad's static graph (`static`) and tape (`tape`) from the example programs' generic definitions
// (examples/*.hpp, functions/gmm.hpp), written by hand (`hand`, functions/hand.cpp), and by the AD libraries users
// reach for: Ceres' Jet (`ceres`), Trilinos Sacado (`sacado`), ADOL-C (`adolc`), each built only when installed
// (bench/CMakeLists.txt says which were). Cases are <workload>/<impl>. Every implementation is a non-inlined
// function, called as an optimizer calls its objective, and is checked against `hand` (relative 1e-9) before it is
// timed.
#include <ctgrad/detail/xsimd.hpp>  // first: xsimd under ctgrad's diagnostic pragmas (see the header)

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

#include "black_scholes.hpp"      // examples/
#include "bundle_adjustment.hpp"  // examples/
#include "functions/gmm.hpp"
#include "functions/hand.hpp"
#include "functions/lanes.hpp"
#include "functions/workloads.hpp"
#include "rosenbrock.hpp"  // examples/
#ifdef CTGRAD_BENCH_CERES
#include "functions/ceres_peer.hpp"
#endif
#ifdef CTGRAD_BENCH_SACADO
#include "functions/sacado_peer.hpp"
#endif
#ifdef CTGRAD_BENCH_ADOLC
#include "functions/adolc_peer.hpp"
#endif

namespace {
using namespace functions;

// ---------------------------------------------------------------------------------------------------------
// ctgrad's implementations, from one generic definition per workload: `static` binds arrays to the definition's
// static expression (vector variables, the data as vector data) and differentiates it with grad / jacobian /
// hessian; `tape` calls the same definition with arrays of tape values, rebuilding the graph on one tape::graph each
// call and rewinding it to where the call began, as a tape user does.
// ---------------------------------------------------------------------------------------------------------
namespace tape = ctgrad::tape;
using ctgrad::at;

/// The tape every `tape` implementation records on: kept between calls, so that a call allocates nothing once the
/// first has sized it.
tape::graph& tape_workspace() {
  static tape::graph g;
  return g;
}

template <std::size_t N>
std::span<const double, N> fixed(const double* p) {
  return std::span<const double, N>{p, N};
}

// ba_reprojection: example::reprojection (examples/bundle_adjustment.hpp).
[[gnu::noinline]] void ba_reprojection_static(const double* camera, const double* point, const double* observed,
                                              double* residuals, double* jacobian) {
  const auto result = ctgrad::jacobian(example::reprojection_residuals, at<"camera">(fixed<ba_camera_size>(camera)),
                                       at<"point">(fixed<ba_point_size>(point)),
                                       at<"observed">(fixed<ba_residuals>(observed)));
  std::copy(result.value.begin(), result.value.end(), residuals);
  std::copy(result.matrix.begin(), result.matrix.end(), jacobian);  // columns camera, point: the labels' order
}

// Both residuals on one recording: a backward sweep from each, the gradients zeroed in between.
[[gnu::noinline]] void ba_reprojection_tape(const double* camera, const double* point, const double* observed,
                                            double* residuals, double* jacobian) {
  tape::graph& g = tape_workspace();
  const tape::mark_t start = g.mark();
  std::array<tape::value, ba_camera_size> c;
  std::array<tape::value, ba_point_size> x;
  for (std::size_t k = 0; k < ba_camera_size; ++k) c[k] = g.leaf(camera[k]);
  for (std::size_t k = 0; k < ba_point_size; ++k) x[k] = g.leaf(point[k]);
  const auto [u, v] = example::reprojection(c, x, fixed<ba_residuals>(observed));
  const std::array<tape::value, ba_residuals> r{u, v};
  for (std::size_t i = 0; i < ba_residuals; ++i) {
    if (i != 0) g.zero_grad();
    r[i].backward();
    residuals[i] = r[i].data();
    double* row = jacobian + i * ba_parameters;
    for (std::size_t k = 0; k < ba_camera_size; ++k) row[k] = c[k].grad();
    for (std::size_t k = 0; k < ba_point_size; ++k) row[ba_camera_size + k] = x[k].grad();
  }
  g.rewind(start);
}

// ba_reprojection_x8: the static expression on xsimd batches, observation first + l in lane l, as hand's.
[[gnu::noinline]] void ba_reprojection_x8_static(const double* cameras, const double* points, const double* observed,
                                                 double* residuals, double* jacobians) {
  using batch = xsimd::batch<double>;
  static_assert(8 % batch::size == 0, "ba_reprojection_x8_static: the batch width must divide 8");
  for (std::size_t first = 0; first < 8; first += batch::size) {
    const auto camera = to_lanes<batch, ba_camera_size>(cameras, first);
    const auto point = to_lanes<batch, ba_point_size>(points, first);
    const auto uv = to_lanes<batch, ba_residuals>(observed, first);
    // bound as spans: read where they are (an array would be copied into its binding)
    const auto result = ctgrad::jacobian(example::reprojection_residuals, at<"camera">(std::span{camera}),
                                         at<"point">(std::span{point}), at<"observed">(std::span{uv}));
    from_lanes<ba_residuals>(result.value.data(), residuals, first);
    from_lanes<ba_residuals * ba_parameters>(result.matrix.data(), jacobians, first);
  }
}

// rosenbrock_<N>: example::rosenbrock (examples/rosenbrock.hpp).
template <std::size_t N>
double rosenbrock_static(const double* x, double* gradient) {
  static constexpr auto f = example::rosenbrock<N>(ctgrad::var<"x", N>);
  const auto r = ctgrad::grad(f, at<"x">(fixed<N>(x)));
  std::copy(r.gradient.begin(), r.gradient.end(), gradient);
  return r.value;
}

template <std::size_t N>
double rosenbrock_tape(const double* x, double* gradient) {
  tape::graph& g = tape_workspace();
  const tape::mark_t start = g.mark();
  std::array<tape::value, N> leaves;
  for (std::size_t i = 0; i < N; ++i) leaves[i] = g.leaf(x[i]);
  const tape::value f = example::rosenbrock<N>(leaves);
  f.backward();
  for (std::size_t i = 0; i < N; ++i) gradient[i] = leaves[i].grad();
  const double value = f.data();
  g.rewind(start);
  return value;
}

// The same definition for one pair (rosenbrock<2>), bound to xsimd batches, pair s * width + l in lane l of step
// s: f is a sum of one function of (x_2i, x_2i+1), so one sweep on batches differentiates `width` terms (as
// grad_sum does for a sum over points). The pairs are de-interleaved into lanes and the gradients back.
template <std::size_t N>
double rosenbrock_static_batch(const double* x, double* gradient) {
  using batch = xsimd::batch<double>;
  constexpr std::size_t lanes = batch::size;
  static_assert(N % (2 * lanes) == 0, "rosenbrock_static_batch<N>: N must be a multiple of twice the batch width");
  static constexpr auto term = example::rosenbrock<2>(ctgrad::var<"x", 2>);
  batch sum(0.0);
  for (std::size_t i = 0; i < N; i += 2 * lanes) {
    alignas(64) double even[lanes], odd[lanes];
    for (std::size_t l = 0; l < lanes; ++l) {
      even[l] = x[i + 2 * l];
      odd[l] = x[i + 2 * l + 1];
    }
    const auto r = ctgrad::grad(term, std::array{batch::load_aligned(even), batch::load_aligned(odd)});
    r.gradient[0].store_aligned(even);
    r.gradient[1].store_aligned(odd);
    for (std::size_t l = 0; l < lanes; ++l) {
      gradient[i + 2 * l] = even[l];
      gradient[i + 2 * l + 1] = odd[l];
    }
    sum += r.value;
  }
  return xsimd::hadd(sum);
}

[[gnu::noinline]] double rosenbrock_16_static(const double* x, double* gradient) {
  return rosenbrock_static<16>(x, gradient);
}
[[gnu::noinline]] double rosenbrock_256_static(const double* x, double* gradient) {
  return rosenbrock_static<256>(x, gradient);
}
[[gnu::noinline]] double rosenbrock_16_static_batch(const double* x, double* gradient) {
  return rosenbrock_static_batch<16>(x, gradient);
}
[[gnu::noinline]] double rosenbrock_256_static_batch(const double* x, double* gradient) {
  return rosenbrock_static_batch<256>(x, gradient);
}
[[gnu::noinline]] double rosenbrock_16_tape(const double* x, double* gradient) {
  return rosenbrock_tape<16>(x, gradient);
}
[[gnu::noinline]] double rosenbrock_256_tape(const double* x, double* gradient) {
  return rosenbrock_tape<256>(x, gradient);
}

// gmm_k5_d10: generic::gmm_log_likelihood (functions/gmm.hpp).
constexpr auto gmm_mu_variable = ctgrad::var<"mu", gmm_k * gmm_d>;
constexpr auto gmm_alpha_variable = ctgrad::var<"alpha", gmm_k>;
constexpr auto gmm_q_variable = ctgrad::var<"q", gmm_k * gmm_d>;
constexpr auto gmm_expression = generic::gmm_log_likelihood<gmm_k, gmm_d>(gmm_mu_variable, gmm_alpha_variable,
                                                                          gmm_q_variable, ctgrad::data<"x", gmm_d>);

[[gnu::noinline]] double gmm_k5_d10_static(const double* parameters, const double* x, double* gradient) {
  const auto r = ctgrad::grad(gmm_expression, at<"mu">(fixed<gmm_k * gmm_d>(parameters + gmm_mu)),
                              at<"alpha">(fixed<gmm_k>(parameters + gmm_alpha)),
                              at<"q">(fixed<gmm_k * gmm_d>(parameters + gmm_q)), at<"x">(fixed<gmm_d>(x)));
  // r[v] is v's part of the gradient (which is laid out in the labels' order: alpha, mu, q).
  const auto mu = r[gmm_mu_variable];
  const auto alpha = r[gmm_alpha_variable];
  const auto q = r[gmm_q_variable];
  std::copy(mu.begin(), mu.end(), gradient + gmm_mu);
  std::copy(alpha.begin(), alpha.end(), gradient + gmm_alpha);
  std::copy(q.begin(), q.end(), gradient + gmm_q);
  return r.value;
}

[[gnu::noinline]] double gmm_k5_d10_tape(const double* parameters, const double* x, double* gradient) {
  tape::graph& g = tape_workspace();
  const tape::mark_t start = g.mark();
  std::array<tape::value, gmm_parameters> p;
  for (std::size_t i = 0; i < gmm_parameters; ++i) p[i] = g.leaf(parameters[i]);
  const tape::value l = generic::gmm_log_likelihood<gmm_k, gmm_d>(
      std::span<const tape::value, gmm_k * gmm_d>{p.data() + gmm_mu, gmm_k * gmm_d},
      std::span<const tape::value, gmm_k>{p.data() + gmm_alpha, gmm_k},
      std::span<const tape::value, gmm_k * gmm_d>{p.data() + gmm_q, gmm_k * gmm_d}, fixed<gmm_d>(x));
  l.backward();
  for (std::size_t i = 0; i < gmm_parameters; ++i) gradient[i] = p[i].grad();
  const double value = l.data();
  g.rewind(start);
  return value;
}

// black_scholes_greeks: example::call_price (examples/black_scholes.hpp). One forward pass over the price and its
// symbolic derivative by S (delta), whose nodes it shares, then a reverse sweep from each: the price's gradient is
// delta, theta, rho and vega, delta's derivative by S is gamma. (hessian would run a sweep for each of the four
// variables; only gamma's is needed.)
constexpr auto black_scholes_price = example::call_price(ctgrad::var<"S">, ctgrad::data<"K">, ctgrad::var<"T">,
                                                         ctgrad::var<"r">, ctgrad::var<"sigma">);
constexpr auto black_scholes_price_and_delta =
    ctgrad::outputs(black_scholes_price, ctgrad::derivative<"S">(black_scholes_price));

/// The position of the variable `label` among the price's variables (labels sorted: S, T, r, sigma).
constexpr std::size_t black_scholes_position(std::string_view label) {
  const auto labels = ctgrad::variables_of(black_scholes_price);
  return static_cast<std::size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
}

[[gnu::noinline]] greeks black_scholes_greeks_static(const option_contract& option) {
  constexpr std::size_t s = black_scholes_position("S"), t = black_scholes_position("T"),
                        r = black_scholes_position("r"), sigma = black_scholes_position("sigma");
  const auto j = ctgrad::jacobian_reverse(black_scholes_price_and_delta, at<"S">(option.spot), at<"K">(option.strike),
                                          at<"T">(option.maturity), at<"r">(option.rate),
                                          at<"sigma">(option.volatility));
  // row 0: the price's gradient; row 1: delta's
  return {.price = j.value[0],
          .delta = j(0, s),
          .gamma = j(1, s),
          .vega = j(0, sigma),
          .theta = -j(0, t),
          .rho = j(0, r)};
}

// One implementation of a workload: its name (the case's <impl>), its function, and what it needs done once
// before timing (ADOL-C records its tape), if anything. Each workload lists its implementations in a table below;
// an implementation joins a workload as one row of its table.
template <class Function>
struct implementation {
  const char* name;
  Function* evaluate;
  void (*set_up)() = nullptr;
};

bool close(double x, double expected) { return std::abs(x - expected) <= 1e-9 * (1 + std::abs(expected)); }

template <std::size_t N>
bool close(const std::array<double, N>& x, const std::array<double, N>& expected) {
  return std::equal(x.begin(), x.end(), expected.begin(), [](double a, double b) { return close(a, b); });
}

// The check before timing: a case whose result is not hand's is reported as an error, not timed.
template <class Impl>
bool agrees_with_hand(benchmark::State& state, const Impl& impl, bool agrees) {
  if (!agrees) state.SkipWithError((std::string(impl.name) + ": result differs from hand's (relative 1e-9)").c_str());
  return agrees;
}

// The cases of one workload: `run(state, impl)` for each row of `impls`.
template <class Impl, std::size_t N, class Run>
void register_workload(const char* workload, const Impl (&impls)[N], Run run) {
  for (const Impl& impl : impls)
    benchmark::RegisterBenchmark((std::string(workload) + "/" + impl.name).c_str(),
                                 [&impl, run](benchmark::State& state) {
                                   if (impl.set_up != nullptr) impl.set_up();
                                   run(state, impl);
                                 });
}

// ---------------------------------------------------------------------------------------------------------
// ba_reprojection: residuals and 2×12 Jacobian of one observation, ba_observations[ba_timed_observation]
// (Rodrigues' branch).
// ---------------------------------------------------------------------------------------------------------
using ba_function = void(const double* camera, const double* point, const double* observed, double* residuals,
                         double* jacobian);
using ba_impl = implementation<ba_function>;

constexpr ba_impl ba_impls[] = {
    {"hand", ba_reprojection_hand},
    {"static", ba_reprojection_static},
    {"tape", ba_reprojection_tape},
#ifdef CTGRAD_BENCH_CERES
    {"ceres", ba_reprojection_ceres},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", ba_reprojection_sacado},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    {"adolc", ba_reprojection_adolc,
     [] {
       const ba_observation& o = ba_observations[ba_timed_observation];
       ba_reprojection_adolc_record(o.camera.data(), o.point.data(), o.observed.data());
     }},
#endif
};

struct ba_result {
  std::array<double, ba_residuals> residuals{};
  std::array<double, ba_residuals * ba_parameters> jacobian{};
};

ba_result evaluate(ba_function* f, const ba_observation& o) {
  ba_result r;
  f(o.camera.data(), o.point.data(), o.observed.data(), r.residuals.data(), r.jacobian.data());
  return r;
}

bool close(const ba_result& x, const ba_result& expected) {
  return close(x.residuals, expected.residuals) && close(x.jacobian, expected.jacobian);
}

void ba_case(benchmark::State& state, const ba_impl& impl) {
  const ba_observation& o = ba_observations[ba_timed_observation];
  if (!agrees_with_hand(state, impl, close(evaluate(impl.evaluate, o), evaluate(ba_reprojection_hand, o)))) return;
  ba_result r;
  for (auto _ : state) {
    impl.evaluate(o.camera.data(), o.point.data(), o.observed.data(), r.residuals.data(), r.jacobian.data());
    benchmark::DoNotOptimize(r.residuals.data());
    benchmark::DoNotOptimize(r.jacobian.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---------------------------------------------------------------------------------------------------------
// ba_reprojection_x8: all eight ba_observations (two on the small-angle branch) per iteration; items = observations.
// `hand` runs them on SIMD lanes; the AD libraries, which have no such mode, make eight calls.
// ---------------------------------------------------------------------------------------------------------
using ba_x8_function = void(const double* cameras, const double* points, const double* observed, double* residuals,
                            double* jacobians);
using ba_x8_impl = implementation<ba_x8_function>;

template <ba_function* f>
void eight_calls(const double* cameras, const double* points, const double* observed, double* residuals,
                 double* jacobians) {
  for (std::size_t i = 0; i < 8; ++i)
    f(cameras + i * ba_camera_size, points + i * ba_point_size, observed + i * ba_residuals, residuals + i * ba_residuals,
      jacobians + i * ba_residuals * ba_parameters);
}

constexpr ba_x8_impl ba_x8_impls[] = {
    {"hand", ba_reprojection_x8_hand},
    {"static", ba_reprojection_x8_static},
    {"tape", eight_calls<ba_reprojection_tape>},  // the tape has no lanes
#ifdef CTGRAD_BENCH_CERES
    {"ceres", eight_calls<ba_reprojection_ceres>},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", eight_calls<ba_reprojection_sacado>},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    // One tape, recorded on a Rodrigues observation, serves all eight (condassign; see adolc_peer.hpp).
    {"adolc", eight_calls<ba_reprojection_adolc>,
     [] {
       const ba_observation& o = ba_observations[ba_timed_observation];
       ba_reprojection_adolc_record(o.camera.data(), o.point.data(), o.observed.data());
     }},
#endif
};

struct ba_x8_data {
  std::array<double, 8 * ba_camera_size> cameras{};
  std::array<double, 8 * ba_point_size> points{};
  std::array<double, 8 * ba_residuals> observed{}, residuals{};
  std::array<double, 8 * ba_residuals * ba_parameters> jacobians{};

  ba_x8_data() {
    for (std::size_t i = 0; i < 8; ++i) {
      std::copy_n(ba_observations[i].camera.begin(), ba_camera_size, cameras.begin() + i * ba_camera_size);
      std::copy_n(ba_observations[i].point.begin(), ba_point_size, points.begin() + i * ba_point_size);
      std::copy_n(ba_observations[i].observed.begin(), ba_residuals, observed.begin() + i * ba_residuals);
    }
  }
  void evaluate(ba_x8_function* f) { f(cameras.data(), points.data(), observed.data(), residuals.data(), jacobians.data()); }
};

void ba_x8_case(benchmark::State& state, const ba_x8_impl& impl) {
  ba_x8_data d, expected;
  d.evaluate(impl.evaluate);
  expected.evaluate(eight_calls<ba_reprojection_hand>);
  if (!agrees_with_hand(state, impl, close(d.residuals, expected.residuals) && close(d.jacobians, expected.jacobians)))
    return;
  for (auto _ : state) {
    d.evaluate(impl.evaluate);
    benchmark::DoNotOptimize(d.residuals.data());
    benchmark::DoNotOptimize(d.jacobians.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(8 * static_cast<std::int64_t>(state.iterations()));
}

// ---------------------------------------------------------------------------------------------------------
// rosenbrock_16, rosenbrock_256: value and gradient w.r.t. all N.
// ---------------------------------------------------------------------------------------------------------
using gradient_function = double(const double* x, double* gradient);
using gradient_impl = implementation<gradient_function>;

constexpr auto rosenbrock_16_input = rosenbrock_input<16>();
constexpr auto rosenbrock_256_input = rosenbrock_input<256>();

constexpr gradient_impl rosenbrock_16_impls[] = {
    {"hand", rosenbrock_16_hand},
    {"static", rosenbrock_16_static},
    {"static_batch", rosenbrock_16_static_batch},
    {"tape", rosenbrock_16_tape},
#ifdef CTGRAD_BENCH_CERES
    {"ceres", rosenbrock_16_ceres},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", rosenbrock_16_sacado},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    {"adolc", rosenbrock_16_adolc, [] { rosenbrock_16_adolc_record(rosenbrock_16_input.data()); }},
#endif
};

constexpr gradient_impl rosenbrock_256_impls[] = {
    {"hand", rosenbrock_256_hand},
    {"static", rosenbrock_256_static},
    {"static_batch", rosenbrock_256_static_batch},
    {"tape", rosenbrock_256_tape},
#ifdef CTGRAD_BENCH_CERES
    {"ceres", rosenbrock_256_ceres},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", rosenbrock_256_sacado},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    {"adolc", rosenbrock_256_adolc, [] { rosenbrock_256_adolc_record(rosenbrock_256_input.data()); }},
#endif
};

template <std::size_t N>
void rosenbrock_case(benchmark::State& state, const gradient_impl& impl, gradient_function* hand,
                     const std::array<double, N>& x) {
  std::array<double, N> gradient{}, expected{};
  const double value = impl.evaluate(x.data(), gradient.data());
  const double expected_value = hand(x.data(), expected.data());
  if (!agrees_with_hand(state, impl, close(value, expected_value) && close(gradient, expected))) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(impl.evaluate(x.data(), gradient.data()));
    benchmark::DoNotOptimize(gradient.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---------------------------------------------------------------------------------------------------------
// gmm_k5_d10: log-likelihood of one point and its gradient w.r.t. the 105 parameters (μ, α, q).
// ---------------------------------------------------------------------------------------------------------
using gmm_function = double(const double* parameters, const double* x, double* gradient);
using gmm_impl = implementation<gmm_function>;

constexpr gmm_impl gmm_impls[] = {
    {"hand", gmm_k5_d10_hand},
    {"static", gmm_k5_d10_static},
    {"tape", gmm_k5_d10_tape},
#ifdef CTGRAD_BENCH_CERES
    {"ceres", gmm_k5_d10_ceres},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", gmm_k5_d10_sacado},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    {"adolc", gmm_k5_d10_adolc, [] { gmm_k5_d10_adolc_record(gmm_inputs.parameters.data(), gmm_inputs.x.data()); }},
#endif
};

void gmm_case(benchmark::State& state, const gmm_impl& impl) {
  const auto& [parameters, x] = gmm_inputs;
  std::array<double, gmm_parameters> gradient{}, expected{};
  const double value = impl.evaluate(parameters.data(), x.data(), gradient.data());
  const double expected_value = gmm_k5_d10_hand(parameters.data(), x.data(), expected.data());
  if (!agrees_with_hand(state, impl, close(value, expected_value) && close(gradient, expected))) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(impl.evaluate(parameters.data(), x.data(), gradient.data()));
    benchmark::DoNotOptimize(gradient.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---------------------------------------------------------------------------------------------------------
// black_scholes_greeks: price, delta, gamma (a second derivative), vega, theta, rho of one call.
// ---------------------------------------------------------------------------------------------------------
using greeks_function = greeks(const option_contract& option);
using greeks_impl = implementation<greeks_function>;

constexpr greeks_impl black_scholes_impls[] = {
    {"hand", black_scholes_greeks_hand},
    {"static", black_scholes_greeks_static},
    // No `tape`: the tape is first-order (micrograd's Value), and gamma is a second derivative.
#ifdef CTGRAD_BENCH_CERES
    {"ceres", black_scholes_greeks_ceres},
#endif
#ifdef CTGRAD_BENCH_SACADO
    {"sacado", black_scholes_greeks_sacado},
#endif
#ifdef CTGRAD_BENCH_ADOLC
    {"adolc", black_scholes_greeks_adolc, [] { black_scholes_greeks_adolc_record(black_scholes_input); }},
#endif
};

std::array<double, 6> as_array(const greeks& g) { return {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho}; }

void black_scholes_case(benchmark::State& state, const greeks_impl& impl) {
  const option_contract option = black_scholes_input;
  const greeks expected = black_scholes_greeks_hand(option);
  if (!agrees_with_hand(state, impl, close(as_array(impl.evaluate(option)), as_array(expected)))) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(option);
    benchmark::DoNotOptimize(impl.evaluate(option));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  register_workload("ba_reprojection", ba_impls, ba_case);
  register_workload("ba_reprojection_x8", ba_x8_impls, ba_x8_case);
  register_workload("rosenbrock_16", rosenbrock_16_impls, [](benchmark::State& state, const gradient_impl& impl) {
    rosenbrock_case(state, impl, rosenbrock_16_hand, rosenbrock_16_input);
  });
  register_workload("rosenbrock_256", rosenbrock_256_impls, [](benchmark::State& state, const gradient_impl& impl) {
    rosenbrock_case(state, impl, rosenbrock_256_hand, rosenbrock_256_input);
  });
  register_workload("gmm_k5_d10", gmm_impls, gmm_case);
  register_workload("black_scholes_greeks", black_scholes_impls, black_scholes_case);
#ifdef CTGRAD_BENCH_PEERS
  benchmark::AddCustomContext("peers", CTGRAD_BENCH_PEERS);
#endif
  return true;
}();

}  // namespace
