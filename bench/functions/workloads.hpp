// bench/functions/workloads.hpp: bench_functions' workloads, each defined once as a template on its scalar type
// (double, ceres::Jet, Sacado's Fad, ADOL-C's adouble), and the deterministic inputs every implementation runs on.
//
// The templates reach a scalar type's maths by unqualified calls (`using std::exp; exp(x)`), so each AD type's
// own overload is found by argument-dependent lookup, as Ceres' templated functors do. Intermediates are never
// stored in `auto`: Sacado's operators return expression templates that refer to their operands.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

namespace functions {

/// `then_()` when a > b, else `else_()`: the workloads' one branch on an active value. A type that records a
/// tape (ADOL-C's adouble) overloads it to record both branches and a conditional assignment, so that one tape
/// serves inputs on either side of the branch.
template <class T, class Then, class Else>
auto if_greater(const T& a, double b, Then then_, Else else_) {
  if (a > b) return then_();
  return else_();
}

/// The type of black_scholes_call's numeric constants for scalar type T: double, unless T's arithmetic mixes
/// only with its own value type (nested ceres::Jet, whose peer specializes this).
template <class T>
struct constant_type {
  using type = double;
};
template <class T>
using constant_t = typename constant_type<T>::type;

// ---------------------------------------------------------------------------------------------------------
// ba_reprojection: Ceres' SnavelyReprojectionError, the BAL bundle-adjustment cost (ADBench's BA problem).
// ---------------------------------------------------------------------------------------------------------
inline constexpr std::size_t ba_camera_size = 9;  // angle-axis w (3), translation t (3), f, k1, k2
inline constexpr std::size_t ba_point_size = 3;
inline constexpr std::size_t ba_residuals = 2;
inline constexpr std::size_t ba_parameters = ba_camera_size + ba_point_size;  // Jacobian columns: camera, point

/// Ceres' AngleAxisRotatePoint: R(w) x for the angle-axis vector w (|w| = θ radians about w / θ), by Rodrigues'
/// formula, or by its first-order expansion x + w × x when θ² is at most machine epsilon (where w / θ would be
/// meaningless).
template <class T>
std::array<T, 3> angle_axis_rotate_point(const T* w, const T* x) {
  const T theta2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
  return if_greater(
      theta2, std::numeric_limits<double>::epsilon(),
      [&] {
        using std::cos, std::sin, std::sqrt;
        // The 1e-200 is exact for θ² > ε; it keeps this branch finite at w = 0 for a type that evaluates both
        // branches (ADOL-C with condassign), whose reverse sweep would otherwise multiply the untaken branch's
        // 1/θ = ∞ by a zero adjoint and put NaN in the gradient.
        const T theta = sqrt(theta2 + 1e-200);
        const T cos_theta = cos(theta), sin_theta = sin(theta);
        const T theta_inverse = 1.0 / theta;
        const T u[3] = {w[0] * theta_inverse, w[1] * theta_inverse, w[2] * theta_inverse};
        const T u_cross_x[3] = {u[1] * x[2] - u[2] * x[1], u[2] * x[0] - u[0] * x[2], u[0] * x[1] - u[1] * x[0]};
        const T tmp = (u[0] * x[0] + u[1] * x[1] + u[2] * x[2]) * (1.0 - cos_theta);
        return std::array<T, 3>{x[0] * cos_theta + u_cross_x[0] * sin_theta + u[0] * tmp,
                                x[1] * cos_theta + u_cross_x[1] * sin_theta + u[1] * tmp,
                                x[2] * cos_theta + u_cross_x[2] * sin_theta + u[2] * tmp};
      },
      [&] {
        return std::array<T, 3>{x[0] + (w[1] * x[2] - w[2] * x[1]), x[1] + (w[2] * x[0] - w[0] * x[2]),
                                x[2] + (w[0] * x[1] - w[1] * x[0])};
      });
}

/// The reprojection residuals of one observation (u, v) of `point` by `camera`:
///   p = R(w) X + t,  x' = −p.x / p.z,  y' = −p.y / p.z,  r² = x'² + y'²,  d = 1 + r² (k1 + k2 r²),
///   residuals = (f d x' − u, f d y' − v).
/// `observed` is data (not differentiated), of type Data: double, or a tape's parameter (ADOL-C's pdouble).
template <class T, class Data>
void ba_reprojection(const T* camera, const T* point, const Data* observed, T* residuals) {
  const std::array<T, 3> rotated = angle_axis_rotate_point(camera, point);
  const T px = rotated[0] + camera[3], py = rotated[1] + camera[4], pz = rotated[2] + camera[5];
  const T xp = -px / pz, yp = -py / pz;
  const T r2 = xp * xp + yp * yp;
  const T distortion = 1.0 + r2 * (camera[7] + camera[8] * r2);
  residuals[0] = camera[6] * distortion * xp - observed[0];
  residuals[1] = camera[6] * distortion * yp - observed[1];
}

/// One observation: a camera, the point it sees, and where it saw it (pixels).
struct ba_observation {
  std::array<double, ba_camera_size> camera;
  std::array<double, ba_point_size> point;
  std::array<double, ba_residuals> observed;
};

/// Eight observations, BAL-like: focal lengths ~500 px, k1 ~ −0.1, k2 ~ 0.01, points 6–11 units in front of the
/// camera (p.z < 0: the camera looks down −z), observations a pixel or two off the prediction. Cameras 0 and 1
/// take the small-angle branch (w = 0, the usual reference camera, and θ ≈ 2.3e-9); 2–7 Rodrigues' formula.
inline constexpr std::array<ba_observation, 8> ba_observations{{
    {{0.0, 0.0, 0.0, 0.02, -0.01, 0.35, 520.0, -0.12, 0.018}, {0.8, -0.4, -8.5}, {53.7, -26.9}},
    {{1.0e-9, -2.0e-9, 5.0e-10, -0.04, 0.03, 0.10, 498.0, -0.09, 0.011}, {-1.1, 0.6, -7.2}, {-81.8, 45.4}},
    {{0.12, -0.31, 0.05, 0.15, -0.08, 0.42, 510.0, -0.11, 0.015}, {0.5, 1.2, -9.8}, {203.7, 139.1}},
    {{-0.42, 0.08, 0.27, -0.21, 0.05, -0.12, 530.0, -0.14, 0.022}, {-0.7, -0.9, -6.4}, {-71.2, -323.3}},
    {{0.61, 0.20, -0.15, 0.07, 0.19, 0.28, 485.0, -0.08, 0.009}, {1.4, 0.3, -11.0}, {-1.0, 358.9}},
    {{-0.05, 0.47, -0.33, -0.11, -0.16, 0.05, 545.0, -0.13, 0.020}, {-0.2, -1.3, -8.9}, {-319.2, -74.9}},
    {{0.28, -0.09, 0.52, 0.26, 0.02, -0.31, 505.0, -0.10, 0.013}, {0.9, 0.7, -7.7}, {54.5, 214.9}},
    {{-0.36, -0.25, -0.07, -0.03, 0.12, 0.22, 515.0, -0.12, 0.017}, {-1.5, 0.1, -10.3}, {46.7, -180.8}},
}};

/// The observation ba_reprojection times: a normal rotation (θ ≈ 0.34), so Rodrigues' branch.
inline constexpr std::size_t ba_timed_observation = 2;

// ---------------------------------------------------------------------------------------------------------
// rosenbrock_<N>: the extended Rosenbrock function, f(x) = Σ_{i<N/2} 100 (x_{2i+1} − x_{2i}²)² + (1 − x_{2i})².
// ---------------------------------------------------------------------------------------------------------
template <std::size_t N, class T>
T rosenbrock(const T* x) {
  static_assert(N >= 2 && N % 2 == 0, "rosenbrock<N>: N must be even");
  T f(0.0);
  for (std::size_t i = 0; i < N; i += 2) {
    const T a = x[i + 1] - x[i] * x[i];
    const T b = 1.0 - x[i];
    f += 100.0 * a * a + b * b;
  }
  return f;
}

/// Around the classic start (−1.2, 1), varied per pair.
template <std::size_t N>
constexpr std::array<double, N> rosenbrock_input() {
  std::array<double, N> x{};
  for (std::size_t i = 0; i < N; i += 2) {
    x[i] = -1.2 + 0.1 * static_cast<double>(i / 2 % 5);
    x[i + 1] = 1.0 - 0.05 * static_cast<double>(i / 2 % 7);
  }
  return x;
}

// ---------------------------------------------------------------------------------------------------------
// gmm_k5_d10: log-likelihood of one point x ∈ R^D under a K-component Gaussian mixture with diagonal covariances,
// in ADBench's parametrisation: log weights α_k, means μ_kd, log inverse scales q_kd (s_kd = exp(q_kd)).
// ---------------------------------------------------------------------------------------------------------
inline constexpr std::size_t gmm_k = 5, gmm_d = 10;
// The parameter vector: μ (K·D, row k is component k), then α (K), then q (K·D).
inline constexpr std::size_t gmm_mu = 0, gmm_alpha = gmm_k * gmm_d, gmm_q = gmm_alpha + gmm_k;
inline constexpr std::size_t gmm_parameters = gmm_q + gmm_k * gmm_d;
inline constexpr double half_log_two_pi = 0.91893853320467274178;  // ½ log 2π

/// log Σ_i exp(v_i), shifted by the largest v_i so that no exp overflows. The shift cancels in the derivative,
/// so its own derivative (through fmax) does no harm.
template <std::size_t N, class T>
T logsumexp(const T* v) {
  using std::exp, std::fmax, std::log;
  T top = v[0];
  for (std::size_t i = 1; i < N; ++i) top = fmax(top, v[i]);
  T sum = exp(v[0] - top);
  for (std::size_t i = 1; i < N; ++i) sum += exp(v[i] - top);
  return top + log(sum);
}

/// ℓ = logsumexp_k(α_k + Σ_d q_kd − ½ Σ_d (s_kd (x_d − μ_kd))²) − logsumexp_k(α_k) − (D/2) log 2π.
/// `x` is data (not differentiated), of type Data: double, or a tape's parameter (ADOL-C's pdouble).
template <class T, class Data>
T gmm_log_likelihood(const T* mu, const T* alpha, const T* q, const Data* x) {
  using std::exp;
  std::array<T, gmm_k> beta;
  for (std::size_t k = 0; k < gmm_k; ++k) {
    T sum_q(0.0), squares(0.0);
    for (std::size_t d = 0; d < gmm_d; ++d) {
      const T scaled = exp(q[k * gmm_d + d]) * (x[d] - mu[k * gmm_d + d]);
      sum_q += q[k * gmm_d + d];
      squares += scaled * scaled;
    }
    beta[k] = alpha[k] + sum_q - 0.5 * squares;
  }
  return logsumexp<gmm_k>(beta.data()) - logsumexp<gmm_k>(alpha) - static_cast<double>(gmm_d) * half_log_two_pi;
}

struct gmm_input {
  std::array<double, gmm_parameters> parameters;  // μ, α, q
  std::array<double, gmm_d> x;
};

/// Means in [−1, 1], inverse scales exp(q) in [0.74, 1.5], weights unequal, x among the components.
constexpr gmm_input make_gmm_input() {
  gmm_input in{};
  for (std::size_t k = 0; k < gmm_k; ++k) {
    in.parameters[gmm_alpha + k] = 0.1 * static_cast<double>(k) - 0.2;
    for (std::size_t d = 0; d < gmm_d; ++d) {
      in.parameters[gmm_mu + k * gmm_d + d] = static_cast<double>((k * 7 + d * 3) % 11) / 5.0 - 1.0;
      in.parameters[gmm_q + k * gmm_d + d] = static_cast<double>((k * 5 + d) % 7) / 10.0 - 0.3;
    }
  }
  for (std::size_t d = 0; d < gmm_d; ++d) in.x[d] = static_cast<double>(d * 4 % 9) / 4.0 - 1.0;
  return in;
}
inline constexpr gmm_input gmm_inputs = make_gmm_input();

// ---------------------------------------------------------------------------------------------------------
// black_scholes_greeks: a European call and its Greeks (the strike K is data).
// ---------------------------------------------------------------------------------------------------------
/// N(x) = ½ erfc(−x/√2), the standard normal CDF (erfc keeps the left tail accurate).
template <class T>
T normal_cdf(const T& x) {
  using std::erfc;
  using C = constant_t<T>;
  const T z = -x * C(std::numbers::sqrt2 / 2);
  return C(0.5) * erfc(z);
}

/// C(S, K, T, r, σ) = S N(d1) − K e^{−rT} N(d2),  d1 = (ln(S/K) + (r + σ²/2) T) / (σ √T),  d2 = d1 − σ √T.
template <class T, class Data>
T black_scholes_call(const T& spot, const Data& strike, const T& maturity, const T& rate, const T& volatility) {
  using std::exp, std::log, std::sqrt;
  using C = constant_t<T>;
  const T vol_sqrt_t = volatility * sqrt(maturity);
  const T d1 = (log(spot / strike) + (rate + C(0.5) * volatility * volatility) * maturity) / vol_sqrt_t;
  const T d2 = d1 - vol_sqrt_t;
  const T discounted_strike = strike * exp(-rate * maturity);
  return spot * normal_cdf(d1) - discounted_strike * normal_cdf(d2);
}

struct option_contract {
  double spot, strike, maturity, rate, volatility;  // S, K, T (years), r, σ
};

/// price = C, delta = ∂C/∂S, gamma = ∂²C/∂S², vega = ∂C/∂σ, theta = −∂C/∂T, rho = ∂C/∂r.
struct greeks {
  double price, delta, gamma, vega, theta, rho;
};

/// Slightly out of the money, nine months.
inline constexpr option_contract black_scholes_input{100.0, 105.0, 0.75, 0.03, 0.25};

}  // namespace functions
