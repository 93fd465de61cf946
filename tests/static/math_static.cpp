// static_asserts only: the gradient of an expression of each op of ctgrad::math is constant-evaluable and right:
// within a couple of ulp of its exact value (computed with mpmath at 200 bits, rounded to double), or exact where
// the rule is (building = testing).
#include <bit>
#include <cstdint>
#include <limits>

#include <ctgrad/expr.hpp>

namespace {
using namespace ctgrad;

constexpr auto x = var<"x">;
constexpr auto y = var<"y">;
constexpr auto z = var<"z">;

/// `a` and `b` are at most `ulps` doubles apart (equal infinities included; NaN is near nothing).
constexpr bool near(double a, double b, std::int64_t ulps) {
  if (a == b) return true;
  if (a != a || b != b || a - a != 0 || b - b != 0) return false;
  // the bits of a double, ordered as the numbers are (negative ones mirrored below the positive)
  auto const ordered = [](double v) {
    auto const bits = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(v));
    return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
  };
  std::int64_t const d = ordered(a) - ordered(b);
  return d <= ulps && -d <= ulps;
}
static_assert(near(1.0, 1.0 + 0x1p-52, 1) && !near(1.0, 1.0 + 0x1p-51, 1) && near(-0.0, 0.0, 0) && near(0x1p-1074, -0x1p-1074, 2),
              "near counts ulps across 0");

// The example: ADL finds sin and exp on expressions.
constexpr auto r = grad(sin(x) * exp(y), at<"x">(0.5), at<"y">(1.0));
static_assert(near(r.value, 0x1.4d9f6a3cb42e3p+0, 2), "sin(0.5) e");
static_assert(near(r[x], 0x1.31589cbbc3e17p+1, 2), "d/dx sin(x) exp(y) = cos(0.5) e");
static_assert(near(r[y], 0x1.4d9f6a3cb42e3p+0, 2), "d/dy sin(x) exp(y) = sin(0.5) e");

// Trigonometric functions and their inverses.
static_assert(near(grad(math::cos(x), 0.5)[x], -0x1.eaee8744b05f0p-2, 2), "d cos(x) = -sin(x) at 0.5");
static_assert(near(grad(math::tan(x), 0.5)[x], 0x1.4c66fbe45147ep+0, 2), "d tan(x) = 1 + tan(x)**2 at 0.5");
static_assert(near(grad(math::asin(x), 0.5)[x], 0x1.279a74590331cp+0, 2), "d asin(x) = 1 / sqrt(1 - x**2) at 0.5");
static_assert(near(grad(math::acos(x), 0.3)[x], -0x1.0c5c65229d03cp+0, 2), "d acos(x) = -1 / sqrt(1 - x**2) at 0.3");
static_assert(near(grad(math::atan(x), 2.0)[x], 0x1.999999999999ap-3, 2), "d atan(x) = 1 / (1 + x**2) at 2");
constexpr auto r_atan2 = grad(math::atan2(y, x), at<"y">(1.0), at<"x">(-2.0));
static_assert(near(r_atan2.value, 0x1.56c6e7397f5aep+1, 2), "atan2(1, -2)");
static_assert(near(r_atan2[y], -0x1.999999999999ap-2, 2) && near(r_atan2[x], -0x1.999999999999ap-3, 2),
              "atan2's partials x / r**2 and -y / r**2 at (x, y) = (-2, 1)");

// Hyperbolic functions and their inverses.
static_assert(near(grad(math::sinh(x), 0.7)[x], 0x1.4152c1862342fp+0, 2), "d sinh(x) = cosh(x) at 0.7");
static_assert(near(grad(math::cosh(x), 0.7)[x], 0x1.8465153d5bdbdp-1, 2), "d cosh(x) = sinh(x) at 0.7");
static_assert(near(grad(math::tanh(x), 0.7)[x], 0x1.44fc9668e6f7cp-1, 2), "d tanh(x) = 1 - tanh(x)**2 at 0.7");
static_assert(near(grad(math::asinh(x), 1.5)[x], 0x1.1c01aa03be896p-1, 2), "d asinh(x) = 1 / sqrt(x**2 + 1) at 1.5");
static_assert(near(grad(math::acosh(x), 2.5)[x], 0x1.bee9056fb9c39p-2, 2), "d acosh(x) = 1 / sqrt(x**2 - 1) at 2.5");
static_assert(near(grad(math::atanh(x), 0.4)[x], 0x1.30c30c30c30c3p+0, 2), "d atanh(x) = 1 / (1 - x**2) at 0.4");

