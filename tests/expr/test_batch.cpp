// One sweep over xsimd batches equals a scalar loop over the same points (batch<double>, batch<float>): an
// expression of every op, powers at 0 (std::pow's special cases in every lane), select taking both branches.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>
#include <xsimd/xsimd.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;

// Every op, with numbers on both sides; defined for x in [-2, 2], y in [0.5, 2].
auto const f = math::tanh(x * y) + pow<3>(x) / (y * y + 1) - math::exp(math::sigmoid(x)) * math::log(y) +
               math::sqrt(y) * math::relu(x) + math::abs(x - 0.3) / y + pow(y, 0.5) * pow(y, x) - 2.0 * -x;

template <class T>
void check_batch(double tol) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t lanes = batch::size;
  alignas(64) std::array<T, lanes> xs{};
  alignas(64) std::array<T, lanes> ys{};
  for (std::size_t i = 0; i != lanes; ++i) {
    xs[i] = static_cast<T>(-1.9 + 3.7 * static_cast<double>(i) / lanes);
    ys[i] = static_cast<T>(0.6 + 1.3 * static_cast<double>(i) / lanes);
  }
  auto const r = grad(f, at<"x">(batch::load_aligned(xs.data())), at<"y">(batch::load_aligned(ys.data())));
  alignas(64) std::array<T, lanes> value{};
  alignas(64) std::array<T, lanes> dx{};
  alignas(64) std::array<T, lanes> dy{};
  r.value.store_aligned(value.data());
  r[x].store_aligned(dx.data());
  r[y].store_aligned(dy.data());
  for (std::size_t i = 0; i != lanes; ++i) {
    INFO("lane " << i << " of " << lanes << ": x = " << xs[i] << ", y = " << ys[i]);
    auto const s = grad(f, xs[i], ys[i]);  // the same points, one at a time, in T
    CHECK(close(value[i], s.value, tol));
    CHECK(close(dx[i], s[x], tol));
    CHECK(close(dy[i], s[y], tol));
  }
  // A plain number next to a batch is broadcast; the value-only path works too.
  auto const v = eval(x * y, batch::load_aligned(xs.data()), T(2));
  alignas(64) std::array<T, lanes> vs{};
  v.store_aligned(vs.data());
  for (std::size_t i = 0; i != lanes; ++i) CHECK(vs[i] == xs[i] * T(2));
}
}  // namespace

TEST_CASE("batch<double>: equals the scalar loop (xsimd vs std math: 1e-12 relative)", "[expr][batch]") {
  check_batch<double>(1e-12);
}

TEST_CASE("batch<float>: equals the scalar loop (xsimd vs std math: 1e-5 relative)", "[expr][batch]") {
  check_batch<float>(1e-5);
}

