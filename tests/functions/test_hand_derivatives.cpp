// bench_functions' hand-written derivatives (bench/functions/hand.cpp) against central finite differences of the
// workloads' own definitions (bench/functions/workloads.hpp, instantiated on double), and the inputs' validity.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include <functions/hand.hpp>
#include <functions/lanes.hpp>
#include <functions/workloads.hpp>

namespace {
using namespace functions;

// (f(x + h e_j) − f(x − h e_j)) / 2h for each output of f: std::vector<double>(const std::vector<double>&).
template <class F>
std::vector<double> central_difference(F f, std::vector<double> x, std::size_t j) {
  const double h = 1e-6 * std::max(1.0, std::abs(x[j])), x_j = x[j];
  x[j] = x_j + h;
  std::vector<double> up = f(x);
  x[j] = x_j - h;
  const std::vector<double> down = f(x);
  for (std::size_t i = 0; i < up.size(); ++i) up[i] = (up[i] - down[i]) / (2 * h);
  return up;
}

// The difference quotients' error is O(h²) + O(ε |f| / h): ~1e-7 relative at these scales.
void check_against_differences(double derivative, double difference, double scale) {
  CHECK(derivative == Approx(difference).epsilon(1e-6).margin(1e-7 * scale));
}

std::vector<double> ba_residuals_at(const std::vector<double>& parameters, const ba_observation& o) {
  std::vector<double> r(ba_residuals);
  ba_reprojection(parameters.data(), parameters.data() + ba_camera_size, o.observed.data(), r.data());
  return r;
}

}  // namespace

TEST_CASE("ba_reprojection inputs: every point in front of its camera, cameras 0 and 1 on the small-angle branch",
          "[functions][ba]") {
  for (std::size_t i = 0; i < ba_observations.size(); ++i) {
    const ba_observation& o = ba_observations[i];
    const std::array<double, 3> p = angle_axis_rotate_point(o.camera.data(), o.point.data());
    CHECK(p[2] + o.camera[5] < -1.0);  // BAL's cameras look down −z
    const double theta2 = o.camera[0] * o.camera[0] + o.camera[1] * o.camera[1] + o.camera[2] * o.camera[2];
    CHECK((theta2 > std::numeric_limits<double>::epsilon()) == (i >= 2));
  }
  const auto& timed = ba_observations[ba_timed_observation].camera;
  CHECK(timed[0] * timed[0] + timed[1] * timed[1] + timed[2] * timed[2] > 0.01);
}

TEST_CASE("ba_reprojection_hand: the workload's residuals, and a Jacobian matching central differences, on both "
          "branches",
          "[functions][ba]") {
  for (std::size_t i = 0; i < ba_observations.size(); ++i) {
    INFO("observation " << i);
    const ba_observation& o = ba_observations[i];
    std::vector<double> parameters(o.camera.begin(), o.camera.end());
    parameters.insert(parameters.end(), o.point.begin(), o.point.end());
    std::array<double, ba_residuals> residuals{};
    std::array<double, ba_residuals * ba_parameters> jacobian{};
    ba_reprojection_hand(o.camera.data(), o.point.data(), o.observed.data(), residuals.data(), jacobian.data());
    const std::vector<double> expected = ba_residuals_at(parameters, o);
    for (std::size_t r = 0; r < ba_residuals; ++r) CHECK(residuals[r] == Approx(expected[r]).epsilon(1e-13).margin(1e-12));
    for (std::size_t j = 0; j < ba_parameters; ++j) {
      INFO("column " << j);
      const std::vector<double> column =
          central_difference([&](const std::vector<double>& p) { return ba_residuals_at(p, o); }, parameters, j);
      for (std::size_t r = 0; r < ba_residuals; ++r)
        check_against_differences(jacobian[r * ba_parameters + j], column[r], 500);
    }
  }
}

TEST_CASE("ba_reprojection_x8_hand: each lane equals ba_reprojection_hand on its observation", "[functions][ba]") {
  std::array<double, 8 * ba_camera_size> cameras{};
  std::array<double, 8 * ba_point_size> points{};
  std::array<double, 8 * ba_residuals> observed{}, residuals{};
  std::array<double, 8 * ba_residuals * ba_parameters> jacobians{};
  for (std::size_t i = 0; i < 8; ++i) {
    const ba_observation& o = ba_observations[i];
    for (std::size_t j = 0; j < ba_camera_size; ++j) cameras[i * ba_camera_size + j] = o.camera[j];
    for (std::size_t j = 0; j < ba_point_size; ++j) points[i * ba_point_size + j] = o.point[j];
    for (std::size_t j = 0; j < ba_residuals; ++j) observed[i * ba_residuals + j] = o.observed[j];
  }
  ba_reprojection_x8_hand(cameras.data(), points.data(), observed.data(), residuals.data(), jacobians.data());
  for (std::size_t i = 0; i < 8; ++i) {
    INFO("observation " << i);
    const ba_observation& o = ba_observations[i];
    std::array<double, ba_residuals> r{};
    std::array<double, ba_residuals * ba_parameters> jacobian{};
    ba_reprojection_hand(o.camera.data(), o.point.data(), o.observed.data(), r.data(), jacobian.data());
    // xsimd's sin and cos may differ from libm's in the last bit
    for (std::size_t j = 0; j < ba_residuals; ++j)
      CHECK(residuals[i * ba_residuals + j] == Approx(r[j]).epsilon(1e-12).margin(1e-12));
    for (std::size_t j = 0; j < jacobian.size(); ++j)
      CHECK(jacobians[i * jacobian.size() + j] == Approx(jacobian[j]).epsilon(1e-12).margin(1e-12));
  }
}

