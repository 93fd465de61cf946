// bench/functions/sacado_peer.cpp: the `sacado` implementation (see sacado_peer.hpp): the workloads' templates on
// Sacado::ELRFad::SFad<double, N>, N = the number of parameters. Sacado's headers are SYSTEM includes here.
//
// Of Sacado's two static forward types, Sacado::Fad::SFad (the "new design", Fad::Exp::GeneralFad on fixed storage,
// Trilinos 13's default) and Sacado::ELRFad::SFad (expression-level reverse mode: each expression's partials once,
// then one pass over the derivative components), ELRFad is the faster on five workloads of six (g++ 12, -O3
// -march=native; medians): gmm_k5_d10 4.6 µs against 42 µs (Fad::SFad evaluates exp's derivative once per
// component, 105 times), rosenbrock_16 132 ns against 278, black_scholes_greeks 162 against 219, ba_reprojection 114
// against 136; rosenbrock_256 is the exception, 20.3 µs against 18.1.
#include "sacado_peer.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>

#include <Sacado_No_Kokkos.hpp>

namespace Sacado::ELRFad {

// Sacado has no erfc (nor erf) for its Fad types: erfc(x) with erfc′(v) = −2/√π e^{−v²}. The value type may itself
// be a Fad (nested, for second derivatives): its own erfc and exp then carry their derivatives.
template <class T, int N>
SFad<T, N> erfc(const SFad<T, N>& x) {
  using std::erfc, std::exp;
  const T& v = x.val();
  const T slope = -2 * std::numbers::inv_sqrtpi * exp(-v * v);
  SFad<T, N> r(N, erfc(v));
  for (int i = 0; i < N; ++i) r.fastAccessDx(i) = slope * x.fastAccessDx(i);
  return r;
}

// Sacado spells it max.
template <class T, int N>
SFad<T, N> fmax(const SFad<T, N>& a, const SFad<T, N>& b) {
  return a.val() < b.val() ? b : a;
}

}  // namespace Sacado::ELRFad

namespace functions {
namespace {

template <class T, int N>
using fad = Sacado::ELRFad::SFad<T, N>;

// x as Fads, x[i] carrying ∂/∂x_i (derivative `first` + i).
template <int N>
void seed(const double* x, std::size_t count, int first, fad<double, N>* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = fad<double, N>(N, first + static_cast<int>(i), x[i]);
}

template <std::size_t N>
double rosenbrock_fad(const double* x, double* gradient) {
  using scalar = fad<double, static_cast<int>(N)>;
  std::array<scalar, N> xs;
  seed(x, N, 0, xs.data());
  const scalar f = rosenbrock<N>(xs.data());
  for (std::size_t i = 0; i < N; ++i) gradient[i] = f.dx(static_cast<int>(i));
  return f.val();
}

}  // namespace

void ba_reprojection_sacado(const double* camera, const double* point, const double* observed, double* residuals,
                            double* jacobian) {
  using scalar = fad<double, static_cast<int>(ba_parameters)>;
  std::array<scalar, ba_parameters> parameters;
  seed(camera, ba_camera_size, 0, parameters.data());
  seed(point, ba_point_size, static_cast<int>(ba_camera_size), parameters.data() + ba_camera_size);
  std::array<scalar, ba_residuals> r;
  ba_reprojection(parameters.data(), parameters.data() + ba_camera_size, observed, r.data());
  for (std::size_t i = 0; i < ba_residuals; ++i) {
    residuals[i] = r[i].val();
    for (std::size_t j = 0; j < ba_parameters; ++j) jacobian[i * ba_parameters + j] = r[i].dx(static_cast<int>(j));
  }
}

double rosenbrock_16_sacado(const double* x, double* gradient) { return rosenbrock_fad<16>(x, gradient); }
double rosenbrock_256_sacado(const double* x, double* gradient) { return rosenbrock_fad<256>(x, gradient); }

double gmm_k5_d10_sacado(const double* parameters, const double* x, double* gradient) {
  using scalar = fad<double, static_cast<int>(gmm_parameters)>;
  std::array<scalar, gmm_parameters> p;
  seed(parameters, gmm_parameters, 0, p.data());
  const scalar l = gmm_log_likelihood(p.data() + gmm_mu, p.data() + gmm_alpha, p.data() + gmm_q, x);
  for (std::size_t i = 0; i < gmm_parameters; ++i) gradient[i] = l.dx(static_cast<int>(i));
  return l.val();
}

greeks black_scholes_greeks_sacado(const option_contract& option) {
  using inner = fad<double, 1>;  // ∂/∂S
  using scalar = fad<inner, 4>;  // ∂/∂(S, T, r, σ)
  const scalar spot(4, 0, inner(1, 0, option.spot)), maturity(4, 1, inner(option.maturity)),
      rate(4, 2, inner(option.rate)), volatility(4, 3, inner(option.volatility));
  const scalar c = black_scholes_call(spot, option.strike, maturity, rate, volatility);
  return {.price = c.val().val(),
          .delta = c.dx(0).val(),
          .gamma = c.dx(0).dx(0),
          .vega = c.dx(3).val(),
          .theta = -c.dx(1).val(),
          .rho = c.dx(2).val()};
}

}  // namespace functions