namespace {
/// Lane points in x's domain [-1.9, 1.8], alternating sides of 0.2 (where the selects below switch) lane by lane.
template <class T>
T x_lane(std::size_t i) {
  return static_cast<T>(i % 2 == 0 ? -1.9 + 0.23 * static_cast<double>(i) : 0.3 + 0.09 * static_cast<double>(i));
}
/// y in [0.6, 1.9].
template <class T>
T y_lane(std::size_t i) {
  return static_cast<T>(0.6 + 0.08 * static_cast<double>(i));
}

// Every op of ctgrad::math, each in its domain for x in [-1.9, 1.8] and y in [0.6, 1.9] (inverse functions of
// tanh, or of x scaled into (-1, 1)); numbers on both sides; selects on each comparison, whose lanes differ.
auto const every_op =
    math::sin(x) * math::cos(y) + math::tan(x / 2) - math::asin(x / 3) + math::acos(math::tanh(y)) +
    math::atan(x) * math::atan2(x, y) + math::sinh(x / 2) * math::cosh(y / 2) + math::asinh(x) - math::acosh(y + 1) +
    math::atanh(x / 2.5) + math::exp2(x) - math::expm1(y / 2) + math::exp(-x * y) + math::log(y) * math::log2(y) +
    math::log10(y + 1) + math::log1p(x * x) + math::sqrt(y) * math::cbrt(x) + math::hypot(x, y) +
    math::erf(x) * math::erfc(y) + math::abs(x - 0.3) + math::sign(x) * y + math::step(x) * y * y + math::relu(x) +
    math::sigmoid(x * y) + math::tanh(x - y) + math::min(x, y) * math::max(x, -y) + math::clamp(x, -1.0, 1.0) * y +
    math::square(x) - pow<3>(y) / (1 + x * x) + pow(y, x) + pow(y, 0.5) + math::detach(x) * y +
    math::select(x < 0.2, math::sin(x), y * y) + math::select(x <= 0.2, x, -x) * math::select(x > 0.2, y, 2.0 * y) +
    math::select(x >= 0.2, x * y, y) + math::select(x == y, x, y) * math::select(x != 0.3, x, y) - 2.0 * -x;

template <class T>
void check_every_op(double tol) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t lanes = batch::size;
  alignas(64) std::array<T, lanes> xs{};
  alignas(64) std::array<T, lanes> ys{};
  std::size_t below = 0;
  for (std::size_t i = 0; i != lanes; ++i) {
    xs[i] = x_lane<T>(i);
    ys[i] = y_lane<T>(i);
    below += xs[i] < T(0.2) ? 1 : 0;
  }
  REQUIRE(below > 0);  // the selects take each branch in some lane
  REQUIRE(below < lanes);
  auto const r = grad(every_op, batch::load_aligned(xs.data()), batch::load_aligned(ys.data()));
  alignas(64) std::array<T, lanes> value{};
  alignas(64) std::array<T, lanes> dx{};
  alignas(64) std::array<T, lanes> dy{};
  r.value.store_aligned(value.data());
  r[x].store_aligned(dx.data());
  r[y].store_aligned(dy.data());
  for (std::size_t i = 0; i != lanes; ++i) {
    INFO("lane " << i << " of " << lanes << ": x = " << xs[i] << ", y = " << ys[i]);
    auto const s = grad(every_op, xs[i], ys[i]);  // the same point alone, in T
    REQUIRE(std::isfinite(s.value));
    CHECK(close(value[i], s.value, tol));
    CHECK(close(dx[i], s[x], tol));
    CHECK(close(dy[i], s[y], tol));
  }
}

/// `a` and `b` are the same number: equal, or both NaN.
template <class T>
bool same(T a, T b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

/// pow(x, p) of batches at (x, p) points given in chunks of the batch's width: the value equals std::pow lane
/// by lane (exactly where x is 0 or p is 0: xsimd 8.1's pow gives 0 there whatever p), and the gradient the
/// scalar sweep's, infinities and NaN (0 * inf in d/dx of 0**0) included.
template <class T>
void check_pow_lanes(std::vector<std::array<T, 2>> const& at) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t lanes = batch::size;
  auto const f = pow(x, y);
  REQUIRE(at.size() % lanes == 0);
  for (std::size_t first = 0; first != at.size(); first += lanes) {
    alignas(64) std::array<T, lanes> xs{};
    alignas(64) std::array<T, lanes> ps{};
    for (std::size_t i = 0; i != lanes; ++i) {
      xs[i] = at[first + i][0];
      ps[i] = at[first + i][1];
    }
    auto const r = grad(f, batch::load_aligned(xs.data()), batch::load_aligned(ps.data()));
    alignas(64) std::array<T, lanes> value{};
    alignas(64) std::array<T, lanes> dx{};
    alignas(64) std::array<T, lanes> dp{};
    r.value.store_aligned(value.data());
    r[x].store_aligned(dx.data());
    r[y].store_aligned(dp.data());
    for (std::size_t i = 0; i != lanes; ++i) {
      INFO("pow(" << xs[i] << ", " << ps[i] << ") in lane " << i << " of " << lanes);
      T const expected = std::pow(xs[i], ps[i]);
      if (xs[i] == T(0) || ps[i] == T(0)) {
        CHECK(value[i] == expected);
        CHECK(std::signbit(value[i]) == std::signbit(expected));
      } else {
        CHECK(close(value[i], expected, 8 * std::numeric_limits<T>::epsilon()));
      }
      auto const s = grad(f, xs[i], ps[i]);
      CHECK(s.value == expected);
      if (xs[i] == T(0) || ps[i] == T(0)) {
        CHECK(same(dx[i], s[x]));
        CHECK(same(dp[i], s[y]));
      } else {
        CHECK(close(dx[i], s[x], 8 * std::numeric_limits<T>::epsilon()));
        CHECK(close(dp[i], s[y], 8 * std::numeric_limits<T>::epsilon()));
      }
    }
  }
}

