// bench/functions/hand.cpp: the hand-written derivatives of bench_functions' workloads (see hand.hpp).
// tests/functions/test_hand_derivatives.cpp checks each against central finite differences.
#include "hand.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <tuple>
#include <type_traits>

#include <ctgrad/detail/xsimd.hpp>  // not xsimd directly: see the header

#include "lanes.hpp"

namespace functions {
namespace {

// ---------------------------------------------------------------------------------------------------------
// ba_reprojection. The rotation and the projection are written once, on T = double (one observation) or
// T = xsimd::batch<double> (one observation per lane), forward then reverse: the two residuals' adjoints are
// carried back through the projection to the rotated point, then through the rotation to w and X.
// ---------------------------------------------------------------------------------------------------------
template <class T>
T dot(const T* a, const T* b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

template <class T>
std::array<T, 3> cross(const T* a, const T* b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

// R(w) x = x cos θ + (u × x) sin θ + u (u·x)(1 − cos θ), u = w / θ: Rodrigues' formula, as workloads.hpp.
template <class T>
struct rodrigues_rotation {
  T cos_theta, sin_theta, theta_inverse, u[3], u_dot_x, u_cross_x[3], rotated[3];

  rodrigues_rotation(const T* w, const T* x, const T& theta2) {
    using std::cos, std::sin, std::sqrt;  // xsimd's by argument-dependent lookup
    const T theta = sqrt(theta2 + 1e-200);  // as workloads.hpp: finite at w = 0, where the x8 lanes run it too
    if constexpr (std::is_same_v<T, double>) {
      cos_theta = cos(theta);
      sin_theta = sin(theta);
    } else {
      std::tie(sin_theta, cos_theta) = xsimd::sincos(theta);  // one argument reduction for both
    }
    theta_inverse = 1.0 / theta;
    for (int i = 0; i < 3; ++i) u[i] = w[i] * theta_inverse;
    const std::array<T, 3> c = cross(u, x);
    u_dot_x = dot(u, x);
    const T tmp = u_dot_x * (1.0 - cos_theta);
    for (int i = 0; i < 3; ++i) {
      u_cross_x[i] = c[i];
      rotated[i] = x[i] * cos_theta + c[i] * sin_theta + u[i] * tmp;
    }
  }

  // From a = ∂r/∂(R x) for one residual r: w_bar = ∂r/∂w, x_bar = ∂r/∂x. Through cos θ, sin θ and u:
  //   ∂r/∂cos = a·x − (a·u)(u·x),  ∂r/∂sin = a·(u × x),  ∂r/∂θ = cos θ ∂r/∂sin − sin θ ∂r/∂cos,
  //   ∂r/∂u = sin θ (x × a) + (1 − cos θ)((u·x) a + (a·u) x),
  //   ∂r/∂w = (I − u uᵀ) ∂r/∂u / θ + ∂r/∂θ u   (∂u/∂w = (I − u uᵀ)/θ, ∂θ/∂w = u),
  //   ∂r/∂x = cos θ a + sin θ (a × u) + (1 − cos θ)(a·u) u.
  void adjoint(const T* a, const T* x, T* w_bar, T* x_bar) const {
    const T one_minus_cos = 1.0 - cos_theta;
    const T a_dot_u = dot(a, u);
    const T cos_bar = dot(a, x) - a_dot_u * u_dot_x;
    const T sin_bar = dot(a, u_cross_x);
    const T theta_bar = cos_theta * sin_bar - sin_theta * cos_bar;
    const std::array<T, 3> x_cross_a = cross(x, a), a_cross_u = cross(a, u);
    T u_bar[3];
    for (int i = 0; i < 3; ++i) u_bar[i] = sin_theta * x_cross_a[i] + one_minus_cos * (u_dot_x * a[i] + a_dot_u * x[i]);
    const T u_bar_dot_u = dot(u_bar, u);
    for (int i = 0; i < 3; ++i) {
      w_bar[i] = (u_bar[i] - u_bar_dot_u * u[i]) * theta_inverse + theta_bar * u[i];
      x_bar[i] = cos_theta * a[i] + sin_theta * a_cross_u[i] + one_minus_cos * a_dot_u * u[i];
    }
  }
};

// R(w) x ≈ x + w × x, for θ² ≤ ε.
template <class T>
struct first_order_rotation {
  T w[3], rotated[3];

  first_order_rotation(const T* w_, const T* x) {
    const std::array<T, 3> c = cross(w_, x);
    for (int i = 0; i < 3; ++i) {
      w[i] = w_[i];
      rotated[i] = x[i] + c[i];
    }
  }

  // a·(w × x) = w·(x × a) = x·(a × w).
  void adjoint(const T* a, const T* x, T* w_bar, T* x_bar) const {
    const std::array<T, 3> x_cross_a = cross(x, a), a_cross_w = cross(a, w);
    for (int i = 0; i < 3; ++i) {
      w_bar[i] = x_cross_a[i];
      x_bar[i] = a[i] + a_cross_w[i];
    }
  }
};

// Per lane, Rodrigues' formula where θ² > ε and the first-order expansion elsewhere: both are computed, then
// selected, forward and reverse.
template <class T>
struct per_lane_rotation {
  decltype(T{} > T{}) rodrigues_lanes;
  rodrigues_rotation<T> large;
  first_order_rotation<T> small;
  T rotated[3];

  per_lane_rotation(const T* w, const T* x, const T& theta2)
      : rodrigues_lanes(theta2 > T(std::numeric_limits<double>::epsilon())), large(w, x, theta2), small(w, x) {
    for (int i = 0; i < 3; ++i) rotated[i] = xsimd::select(rodrigues_lanes, large.rotated[i], small.rotated[i]);
  }

  void adjoint(const T* a, const T* x, T* w_bar, T* x_bar) const {
    T large_w[3], large_x[3], small_w[3], small_x[3];
    large.adjoint(a, x, large_w, large_x);
    small.adjoint(a, x, small_w, small_x);
    for (int i = 0; i < 3; ++i) {
      w_bar[i] = xsimd::select(rodrigues_lanes, large_w[i], small_w[i]);
      x_bar[i] = xsimd::select(rodrigues_lanes, large_x[i], small_x[i]);
    }
  }
};

// The projection after the rotation, and the whole Jacobian (row-major 2 × 12).
template <class T, class Rotation>
void reprojection_jacobian(const T* camera, const T* point, const T* observed, const Rotation& rotation, T* residuals,
                           T* jacobian) {
  const T f = camera[6], k1 = camera[7], k2 = camera[8];
  const T z_inverse = 1.0 / (rotation.rotated[2] + camera[5]);
  const T xp = -(rotation.rotated[0] + camera[3]) * z_inverse;
  const T yp = -(rotation.rotated[1] + camera[4]) * z_inverse;
  const T r2 = xp * xp + yp * yp;
  const T distortion = 1.0 + r2 * (k1 + k2 * r2);
  const T fd = f * distortion;
  residuals[0] = fd * xp - observed[0];
  residuals[1] = fd * yp - observed[1];
  // ∂(residuals)/∂(x', y') = f d I + 2 f (k1 + 2 k2 r²) (x', y')ᵀ (x', y')
  const T g = 2.0 * f * (k1 + 2.0 * k2 * r2);
  const T off_diagonal = g * xp * yp;
  const T by_xy[2][2] = {{fd + g * xp * xp, off_diagonal}, {off_diagonal, fd + g * yp * yp}};
  const T projected[2] = {xp, yp};
  for (std::size_t i = 0; i < 2; ++i) {
    T* row = jacobian + i * ba_parameters;
    // ∂r_i/∂p, p = R x + t, through x' = −p.x / p.z and y' = −p.y / p.z
    const T a[3] = {-by_xy[i][0] * z_inverse, -by_xy[i][1] * z_inverse,
                    -(by_xy[i][0] * xp + by_xy[i][1] * yp) * z_inverse};
    rotation.adjoint(a, point, row, row + ba_camera_size);  // w: columns 0–2; the point: 9–11
    for (int j = 0; j < 3; ++j) row[3 + j] = a[j];           // t
    row[6] = distortion * projected[i];                      // f
    row[7] = f * r2 * projected[i];                          // k1
    row[8] = f * r2 * r2 * projected[i];                     // k2
  }
}

// ---------------------------------------------------------------------------------------------------------
// rosenbrock_<N>, with a_i = x_{2i+1} − x_{2i}²: ∂/∂x_{2i} = −400 x_{2i} a_i − 2 (1 − x_{2i}), ∂/∂x_{2i+1} = 200 a_i.
// ---------------------------------------------------------------------------------------------------------
template <std::size_t N>
double rosenbrock_gradient(const double* x, double* gradient) {
  double f = 0;
  for (std::size_t i = 0; i < N; i += 2) {
    const double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    gradient[i] = -400 * x[i] * a - 2 * b;
    gradient[i + 1] = 200 * a;
  }
  return f;
}

}  // namespace

void ba_reprojection_hand(const double* camera, const double* point, const double* observed, double* residuals,
                          double* jacobian) {
  const double theta2 = dot(camera, camera);
  if (theta2 > std::numeric_limits<double>::epsilon())
    reprojection_jacobian(camera, point, observed, rodrigues_rotation<double>(camera, point, theta2), residuals, jacobian);
  else
    reprojection_jacobian(camera, point, observed, first_order_rotation<double>(camera, point), residuals, jacobian);
}

void ba_reprojection_x8_hand(const double* cameras, const double* points, const double* observed, double* residuals,
                             double* jacobians) {
  using batch = xsimd::batch<double>;
  static_assert(8 % batch::size == 0, "ba_reprojection_x8_hand: the batch width must divide 8");
  for (std::size_t first = 0; first < 8; first += batch::size) {
    const auto camera = to_lanes<batch, ba_camera_size>(cameras, first);
    const auto point = to_lanes<batch, ba_point_size>(points, first);
    const auto uv = to_lanes<batch, ba_residuals>(observed, first);
    const per_lane_rotation<batch> rotation(camera.data(), point.data(), dot(camera.data(), camera.data()));
    batch residual[ba_residuals], jacobian[ba_residuals * ba_parameters];
    reprojection_jacobian(camera.data(), point.data(), uv.data(), rotation, residual, jacobian);
    from_lanes<ba_residuals>(residual, residuals, first);
    from_lanes<ba_residuals * ba_parameters>(jacobian, jacobians, first);
  }
}

double rosenbrock_16_hand(const double* x, double* gradient) { return rosenbrock_gradient<16>(x, gradient); }
double rosenbrock_256_hand(const double* x, double* gradient) { return rosenbrock_gradient<256>(x, gradient); }

// β_k = α_k + Σ_d q_kd − ½ Σ_d (s_kd e_kd)², e_kd = x_d − μ_kd; with w = softmax(β) and π = softmax(α):
//   ∂ℓ/∂α_k = w_k − π_k,  ∂ℓ/∂μ_kd = w_k s_kd² e_kd,  ∂ℓ/∂q_kd = w_k (1 − (s_kd e_kd)²).
double gmm_k5_d10_hand(const double* parameters, const double* x, double* gradient) {
  const double* mu = parameters + gmm_mu;
  const double* alpha = parameters + gmm_alpha;
  const double* q = parameters + gmm_q;
  std::array<double, gmm_k * gmm_d> s, e;
  std::array<double, gmm_k> beta;
  for (std::size_t k = 0; k < gmm_k; ++k) {
    double sum_q = 0, squares = 0;
    for (std::size_t d = 0; d < gmm_d; ++d) {
      const std::size_t i = k * gmm_d + d;
      s[i] = std::exp(q[i]);
      e[i] = x[d] - mu[i];
      sum_q += q[i];
      squares += s[i] * e[i] * s[i] * e[i];
    }
    beta[k] = alpha[k] + sum_q - 0.5 * squares;
  }
  const double lse_beta = logsumexp<gmm_k>(beta.data()), lse_alpha = logsumexp<gmm_k>(alpha);
  for (std::size_t k = 0; k < gmm_k; ++k) {
    const double w = std::exp(beta[k] - lse_beta);
    gradient[gmm_alpha + k] = w - std::exp(alpha[k] - lse_alpha);
    for (std::size_t d = 0; d < gmm_d; ++d) {
      const std::size_t i = k * gmm_d + d;
      const double se = s[i] * e[i];
      gradient[gmm_mu + i] = w * s[i] * se;
      gradient[gmm_q + i] = w * (1 - se * se);
    }
  }
  return lse_beta - lse_alpha - static_cast<double>(gmm_d) * half_log_two_pi;
}

// With φ the standard normal density: delta = N(d1), gamma = φ(d1) / (S σ √T), vega = S φ(d1) √T,
// theta = −S φ(d1) σ / (2 √T) − r K e^{−rT} N(d2), rho = T K e^{−rT} N(d2).
greeks black_scholes_greeks_hand(const option_contract& option) {
  const auto [spot, strike, maturity, rate, volatility] = option;
  const double sqrt_t = std::sqrt(maturity), vol_sqrt_t = volatility * sqrt_t;
  const double d1 = (std::log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / vol_sqrt_t;
  const double d2 = d1 - vol_sqrt_t;
  const double discounted_strike = strike * std::exp(-rate * maturity);
  const double n1 = normal_cdf(d1), n2 = normal_cdf(d2);
  const double density = std::exp(-0.5 * d1 * d1) * (std::numbers::inv_sqrtpi / std::numbers::sqrt2);
  return {.price = spot * n1 - discounted_strike * n2,
          .delta = n1,
          .gamma = density / (spot * vol_sqrt_t),
          .vega = spot * density * sqrt_t,
          .theta = -spot * density * volatility / (2 * sqrt_t) - rate * discounted_strike * n2,
          .rho = maturity * discounted_strike * n2};
}

}  // namespace functions
