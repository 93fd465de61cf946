// examples/bundle_adjustment.hpp: the BAL (Snavely) reprojection residual of bundle adjustment, written once for the
// static graph, the tape, numbers and xsimd batches, and its residual vector as one static expression.
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

#include <ctgrad/expr.hpp>

namespace example {

/// Parameters of a BAL camera: angle-axis rotation w (3), translation t (3), focal length f, radial distortion k1, k2.
inline constexpr std::size_t camera_size = 9;
inline constexpr std::size_t point_size = 3;

/// R(w) x, the rotation of the point x by the angle-axis vector w = camera[0..2] (|w| radians about w / |w|), as
/// Ceres' AngleAxisRotatePoint: Rodrigues' formula where theta^2 = |w|^2 > machine epsilon, else its first-order
/// expansion x + w x x. Both branches are computed and `select` takes one per point (per SIMD lane), so the branch
/// not taken must stay finite: theta is the root of theta^2 only where it is taken (1 elsewhere, not 0, whose 1/theta
/// would put NaN into the gradient). Returns the three coordinates as a tuple.
template <class Camera, class Point>
[[nodiscard]] constexpr auto angle_axis_rotate(Camera const& camera, Point const& x) {
  using namespace ctgrad::expr::literals;  // 0_i is ctgrad::idx<0>
  using ctgrad::lit, ctgrad::math::cos, ctgrad::math::select, ctgrad::math::sin, ctgrad::math::sqrt,
      ctgrad::math::square;
  auto const& w0 = camera[0_i];
  auto const& w1 = camera[1_i];
  auto const& w2 = camera[2_i];
  auto const& x0 = x[0_i];
  auto const& x1 = x[1_i];
  auto const& x2 = x[2_i];
  auto const theta2 = square(w0) + square(w1) + square(w2);
  auto const rodrigues = theta2 > lit<1, 4503599627370496>;  // 2^-52, double's epsilon
  auto const theta = sqrt(select(rodrigues, theta2, lit<1>));
  auto const cos_theta = cos(theta);
  auto const sin_theta = sin(theta);
  auto const theta_inverse = lit<1> / theta;
  auto const u0 = w0 * theta_inverse;
  auto const u1 = w1 * theta_inverse;
  auto const u2 = w2 * theta_inverse;
  auto const tmp = (u0 * x0 + u1 * x1 + u2 * x2) * (lit<1> - cos_theta);
  return std::tuple{
      select(rodrigues, x0 * cos_theta + (u1 * x2 - u2 * x1) * sin_theta + u0 * tmp, x0 + (w1 * x2 - w2 * x1)),
      select(rodrigues, x1 * cos_theta + (u2 * x0 - u0 * x2) * sin_theta + u1 * tmp, x1 + (w2 * x0 - w0 * x2)),
      select(rodrigues, x2 * cos_theta + (u0 * x1 - u1 * x0) * sin_theta + u2 * tmp, x2 + (w0 * x1 - w1 * x0))};
}

/// The reprojection residuals of the observation `observed` (pixels) of `point` by `camera`, Ceres'
/// SnavelyReprojectionError:
///   p = R(w) X + t,  x' = -p.x / p.z,  y' = -p.y / p.z,  r^2 = x'^2 + y'^2,  d = 1 + r^2 (k1 + k2 r^2),
///   residuals = (f d x' - u, f d y' - v)   (the camera looks down -z).
/// `camera[idx<i>]`, `point[idx<i>]`, `observed[idx<i>]` name the elements: vector variables and vector data (an
/// expression results), or arrays of tape values, numbers or xsimd batches. Returns the pair of residuals.
template <class Camera, class Point, class Observed>
[[nodiscard]] constexpr auto reprojection(Camera const& camera, Point const& point, Observed const& observed) {
  using namespace ctgrad::expr::literals;
  using ctgrad::lit, ctgrad::math::square;
  auto const [r0, r1, r2] = angle_axis_rotate(camera, point);
  auto const px = r0 + camera[3_i];
  auto const py = r1 + camera[4_i];
  auto const pz = r2 + camera[5_i];
  auto const xp = -px / pz;
  auto const yp = -py / pz;
  auto const radius2 = square(xp) + square(yp);
  auto const distortion = lit<1> + radius2 * (camera[7_i] + camera[8_i] * radius2);
  auto const& focal = camera[6_i];
  return std::pair{focal * distortion * xp - observed[0_i], focal * distortion * yp - observed[1_i]};
}

/// The two residuals of one observation as one static expression of the vector variables `camera` (9) and `point`
/// (3) and the vector data `observed` (2): `jacobian` gives both residuals and the 2 x 12 Jacobian, columns camera
/// then point (the order of `variables_of`: labels sorted).
///
///     auto J = ctgrad::jacobian(example::reprojection_residuals, ctgrad::at<"camera">(camera),
///                               ctgrad::at<"point">(point), ctgrad::at<"observed">(uv));   // J.value, J(i, j)
inline constexpr auto reprojection_residuals = [] {
  auto const [u, v] = reprojection(ctgrad::var<"camera", camera_size>, ctgrad::var<"point", point_size>,
                                   ctgrad::data<"observed", 2>);
  return ctgrad::outputs(u, v);
}();

}  // namespace example
