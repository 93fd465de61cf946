// bench/functions/ceres_peer.cpp: the `ceres` implementation (see ceres_peer.hpp): the workloads' templates on
// ceres::Jet<double, N>, N = the number of parameters, seeded and read back as Ceres' AutoDiffCostFunction does,
// without its virtual call and parameter-block copies. Ceres' headers are SYSTEM includes here.
#include "ceres_peer.hpp"

#include <array>
#include <cstddef>

#include <ceres/jet.h>

namespace functions {

// Nested Jets mix only with their value type: black_scholes_call's constants are inner Jets.
template <class T, int M, int N>
struct constant_type<ceres::Jet<ceres::Jet<T, M>, N>> {
  using type = ceres::Jet<T, M>;
};

namespace {

// x as Jets, x[i] carrying ∂/∂x_i (component `first` + i).
template <int N>
void seed(const double* x, std::size_t count, int first, ceres::Jet<double, N>* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = ceres::Jet<double, N>(x[i], first + static_cast<int>(i));
}

template <std::size_t N>
double rosenbrock_jet(const double* x, double* gradient) {
  using jet = ceres::Jet<double, static_cast<int>(N)>;
  std::array<jet, N> xs;  // N = 256: 526 kB on the stack (AutoDiffCostFunction would take it from the heap)
  seed(x, N, 0, xs.data());
  const jet f = rosenbrock<N>(xs.data());
  for (std::size_t i = 0; i < N; ++i) gradient[i] = f.v[static_cast<int>(i)];
  return f.a;
}

}  // namespace

void ba_reprojection_ceres(const double* camera, const double* point, const double* observed, double* residuals,
                           double* jacobian) {
  using jet = ceres::Jet<double, static_cast<int>(ba_parameters)>;
  std::array<jet, ba_parameters> parameters;
  seed(camera, ba_camera_size, 0, parameters.data());
  seed(point, ba_point_size, static_cast<int>(ba_camera_size), parameters.data() + ba_camera_size);
  std::array<jet, ba_residuals> r;
  ba_reprojection(parameters.data(), parameters.data() + ba_camera_size, observed, r.data());
  for (std::size_t i = 0; i < ba_residuals; ++i) {
    residuals[i] = r[i].a;
    for (std::size_t j = 0; j < ba_parameters; ++j) jacobian[i * ba_parameters + j] = r[i].v[static_cast<int>(j)];
  }
}

double rosenbrock_16_ceres(const double* x, double* gradient) { return rosenbrock_jet<16>(x, gradient); }
double rosenbrock_256_ceres(const double* x, double* gradient) { return rosenbrock_jet<256>(x, gradient); }

double gmm_k5_d10_ceres(const double* parameters, const double* x, double* gradient) {
  using jet = ceres::Jet<double, static_cast<int>(gmm_parameters)>;
  std::array<jet, gmm_parameters> p;
  seed(parameters, gmm_parameters, 0, p.data());
  const jet l = gmm_log_likelihood(p.data() + gmm_mu, p.data() + gmm_alpha, p.data() + gmm_q, x);
  for (std::size_t i = 0; i < gmm_parameters; ++i) gradient[i] = l.v[static_cast<int>(i)];
  return l.a;
}

greeks black_scholes_greeks_ceres(const option_contract& option) {
  using inner = ceres::Jet<double, 1>;  // ∂/∂S
  using jet = ceres::Jet<inner, 4>;     // ∂/∂(S, T, r, σ)
  const jet spot(inner(option.spot, 0), 0), maturity(inner(option.maturity), 1), rate(inner(option.rate), 2),
      volatility(inner(option.volatility), 3);
  const jet c = black_scholes_call(spot, inner(option.strike), maturity, rate, volatility);
  return {.price = c.a.a,
          .delta = c.v[0].a,
          .gamma = c.v[0].v[0],
          .vega = c.v[3].a,
          .theta = -c.v[1].a,
          .rho = c.v[2].a};
}

}  // namespace functions
