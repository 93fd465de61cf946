// bundle_adjustment: a synthetic bundle-adjustment problem (5 BAL cameras, 100 points, 1 px Gaussian noise) solved
// by Levenberg-Marquardt, each observation's 2 x 12 Jacobian from `jacobian` on the static graph
// (bundle_adjustment.hpp); the same definition gives the trial steps their residuals on plain numbers and, once,
// the Jacobian on the tape. Prints the RMS reprojection error per iteration; it falls to the noise level.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <numbers>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include <ctgrad/expr.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/tape.hpp>

#include "bundle_adjustment.hpp"

namespace {

using example::camera_size;
using example::point_size;

constexpr std::size_t camera_count = 5;
constexpr std::size_t point_count = 100;
constexpr std::size_t parameter_count = camera_count * camera_size + point_count * point_size;
constexpr double sigma = 1.0;  // pixel noise of the observations
constexpr std::size_t jacobian_columns = camera_size + point_size;

struct observation {
  std::size_t camera, point;
  std::array<double, 2> observed;
};

/// The parameters: cameras (9 each), then points (3 each).
struct scene {
  std::vector<double> parameters = std::vector<double>(parameter_count);

  [[nodiscard]] std::span<const double, camera_size> camera(std::size_t i) const {
    return std::span<const double, camera_size>{parameters.data() + i * camera_size, camera_size};
  }
  [[nodiscard]] std::span<const double, point_size> point(std::size_t j) const {
    return std::span<const double, point_size>{parameters.data() + camera_count * camera_size + j * point_size,
                                               point_size};
  }
};

std::size_t camera_index(std::size_t camera, std::size_t k) { return camera * camera_size + k; }
std::size_t point_index(std::size_t point, std::size_t k) {
  return camera_count * camera_size + point * point_size + k;
}

double normal(ctgrad::generator& gen) {  // Box-Muller: the same numbers with every compiler
  const double u = 1 - gen.uniform(), v = gen.uniform();
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
}

/// The residuals of one observation on plain numbers, by the same definition as the static graph's.
std::pair<double, double> residuals(const scene& s, const observation& o) {
  return example::reprojection(s.camera(o.camera), s.point(o.point), o.observed);
}

double sum_of_squares(const scene& s, const std::vector<observation>& observations) {
  double sum = 0;
  for (const observation& o : observations) {
    const auto [u, v] = residuals(s, o);
    sum += u * u + v * v;
  }
  return sum;
}

double rms(double sum_of_squares, std::size_t observations) {
  return std::sqrt(sum_of_squares / (2.0 * static_cast<double>(observations)));
}

/// Ground truth, observations (projections plus noise) and a noisy start. Camera 0 is the reference: w = 0 (the
/// rotation's small-angle branch), looking down -z at the points from 10 units; the others turned about y by up to
/// 0.3 rad. Every point is seen by all five cameras or, for about half of them, by four.
void make_problem(scene& truth, scene& start, std::vector<observation>& observations) {
  ctgrad::generator gen{20261127};
  constexpr std::array<double, camera_count> yaw{0.0, -0.3, -0.15, 0.15, 0.3};
  for (std::size_t i = 0; i < camera_count; ++i) {
    const std::array<double, 3> w{i == 0 ? 0.0 : 0.05 * normal(gen), yaw[i], i == 0 ? 0.0 : 0.05 * normal(gen)};
    // centre c = R^T (0, 0, 10) + offset, so that the origin is about 10 units in front; t = -R c.
    std::array<double, 3> centre{};
    std::tie(centre[0], centre[1], centre[2]) =
        example::angle_axis_rotate(std::array{-w[0], -w[1], -w[2]}, std::array{0.0, 0.0, 10.0});
    if (i != 0) {
      for (double& c : centre) c += 0.3 * normal(gen);
    }
    const auto [rc0, rc1, rc2] = example::angle_axis_rotate(w, centre);
    const std::array<double, camera_size> camera{w[0], w[1], w[2], -rc0, -rc1, -rc2, 500 + 20 * normal(gen),
                                                 -0.1 + 0.02 * normal(gen), 0.01 + 0.002 * normal(gen)};
    std::copy(camera.begin(), camera.end(), truth.parameters.begin() + static_cast<std::ptrdiff_t>(camera_index(i, 0)));
  }
  for (std::size_t j = 0; j < point_count; ++j) {
    for (std::size_t k = 0; k < point_size; ++k) truth.parameters[point_index(j, k)] = gen.uniform(-2.0, 2.0);
  }
  for (std::size_t j = 0; j < point_count; ++j) {
    const std::size_t unseen_by =
        gen.uniform() < 0.5 ? 1 + gen.below(camera_count - 1) : camera_count;  // never camera 0
    for (std::size_t i = 0; i < camera_count; ++i) {
      if (i == unseen_by) continue;
      observation o{i, j, {0.0, 0.0}};
      const auto [u, v] = residuals(truth, o);  // the projection, as the residual of an observation at (0, 0)
      o.observed = {u + sigma * normal(gen), v + sigma * normal(gen)};
      observations.push_back(o);
    }
  }
  start = truth;
  for (std::size_t i = 1; i < camera_count; ++i) {  // camera 0, the reference, starts (and stays) at the truth
    constexpr std::array<double, camera_size> spread{0.05, 0.05, 0.05, 0.5, 0.5, 0.5, 25, 0.02, 0.002};
    for (std::size_t k = 0; k < camera_size; ++k) start.parameters[camera_index(i, k)] += spread[k] * normal(gen);
  }
  for (std::size_t j = 0; j < point_count; ++j) {
    for (std::size_t k = 0; k < point_size; ++k) start.parameters[point_index(j, k)] += 0.5 * normal(gen);
  }
}

/// Solves a x = b in place (b becomes x) for the symmetric positive definite a (n x n, row-major, overwritten by its
/// Cholesky factor); false when a is not positive definite.
bool cholesky_solve(std::vector<double>& a, std::vector<double>& b, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
    double* row_j = a.data() + j * n;
    double d = row_j[j];
    for (std::size_t k = 0; k < j; ++k) d -= row_j[k] * row_j[k];
    if (!(d > 0)) return false;
    row_j[j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double* row_i = a.data() + i * n;
      double s = row_i[j];
      for (std::size_t k = 0; k < j; ++k) s -= row_i[k] * row_j[k];
      row_i[j] = s / row_j[j];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < i; ++k) b[i] -= a[i * n + k] * b[k];
    b[i] /= a[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t k = i + 1; k < n; ++k) b[i] -= a[k * n + i] * b[k];
    b[i] /= a[i * n + i];
  }
  return true;
}