template <class T>
std::vector<std::array<T, 2>> pow_points() {
  // x = 0 with p in {0, 1, 2, 0.5}; then the same p at other x, and 0**-1 = inf; 16 points, a multiple of any width
  return {{0, 0},   {0, 1},    {0, 2},   {0, 0.5},  {1.5, 0}, {1.5, 1},   {0.3, 2},   {2, 0.5},
          {0, 3},   {0, -1},   {1, 2.5}, {1, 0},    {0.7, 1.5}, {0, 0.25}, {2.5, -0.5}, {0, 1.75}};
}

/// select per lane: the adjoint of each lane goes into the branch that lane takes, none into the condition.
template <class T>
void check_select_lanes(double tol) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t lanes = batch::size;
  auto const f = math::select(x < 0.2, x * x * y, math::sin(y) * x);
  alignas(64) std::array<T, lanes> xs{};
  alignas(64) std::array<T, lanes> ys{};
  for (std::size_t i = 0; i != lanes; ++i) {
    xs[i] = x_lane<T>(i);
    ys[i] = y_lane<T>(i);
  }
  auto const r = grad(f, batch::load_aligned(xs.data()), batch::load_aligned(ys.data()));
  alignas(64) std::array<T, lanes> dx{};
  alignas(64) std::array<T, lanes> dy{};
  r[x].store_aligned(dx.data());
  r[y].store_aligned(dy.data());
  std::size_t first_branch = 0;
  for (std::size_t i = 0; i != lanes; ++i) {
    INFO("lane " << i << ": x = " << xs[i] << ", y = " << ys[i]);
    bool const first = xs[i] < T(0.2);
    first_branch += first ? 1 : 0;
    auto const s = grad(f, xs[i], ys[i]);
    CHECK(close(dx[i], s[x], tol));
    CHECK(close(dy[i], s[y], tol));
    CHECK(close(dx[i], first ? T(2) * xs[i] * ys[i] : std::sin(ys[i]), tol));
    CHECK(close(dy[i], first ? xs[i] * xs[i] : std::cos(ys[i]) * xs[i], tol));
  }
  CHECK(first_branch > 0);
  CHECK(first_branch < lanes);
}
}  // namespace

TEST_CASE("batch: an expression of every op equals the scalar sweep lane by lane", "[expr][batch][math]") {
  check_every_op<double>(1e-12);
  check_every_op<float>(1e-5);
}

TEST_CASE("batch: pow at x = 0 equals std::pow lane by lane (p = 0, 1, 2, 0.5, ...)", "[expr][batch][math]") {
  check_pow_lanes<double>(pow_points<double>());
  check_pow_lanes<float>(pow_points<float>());
}

// At x = -0 only an odd integer exponent keeps the sign (std::pow: pow(-0, -0.5) is +inf, pow(-0, -1) is -inf),
// in the value and in its derivative in x.
TEST_CASE("batch: pow at x = -0 with a non-integer exponent equals std::pow", "[expr][batch][math]") {
  check_pow_lanes<double>({{-0.0, -0.5}, {-0.0, 0.5}, {-0.0, -1.5}, {-0.0, 3.0}, {-0.0, -1.0}, {-0.0, 2.0}, {-0.0, 0.25}, {-0.0, -2.5}});
}

TEST_CASE("batch: select takes a branch per lane, its adjoint only into that branch", "[expr][batch][math][select]") {
  check_select_lanes<double>(1e-12);
  check_select_lanes<float>(1e-5);
}