// Exponentials and logarithms.
static_assert(near(grad(math::exp(x), 0.3)[x], 0x1.599058c8c1a96p+0, 1), "d exp(x) = exp(x) at 0.3");
static_assert(near(grad(math::exp2(x), 0.3)[x], 0x1.b4ec29ab85231p-1, 2), "d exp2(x) = ln 2 exp2(x) at 0.3");
static_assert(near(grad(math::expm1(x), 0.3)[x], 0x1.599058c8c1a96p+0, 2), "d expm1(x) = exp(x) at 0.3");
static_assert(near(grad(math::log(x), 2.5)[x], 0x1.999999999999ap-2, 1), "d log(x) = 1 / x at 2.5");
static_assert(near(grad(math::log2(x), 3.0)[x], 0x1.ec709dc3a03fdp-2, 2), "d log2(x) = 1 / (x ln 2) at 3");
static_assert(near(grad(math::log10(x), 3.0)[x], 0x1.287a7636f435fp-3, 2), "d log10(x) = 1 / (x ln 10) at 3");
static_assert(near(grad(math::log1p(x), 0.2)[x], 0x1.aaaaaaaaaaaabp-1, 2), "d log1p(x) = 1 / (1 + x) at 0.2");
static_assert(near(grad(math::log(x), 2.5).value, 0x1.d5240f0e0e078p-1, 1), "log(2.5)");

// Roots and powers.
static_assert(near(grad(math::sqrt(x), 2.0)[x], 0x1.6a09e667f3bcdp-2, 2), "d sqrt(x) = 1 / (2 sqrt(x)) at 2");
static_assert(near(grad(math::cbrt(x), 3.0)[x], 0x1.48312081037f7p-3, 2), "d cbrt(x) = 1 / (3 cbrt(x)**2) at 3");
static_assert(near(grad(math::cbrt(x), -3.0)[x], 0x1.48312081037f7p-3, 2), "d cbrt(x) at -3 = at 3");
constexpr auto r_hypot = grad(math::hypot(x, y), 1.5, 2.5);
static_assert(near(r_hypot.value, 0x1.752e50db3a3a2p+1, 1), "hypot(1.5, 2.5)");
static_assert(near(r_hypot[x], 0x1.076bfcd6fbeccp-1, 2) && near(r_hypot[y], 0x1.b7095010f9355p-1, 2),
              "hypot's partials x / hypot and y / hypot");
constexpr auto r_pow = grad(math::pow(x, y), 1.7, 2.3);
static_assert(near(r_pow.value, 0x1.b1c0c46dcb4eap+1, 2), "1.7**2.3");
static_assert(near(r_pow[x], 0x1.256bd02c27a62p+2, 3) && near(r_pow[y], 0x1.cc52bc7e0c681p+0, 3),
              "pow's partials y x**(y-1) and x**y log x");
static_assert(near(grad(math::pow<3>(x), 1.1)[x], 0x1.d0a3d70a3d70cp+1, 2), "d x**3 = 3 x**2 at 1.1");
static_assert(near(grad(math::pow<-2>(x), 1.1)[x], -0x1.80ac5565befd6p+0, 3), "d x**-2 = -2 x**-3 at 1.1");
static_assert(grad(math::square(x), -1.5)[x] == -3.0, "d x**2 = 2 x, exactly");
static_assert(grad(math::pow(x, 2.0), 3.0)[x] == 6.0, "d pow(x, 2) = 2 x, exactly");

// erf, erfc, sigmoid.
static_assert(near(grad(math::erf(x), 0.6)[x], 0x1.931192326847ep-1, 2), "d erf(x) = 2 / sqrt(pi) exp(-x**2) at 0.6");
static_assert(near(grad(math::erfc(x), 0.6)[x], -0x1.931192326847ep-1, 2), "d erfc(x) = -2 / sqrt(pi) exp(-x**2) at 0.6");
static_assert(near(grad(math::erfc(x), 0.6).value, 0x1.95a6bfb945612p-2, 2), "erfc(0.6)");
static_assert(near(grad(math::sigmoid(x), 0.8)[x], 0x1.b6164976d0cafp-3, 2), "d sigmoid(x) = s (1 - s) at 0.8");

