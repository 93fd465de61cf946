// bench/functions/adolc_peer.cpp: the `adolc` implementation (see adolc_peer.hpp): the workloads' templates on
// ADOL-C's adouble, each recorded on its own tape, evaluated by ADOL-C's forward and reverse drivers at the point.
// ADOL-C's headers are SYSTEM includes here.
#include "adolc_peer.hpp"

#include <array>
#include <cstddef>
#include <utility>

#include <adolc/adolc.h>

// workloads.hpp's branch, recorded: both sides on the tape, then r = a − b > 0 ? then : else by condassign, so the
// tape stays valid on either side. Found by argument-dependent lookup (adouble lives in the global namespace).
template <class Then, class Else>
std::array<adouble, 3> if_greater(const adouble& a, double b, Then then_, Else else_) {
  const std::array<adouble, 3> then_value = then_(), else_value = else_();
  const adouble condition = a - b;
  std::array<adouble, 3> r;
  for (std::size_t i = 0; i < 3; ++i) condassign(r[i], condition, then_value[i], else_value[i]);
  return r;
}

// ADOL-C has erf but no erfc; N(x) needs no more accuracy in the tails than 1 − erf gives here (|d| < 1).
inline adouble erfc(const adouble& x) { return 1.0 - erf(x); }

namespace functions {
namespace {

// One tape per workload.
enum tape : short { ba_tape = 1, rosenbrock_16_tape, rosenbrock_256_tape, gmm_tape, black_scholes_tape };

// Tape parameters: data that can change between evaluations without retaping (set_param_vec).
template <std::size_t... I>
std::array<pdouble, sizeof...(I)> make_parameters(const double* values, std::index_sequence<I...>) {
  return {mkparam(values[I])...};
}
template <std::size_t N>
std::array<pdouble, N> make_parameters(const double* values) {
  return make_parameters(values, std::make_index_sequence<N>{});
}

template <std::size_t N>
void set_parameters(short tag, const double* values) {
  std::array<double, N> p;
  for (std::size_t i = 0; i < N; ++i) p[i] = values[i];
  set_param_vec(tag, N, p.data());
}

template <std::size_t N>
void record_rosenbrock(short tag, const double* x) {
  trace_on(tag);
  std::array<adouble, N> xs;
  for (std::size_t i = 0; i < N; ++i) xs[i] <<= x[i];
  adouble f = rosenbrock<N>(xs.data());
  double value;
  f >>= value;
  trace_off();
}

template <std::size_t N>
double rosenbrock_tape(short tag, const double* x, double* gradient) {
  double f, weight = 1;
  zos_forward(tag, 1, N, 1, x, &f);
  fos_reverse(tag, 1, N, &weight, gradient);
  return f;
}

}  // namespace

void ba_reprojection_adolc_record(const double* camera, const double* point, const double* observed) {
  trace_on(ba_tape);
  std::array<adouble, ba_parameters> p;
  for (std::size_t i = 0; i < ba_camera_size; ++i) p[i] <<= camera[i];
  for (std::size_t i = 0; i < ba_point_size; ++i) p[ba_camera_size + i] <<= point[i];
  const std::array<pdouble, ba_residuals> data = make_parameters<ba_residuals>(observed);
  std::array<adouble, ba_residuals> r;
  ba_reprojection(p.data(), p.data() + ba_camera_size, data.data(), r.data());
  double value;
  for (adouble& ri : r) ri >>= value;
  trace_off();
}

void ba_reprojection_adolc(const double* camera, const double* point, const double* observed, double* residuals,
                           double* jacobian) {
  std::array<double, ba_parameters> x;
  for (std::size_t i = 0; i < ba_camera_size; ++i) x[i] = camera[i];
  for (std::size_t i = 0; i < ba_point_size; ++i) x[ba_camera_size + i] = point[i];
  set_parameters<ba_residuals>(ba_tape, observed);
  zos_forward(ba_tape, ba_residuals, ba_parameters, 1, x.data(), residuals);
  // Two residuals, twelve parameters: reverse mode with the identity's rows as weights gives the Jacobian's rows.
  double identity[ba_residuals][ba_residuals] = {{1, 0}, {0, 1}};
  double* weights[ba_residuals] = {identity[0], identity[1]};
  double* rows[ba_residuals] = {jacobian, jacobian + ba_parameters};
  fov_reverse(ba_tape, ba_residuals, ba_parameters, ba_residuals, weights, rows);
}

void rosenbrock_16_adolc_record(const double* x) { record_rosenbrock<16>(rosenbrock_16_tape, x); }
void rosenbrock_256_adolc_record(const double* x) { record_rosenbrock<256>(rosenbrock_256_tape, x); }
double rosenbrock_16_adolc(const double* x, double* gradient) {
  return rosenbrock_tape<16>(rosenbrock_16_tape, x, gradient);
}
double rosenbrock_256_adolc(const double* x, double* gradient) {
  return rosenbrock_tape<256>(rosenbrock_256_tape, x, gradient);
}

void gmm_k5_d10_adolc_record(const double* parameters, const double* x) {
  trace_on(gmm_tape);
  std::array<adouble, gmm_parameters> p;
  for (std::size_t i = 0; i < gmm_parameters; ++i) p[i] <<= parameters[i];
  const std::array<pdouble, gmm_d> data = make_parameters<gmm_d>(x);
  adouble l = gmm_log_likelihood(p.data() + gmm_mu, p.data() + gmm_alpha, p.data() + gmm_q, data.data());
  double value;
  l >>= value;
  trace_off();
}

double gmm_k5_d10_adolc(const double* parameters, const double* x, double* gradient) {
  set_parameters<gmm_d>(gmm_tape, x);
  double l, weight = 1;
  zos_forward(gmm_tape, 1, gmm_parameters, 1, parameters, &l);
  fos_reverse(gmm_tape, 1, gmm_parameters, &weight, gradient);
  return l;
}

void black_scholes_greeks_adolc_record(const option_contract& option) {
  trace_on(black_scholes_tape);
  adouble spot, maturity, rate, volatility;
  spot <<= option.spot;
  maturity <<= option.maturity;
  rate <<= option.rate;
  volatility <<= option.volatility;
  const pdouble strike = mkparam(option.strike);
  adouble c = black_scholes_call(spot, strike, maturity, rate, volatility);
  double value;
  c >>= value;
  trace_off();
}

greeks black_scholes_greeks_adolc(const option_contract& option) {
  double strike = option.strike;
  set_param_vec(black_scholes_tape, 1, &strike);
  const double x[4] = {option.spot, option.maturity, option.rate, option.volatility};
  double direction[4] = {1, 0, 0, 0};  // d/dS
  double* directions[4] = {&direction[0], &direction[1], &direction[2], &direction[3]};
  double price, price_derivative, weight = 1;
  double* price_derivatives = &price_derivative;
  hos_forward(black_scholes_tape, 1, 4, 1, 2, x, directions, &price, &price_derivatives);
  // z[i][0] = ∂C/∂x_i, z[i][1] = ∂²C/∂x_i∂S
  double z_values[4][2];
  double* z[4] = {z_values[0], z_values[1], z_values[2], z_values[3]};
  hos_reverse(black_scholes_tape, 1, 4, 1, &weight, z);
  return {.price = price,
          .delta = z[0][0],
          .gamma = z[0][1],
          .vega = z[3][0],
          .theta = -z[1][0],
          .rho = z[2][0]};
}

}  // namespace functions