/// The largest difference between the static graph's Jacobian of one observation and the tape's, from the same
/// definition (one reverse sweep per residual on the tape).
double tape_difference(const scene& s, const observation& o) {
  const auto jacobian = ctgrad::jacobian(example::reprojection_residuals, ctgrad::at<"camera">(s.camera(o.camera)),
                                         ctgrad::at<"point">(s.point(o.point)), ctgrad::at<"observed">(o.observed));
  ctgrad::tape::graph g;
  std::array<ctgrad::tape::value, camera_size> camera{};
  std::array<ctgrad::tape::value, point_size> point{};
  for (std::size_t k = 0; k < camera_size; ++k) camera[k] = g.leaf(s.camera(o.camera)[k]);
  for (std::size_t k = 0; k < point_size; ++k) point[k] = g.leaf(s.point(o.point)[k]);
  const auto [u, v] = example::reprojection(camera, point, o.observed);
  double difference = 0;
  for (std::size_t r = 0; r < 2; ++r) {
    g.zero_grad();
    const ctgrad::tape::value residual = r == 0 ? u : v;
    residual.backward();
    difference = std::max(difference, std::abs(residual.data() - jacobian.value[r]));
    for (std::size_t k = 0; k < camera_size; ++k)
      difference = std::max(difference, std::abs(camera[k].grad() - jacobian(r, k)));
    for (std::size_t k = 0; k < point_size; ++k)
      difference = std::max(difference, std::abs(point[k].grad() - jacobian(r, camera_size + k)));
  }
  return difference;
}

}  // namespace