// The piecewise ops: exact, and their documented values where they have no derivative.
static_assert(grad(math::abs(x), -2.0)[x] == -1.0 && grad(math::abs(x), 0.0)[x] == 0.0, "abs' = sign: -1 at -2, 0 at 0");
static_assert(grad(math::relu(x), 2.0)[x] == 1.0 && grad(math::relu(x), 0.0)[x] == 0.0, "relu' = 1 at 2, 0 at 0");
static_assert(grad(math::sign(x) * y, -3.0, 2.0)[x] == 0.0 && eval(math::sign(x), -3.0) == -1.0, "sign passes no gradient");
static_assert(grad(math::step(x) * y, 3.0, 2.0)[y] == 1.0 && eval(math::step(x), 0.0) == 0.0, "step(0) = 0");
// (The infinite derivatives, sqrt'(0), asin'(+-1), acos'(+-1), come from a division by 0, which constant evaluation
// rejects: tests/expr/test_math.cpp checks them at run time.)
static_assert(grad(math::hypot(x, y), 0.0, 0.0).gradient[0] == 0.0 && grad(math::hypot(x, y), 0.0, 0.0).gradient[1] == 0.0,
              "hypot at the origin: 0");
static_assert(grad(math::atan2(y, x), 0.0, 0.0).gradient[0] == 0.0 && grad(math::atan2(y, x), 0.0, 0.0).gradient[1] == 0.0,
              "atan2 at the origin: 0");
static_assert(grad(math::pow(x, y), 0.0, 2.5)[y] == 0.0 && grad(math::pow(x, y), 0.0, 1.0)[x] == 1.0,
              "pow(x, y) at x = 0: d/dy = 0 for y > 0, d/dx = 1 for y = 1");
static_assert(grad(math::min(x, y), 0.3, 0.7)[x] == 1.0 && grad(math::min(x, y), 0.3, 0.7)[y] == 0.0, "min takes x");
static_assert(grad(math::max(x, y), 0.3, 0.7)[x] == 0.0 && grad(math::max(x, y), 0.3, 0.7)[y] == 1.0, "max takes y");
static_assert(grad(math::min(x, y), 0.5, 0.5)[x] == 1.0 && grad(math::max(x, y), 0.5, 0.5)[x] == 1.0,
              "min and max at a tie: all to the first operand");
constexpr auto r_clamp = grad(math::clamp(x, y, z), 2.0, -1.0, 1.0);
static_assert(r_clamp.value == 1.0 && r_clamp[x] == 0.0 && r_clamp[y] == 0.0 && r_clamp[z] == 1.0, "clamp above: hi's");
static_assert(grad(math::clamp(x, y, z), 0.25, -1.0, 1.0)[x] == 1.0, "clamp inside: x's");

// Comparisons and select: the adjoint only into the branch taken, none into the condition.
static_assert(eval(x < y, 1.0, 2.0) == 1.0 && eval(x <= y, 2.0, 2.0) == 1.0 && eval(x > y, 1.0, 2.0) == 0.0 &&
                  eval(x >= y, 1.0, 2.0) == 0.0 && eval(x == y, 2.0, 2.0) == 1.0 && eval(x != y, 2.0, 2.0) == 0.0,
              "comparisons are 1 where they hold, else 0");
constexpr auto r_select = grad(math::select(x < y, x * x, lit<3> * y), 1.0, 2.0);
static_assert(r_select.value == 1.0 && r_select[x] == 2.0 && r_select[y] == 0.0, "select: the first branch's gradient only");
static_assert(grad(math::select(x < y, x * x, lit<3> * y), 3.0, 2.0)[y] == 3.0, "select: the second branch's gradient only");
static_assert(near(grad(math::select(x > lit<0>, math::sin(x), x), 0.5)[x], 0x1.c1528065b7d50p-1, 2), "select of sin: cos(0.5)");

// detach: no gradient through it.
static_assert(grad(x * math::detach(x), 3.0)[x] == 3.0, "d (x detach(x)) / dx = detach(x), not 2 x");

// Infinite derivatives at a point are constant-evaluable too (the division by zero gives IEEE's infinity).
constexpr double infinity = std::numeric_limits<double>::infinity();
static_assert(grad(math::sqrt(x), 0.0)[x] == infinity && grad(math::cbrt(x), 0.0)[x] == infinity, "sqrt'(0) = cbrt'(0) = +inf");
static_assert(grad(math::asin(x), 1.0)[x] == infinity && grad(math::acos(x), -1.0)[x] == -infinity, "asin'(1) = +inf, acos'(-1) = -inf");
static_assert(grad(math::atanh(x), -1.0)[x] == infinity && grad(math::acosh(x), 1.0)[x] == infinity, "atanh'(-1) = acosh'(1) = +inf");
static_assert(grad(math::log(x), 0.0)[x] == infinity, "log'(0) = +inf");

// float: the same rules in float arithmetic.
static_assert(grad(math::exp(x), 0.0f)[x] == 1.0f && grad(math::sqrt(x), 4.0f)[x] == 0.25f, "float gradients are constexpr too");
}  // namespace
