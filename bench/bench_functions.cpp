// bench_functions: classic differentiable functions (bench/functions/workloads.hpp) and their derivatives, written
// by hand (functions/hand.cpp) and computed by the AD libraries users reach for: Ceres' Jet (`ceres`), Trilinos
// Sacado (`sacado`), ADOL-C (`adolc`), each built only when installed (bench/CMakeLists.txt says which were).
// Cases are <workload>/<impl>. Every implementation is a non-inlined function, called as an optimizer calls its
// objective, and is checked against `hand` (relative 1e-9) before it is timed.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include "functions/hand.hpp"
#include "functions/workloads.hpp"
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