int main() {
  scene truth, s;
  std::vector<observation> observations;
  make_problem(truth, s, observations);

  // The gauge (a similarity transform of everything changes no residual): camera 0 is held fixed, and the scale
  // by point 0's z. The other parameters are free.
  std::vector<std::size_t> free_of(parameter_count, parameter_count);  // parameter -> free index, or parameter_count
  std::size_t n = 0;
  for (std::size_t p = 0; p < parameter_count; ++p) {
    if (p >= camera_index(1, 0) && p != point_index(0, 2)) free_of[p] = n++;
  }
  const std::size_t m = 2 * observations.size();
  std::printf(
      "%zu cameras, %zu points, %zu observations (%zu residuals), %zu free parameters, pixel noise sigma = %g\n",
      camera_count, point_count, observations.size(), m, n, sigma);
  std::printf("RMS reprojection error at the true parameters (the noise): %.4f px; expected at the optimum about "
              "sigma sqrt((m - n) / m) = %.4f px\n",
              rms(sum_of_squares(truth, observations), observations.size()),
              sigma * std::sqrt(static_cast<double>(m - n) / static_cast<double>(m)));
  {
    const double difference = tape_difference(s, observations.front());
    std::printf("Jacobian of observation 0 on the tape, from the same definition: largest difference %.3g\n",
                difference);
    if (difference > 1e-9) {
      std::printf("FAILED: the tape and the static graph disagree\n");
      return 1;
    }
  }

  // Levenberg-Marquardt on the normal equations J^T J d = -J^T r, damped by lambda diag(J^T J).
  std::vector<double> h(n * n), g(n), a(n * n), step(n);
  double cost = sum_of_squares(s, observations), lambda = 1e-3;
  std::printf("%4s %16s %10s\n", "iter", "RMS error (px)", "lambda");
  std::printf("%4d %16.6f %10s\n", 0, rms(cost, observations.size()), "");
  int iterations = 0;  // accepted steps
  while (iterations < 50) {
    std::fill(h.begin(), h.end(), 0.0);
    std::fill(g.begin(), g.end(), 0.0);
    for (const observation& o : observations) {
      // residuals and the 2 x 12 Jacobian (camera then point columns): one forward pass, two reverse sweeps
      const auto jacobian = ctgrad::jacobian(example::reprojection_residuals, ctgrad::at<"camera">(s.camera(o.camera)),
                                             ctgrad::at<"point">(s.point(o.point)), ctgrad::at<"observed">(o.observed));
      std::array<std::size_t, jacobian_columns> column{};
      for (std::size_t k = 0; k < camera_size; ++k) column[k] = free_of[camera_index(o.camera, k)];
      for (std::size_t k = 0; k < point_size; ++k) column[camera_size + k] = free_of[point_index(o.point, k)];
      for (std::size_t r = 0; r < 2; ++r) {
        for (std::size_t i = 0; i < jacobian_columns; ++i) {
          if (column[i] == parameter_count) continue;
          g[column[i]] += jacobian(r, i) * jacobian.value[r];
          for (std::size_t j = 0; j < jacobian_columns; ++j) {
            if (column[j] != parameter_count) h[column[i] * n + column[j]] += jacobian(r, i) * jacobian(r, j);
          }
        }
      }
    }
    bool improved = false;
    double trial_cost = cost;
    scene trial = s;
    while (!improved && lambda < 1e10) {
      a = h;
      for (std::size_t i = 0; i < n; ++i) {
        a[i * n + i] += lambda * h[i * n + i];
        step[i] = -g[i];
      }
      if (cholesky_solve(a, step, n)) {
        for (std::size_t p = 0; p < parameter_count; ++p) {
          trial.parameters[p] = s.parameters[p] + (free_of[p] == parameter_count ? 0.0 : step[free_of[p]]);
        }
        trial_cost = sum_of_squares(trial, observations);
        improved = trial_cost < cost;
      }
      if (!improved) lambda *= 10;
    }
    if (!improved) break;
    const double decrease = (cost - trial_cost) / cost;
    s = trial;
    cost = trial_cost;
    lambda = std::max(lambda / 10, 1e-12);
    std::printf("%4d %16.6f %10.1e\n", ++iterations, rms(cost, observations.size()), lambda);
    if (decrease < 1e-10) break;  // converged: the cost no longer falls
  }
  const double final_rms = rms(cost, observations.size());
  if (!(final_rms <= 1.5 * sigma)) {
    std::printf("FAILED: RMS reprojection error %.4f px after %d iterations, above 1.5 sigma = %.2f px\n", final_rms,
                iterations, 1.5 * sigma);
    return 1;
  }
  std::printf("converged: RMS reprojection error %.4f px after %d iterations, at the noise level (sigma = %g px)\n",
              final_rms, iterations, sigma);
  return 0;
}