TEMPLATE_TEST_CASE_SIG("rosenbrock_<N>_hand: the workload's value, and a gradient matching central differences",
                       "[functions][rosenbrock]", ((std::size_t N), N), 16, 256) {
  constexpr auto input = rosenbrock_input<N>();
  std::vector<double> x(input.begin(), input.end()), gradient(N);
  const auto hand = N == 16 ? rosenbrock_16_hand : rosenbrock_256_hand;
  const double value = hand(x.data(), gradient.data());
  CHECK(value == Approx(rosenbrock<N>(x.data())).epsilon(1e-14));
  for (std::size_t j = 0; j < N; ++j) {
    INFO("x_" << j);
    const std::vector<double> difference =
        central_difference([](const std::vector<double>& p) { return std::vector<double>{rosenbrock<N>(p.data())}; }, x, j);
    check_against_differences(gradient[j], difference[0], 100);
  }
}

TEST_CASE("gmm_k5_d10_hand: the workload's value, and a gradient matching central differences", "[functions][gmm]") {
  std::vector<double> parameters(gmm_inputs.parameters.begin(), gmm_inputs.parameters.end()), gradient(gmm_parameters);
  const auto at = [](const std::vector<double>& p) {
    const double* q = p.data() + gmm_q;
    return std::vector<double>{gmm_log_likelihood(p.data() + gmm_mu, p.data() + gmm_alpha, q, gmm_inputs.x.data())};
  };
  const double value = gmm_k5_d10_hand(parameters.data(), gmm_inputs.x.data(), gradient.data());
  CHECK(value == Approx(at(parameters)[0]).epsilon(1e-14));
  CHECK(std::isfinite(value));
  for (std::size_t j = 0; j < gmm_parameters; ++j) {
    INFO("parameter " << j);
    check_against_differences(gradient[j], central_difference(at, parameters, j)[0], 1);
  }
}

TEST_CASE("gmm_k5_d10: logsumexp does not overflow where exp would", "[functions][gmm]") {
  const std::array<double, 3> large{1000.0, 999.0, 998.0};
  CHECK(logsumexp<3>(large.data()) == Approx(1000.0 + std::log(1 + std::exp(-1.0) + std::exp(-2.0))).epsilon(1e-15));
}

TEST_CASE("black_scholes_greeks_hand: the workload's price, and Greeks matching finite differences of it",
          "[functions][black_scholes]") {
  const option_contract o = black_scholes_input;
  const greeks g = black_scholes_greeks_hand(o);
  // The price as a function of (S, T, r, σ); K is data.
  const auto price = [&](const std::vector<double>& v) {
    return std::vector<double>{black_scholes_call(v[0], o.strike, v[1], v[2], v[3])};
  };
  const std::vector<double> at{o.spot, o.maturity, o.rate, o.volatility};
  CHECK(g.price == Approx(price(at)[0]).epsilon(1e-14));
  check_against_differences(g.delta, central_difference(price, at, 0)[0], 1);
  check_against_differences(-g.theta, central_difference(price, at, 1)[0], 1);
  check_against_differences(g.rho, central_difference(price, at, 2)[0], 1);
  check_against_differences(g.vega, central_difference(price, at, 3)[0], 1);
  // gamma: the central difference of the closed-form delta, and the second difference of the price
  const auto delta = [&](const std::vector<double>& v) {
    return std::vector<double>{black_scholes_greeks_hand({v[0], o.strike, o.maturity, o.rate, o.volatility}).delta};
  };
  check_against_differences(g.gamma, central_difference(delta, at, 0)[0], 1);
  const double h = 1e-3 * o.spot;
  const double up = price({o.spot + h, at[1], at[2], at[3]})[0], down = price({o.spot - h, at[1], at[2], at[3]})[0];
  const double second = (up - 2 * g.price + down) / (h * h);
  CHECK(g.gamma == Approx(second).epsilon(1e-5));
  CHECK(g.gamma > 0);
}

namespace {
// Records of `Fields` doubles (value 1000 r + f) to lanes and back, next to records that must stay untouched.
template <std::size_t Fields>
void check_lanes() {
  using batch = xsimd::batch<double>;
  constexpr std::size_t records = 2 * batch::size;  // the second group of lanes starts at record batch::size
  std::array<double, records * Fields + 1> in{}, out{};
  for (std::size_t r = 0; r < records; ++r)
    for (std::size_t f = 0; f < Fields; ++f) in[r * Fields + f] = 1000.0 * static_cast<double>(r) + static_cast<double>(f);
  out.fill(-1.0);
  const auto lanes = to_lanes<batch, Fields>(in.data(), batch::size);
  for (std::size_t f = 0; f < Fields; ++f)
    for (std::size_t l = 0; l < batch::size; ++l) CHECK(lanes[f].get(l) == in[(batch::size + l) * Fields + f]);
  from_lanes<Fields>(lanes.data(), out.data(), batch::size);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool written = i >= batch::size * Fields && i < records * Fields;
    CHECK(out[i] == (written ? in[i] : -1.0));
  }
}
}  // namespace

TEST_CASE("to_lanes, from_lanes: field f of record first + l in lane l of batch f, and back, nothing else written", "[functions][lanes]") {
  check_lanes<1>();
  check_lanes<2>();
  check_lanes<3>();
  check_lanes<8>();
  check_lanes<9>();
  check_lanes<24>();
  check_lanes<26>();
}
