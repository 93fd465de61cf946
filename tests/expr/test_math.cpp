// Every op of ctgrad::math: the static gradient against finite differences (double, and float against double),
// the value against <cmath>'s, the tape equal to the static graph, the documented values where an op has no
// derivative, select's branches, the library's min/max/abs/clamp written with select, detach, and the symbolic
// derivative and Hessian of a function of each op against finite differences.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;
constexpr auto z = var<"z">;

// Tolerances: double gradients agree with extrapolated central differences to 1e-6 (relative, absolute below 1);
// float gradients agree with the double gradient to 1e-4 (a few float ulps through the rules).
constexpr double tol_double = 1e-6;
constexpr double tol_float = 1e-4;
constexpr double inf = std::numeric_limits<double>::infinity();

/// `n` points spread over [lo, hi], none within `gap` of 0 (where relu, abs, sign, step and cbrt have their kink).
std::vector<double> points(double lo, double hi, int n = 19, double gap = 1e-2) {
  std::vector<double> out;
  for (int i = 0; i != n; ++i) {
    double const p = lo + (hi - lo) * (i + 0.5) / n;
    if (std::abs(p) > gap) out.push_back(p);
  }
  return out;
}

/// The value of `op` of one tape value at `p`, and its derivative by `backward`.
template <class Op>
std::pair<double, double> on_tape(Op const& op, double p) {
  tape::graph g;
  tape::value const v = g.leaf(p);
  tape::value const out = op(v);
  out.backward();
  return {out.data(), v.grad()};
}

/// The value of `op` of two tape values at (p, q), and its partial derivatives.
template <class Op>
std::array<double, 3> on_tape(Op const& op, double p, double q) {
  tape::graph g;
  tape::value const u = g.leaf(p);
  tape::value const v = g.leaf(q);
  tape::value const out = op(u, v);
  out.backward();
  return {out.data(), u.grad(), v.grad()};
}

/// One op of one operand, written once as `op` (applied to a variable, a number, a float and a tape value):
/// its gradient against finite differences on [lo, hi], its value against `reference` (<cmath>'s function, in
/// double and in float: the op calls it, so exactly), and the tape's value and derivative equal to the static
/// graph's (the same rule on the same numbers, so exactly).
template <class Op, class Reference>
void check_unary(char const* name, Op const& op, Reference const& reference, double lo, double hi, double gap = 1e-2) {
  auto const f = op(x);
  std::size_t checked = 0;
  for (double const p : points(lo, hi, 19, gap)) {
    INFO(name << " at x = " << p);
    auto const r = grad(f, p);
    auto const fd = ctgrad::test::fd_gradient(f, std::array<double, 1>{p});
    CHECK(close(r[x], fd[0], tol_double));
    CHECK(r.value == reference(p));
    CHECK(op(p) == reference(p));
    float const pf = static_cast<float>(p);
    auto const rf = grad(f, pf);
    CHECK(rf.value == reference(pf));
    CHECK(close(rf[x], r[x], tol_float));
    auto const [value, derivative] = on_tape(op, p);
    CHECK(value == r.value);
    CHECK(derivative == r[x]);
    ++checked;
  }
  CHECK(checked >= 15);
}

/// One op of two operands on a grid of [lo, hi] x [ylo, yhi]: as `check_unary`, and with a plain number for
/// either operand (a constant leaf: the same numbers through the same rule, so the same partial exactly).
template <class Op, class Reference>
void check_binary(char const* name, Op const& op, Reference const& reference, double lo, double hi, double ylo, double yhi) {
  auto const f = op(x, y);
  for (double const p : points(lo, hi, 7)) {
    for (double const q : points(ylo, yhi, 7)) {
      INFO(name << " at x = " << p << ", y = " << q);
      std::array<double, 2> const at_pq{p, q};
      auto const r = grad(f, at_pq);
      auto const fd = ctgrad::test::fd_gradient(f, at_pq);
      CHECK(close(r[x], fd[0], tol_double));
      CHECK(close(r[y], fd[1], tol_double));
      CHECK(r.value == reference(p, q));
      CHECK(op(p, q) == reference(p, q));
      auto const rf = grad(f, static_cast<float>(p), static_cast<float>(q));
      CHECK(rf.value == reference(static_cast<float>(p), static_cast<float>(q)));
      CHECK(close(rf[x], r[x], tol_float));
      CHECK(close(rf[y], r[y], tol_float));
      auto const t = on_tape(op, p, q);
      CHECK(t[0] == r.value);
      CHECK(t[1] == r[x]);
      CHECK(t[2] == r[y]);
      CHECK(grad(op(x, q), p)[x] == r[x]);
      CHECK(grad(op(p, y), q)[y] == r[y]);
    }
  }
}

/// A float result against its double value: equal where that is 0 or infinite, else within float rounding.
bool float_matches(float got, double want) {
  if (want == 0 || std::isinf(want)) return got == static_cast<float>(want);
  return close(got, want, 1e-5);
}

/// `op(x)` at `p` has the value `value` and the derivative `derivative` (an infinity, or the value documented
/// where the op has no derivative): on the static graph in double and float, and on the tape.
template <class Op>
void check_unary_at(char const* name, Op const& op, double p, double value, double derivative) {
  INFO(name << " at x = " << p);
  auto const r = grad(op(x), p);
  CHECK(r.value == value);
  CHECK(r[x] == derivative);
  auto const rf = grad(op(x), static_cast<float>(p));
  CHECK(float_matches(rf.value, value));
  CHECK(float_matches(rf[x], derivative));
  auto const [tape_value, tape_derivative] = on_tape(op, p);
  CHECK(tape_value == value);
  CHECK(tape_derivative == derivative);
}

/// `op(x, y)` at (p, q) has the value `value` and the partial derivatives `dx`, `dy`: static (double, float) and tape.
template <class Op>
void check_binary_at(char const* name, Op const& op, double p, double q, double value, double dx, double dy) {
  INFO(name << " at (x, y) = (" << p << ", " << q << ")");
  auto const r = grad(op(x, y), p, q);
  CHECK(r.value == value);
  CHECK(r[x] == dx);
  CHECK(r[y] == dy);
  auto const rf = grad(op(x, y), static_cast<float>(p), static_cast<float>(q));
  CHECK(float_matches(rf.value, value));
  CHECK(float_matches(rf[x], dx));
  CHECK(float_matches(rf[y], dy));
  auto const t = on_tape(op, p, q);
  CHECK(t[0] == value);
  CHECK(t[1] == dx);
  CHECK(t[2] == dy);
}

// The ops as generic function objects: one spelling for variables, numbers and tape values.
auto const sin_ = [](auto const& v) { return math::sin(v); };
auto const cos_ = [](auto const& v) { return math::cos(v); };
auto const tan_ = [](auto const& v) { return math::tan(v); };
auto const asin_ = [](auto const& v) { return math::asin(v); };
auto const acos_ = [](auto const& v) { return math::acos(v); };
auto const atan_ = [](auto const& v) { return math::atan(v); };
auto const sinh_ = [](auto const& v) { return math::sinh(v); };
auto const cosh_ = [](auto const& v) { return math::cosh(v); };
auto const tanh_ = [](auto const& v) { return math::tanh(v); };
auto const asinh_ = [](auto const& v) { return math::asinh(v); };
auto const acosh_ = [](auto const& v) { return math::acosh(v); };
auto const atanh_ = [](auto const& v) { return math::atanh(v); };
auto const exp_ = [](auto const& v) { return math::exp(v); };
auto const exp2_ = [](auto const& v) { return math::exp2(v); };
auto const expm1_ = [](auto const& v) { return math::expm1(v); };
auto const log_ = [](auto const& v) { return math::log(v); };
auto const log2_ = [](auto const& v) { return math::log2(v); };
auto const log10_ = [](auto const& v) { return math::log10(v); };
auto const log1p_ = [](auto const& v) { return math::log1p(v); };
auto const sqrt_ = [](auto const& v) { return math::sqrt(v); };
auto const cbrt_ = [](auto const& v) { return math::cbrt(v); };
auto const erf_ = [](auto const& v) { return math::erf(v); };
auto const erfc_ = [](auto const& v) { return math::erfc(v); };
auto const abs_ = [](auto const& v) { return math::abs(v); };
auto const relu_ = [](auto const& v) { return math::relu(v); };
auto const sigmoid_ = [](auto const& v) { return math::sigmoid(v); };
auto const square_ = [](auto const& v) { return math::square(v); };
auto const cube_ = [](auto const& v) { return math::pow<3>(v); };
auto const inverse_square_ = [](auto const& v) { return math::pow<-2>(v); };
auto const hypot_ = [](auto const& u, auto const& v) { return math::hypot(u, v); };
auto const atan2_ = [](auto const& u, auto const& v) { return math::atan2(u, v); };
auto const pow_ = [](auto const& u, auto const& v) { return math::pow(u, v); };
auto const min_ = [](auto const& u, auto const& v) { return math::min(u, v); };
auto const max_ = [](auto const& u, auto const& v) { return math::max(u, v); };
}  // namespace

TEST_CASE("math: trigonometric functions and their inverses", "[expr][math]") {
  check_unary("sin", sin_, [](auto v) { return std::sin(v); }, -6, 6);
  check_unary("cos", cos_, [](auto v) { return std::cos(v); }, -6, 6);
  check_unary("tan", tan_, [](auto v) { return std::tan(v); }, -1.3, 1.3);
  check_unary("asin", asin_, [](auto v) { return std::asin(v); }, -0.9, 0.9);
  check_unary("acos", acos_, [](auto v) { return std::acos(v); }, -0.9, 0.9);
  check_unary("atan", atan_, [](auto v) { return std::atan(v); }, -5, 5);
  // atan2(y, x) (here atan2(x, y)): its second operand positive, then its first (away from its cut, y = 0 for x < 0)
  check_binary("atan2", atan2_, [](auto u, auto v) { return std::atan2(u, v); }, -3, 3, 0.2, 3);
  check_binary("atan2", atan2_, [](auto u, auto v) { return std::atan2(u, v); }, 0.2, 3, -3, 3);
}

TEST_CASE("math: hyperbolic functions and their inverses", "[expr][math]") {
  check_unary("sinh", sinh_, [](auto v) { return std::sinh(v); }, -3, 3);
  check_unary("cosh", cosh_, [](auto v) { return std::cosh(v); }, -3, 3);
  check_unary("tanh", tanh_, [](auto v) { return std::tanh(v); }, -4, 4);
  check_unary("asinh", asinh_, [](auto v) { return std::asinh(v); }, -5, 5);
  check_unary("acosh", acosh_, [](auto v) { return std::acosh(v); }, 1.1, 6);
  check_unary("atanh", atanh_, [](auto v) { return std::atanh(v); }, -0.9, 0.9);
}

TEST_CASE("math: exponentials and logarithms", "[expr][math]") {
  check_unary("exp", exp_, [](auto v) { return std::exp(v); }, -4, 4);
  check_unary("exp2", exp2_, [](auto v) { return std::exp2(v); }, -4, 4);
  check_unary("expm1", expm1_, [](auto v) { return std::expm1(v); }, -4, 4);
  check_unary("log", log_, [](auto v) { return std::log(v); }, 0.05, 10);
  check_unary("log2", log2_, [](auto v) { return std::log2(v); }, 0.05, 10);
  check_unary("log10", log10_, [](auto v) { return std::log10(v); }, 0.05, 10);
  check_unary("log1p", log1p_, [](auto v) { return std::log1p(v); }, -0.9, 5);
}

TEST_CASE("math: roots and powers", "[expr][math]") {
  check_unary("sqrt", sqrt_, [](auto v) { return std::sqrt(v); }, 0.05, 10);
  check_unary("cbrt", cbrt_, [](auto v) { return std::cbrt(v); }, -3, 3, 0.3);  // its derivatives grow without bound at 0
  check_unary("square", square_, [](auto v) { return v * v; }, -3, 3);
  check_unary("pow<3>", cube_, [](auto v) { return v * v * v; }, -3, 3);
  check_unary("pow<-2>", inverse_square_, [](auto v) { return decltype(v)(1) / (v * v); }, 0.3, 3);
  check_binary("hypot", hypot_, [](auto u, auto v) { return std::hypot(u, v); }, -3, 3, -3, 3);
  check_binary("pow", pow_, [](auto u, auto v) { return std::pow(u, v); }, 0.2, 3, -2, 2);
}

TEST_CASE("math: erf, erfc, abs, relu, sigmoid, min, max", "[expr][math]") {
  check_unary("erf", erf_, [](auto v) { return std::erf(v); }, -3, 3);
  check_unary("erfc", erfc_, [](auto v) { return std::erfc(v); }, -3, 3);
  check_unary("abs", abs_, [](auto v) { return std::abs(v); }, -3, 3);
  check_unary("relu", relu_, [](auto v) { return v > 0 ? v : decltype(v)(0); }, -3, 3);
  check_unary("sigmoid", sigmoid_, [](auto v) { return decltype(v)(1) / (decltype(v)(1) + std::exp(-v)); }, -6, 6);
  // a grid with no tie (points of x and y are interleaved)
  check_binary("min", min_, [](auto u, auto v) { return u <= v ? u : v; }, -3, 3, -2.9, 3.1);
  check_binary("max", max_, [](auto u, auto v) { return u >= v ? u : v; }, -3, 3, -2.9, 3.1);
}

TEST_CASE("math: sign, step, comparisons and clamp", "[expr][math]") {
  // sign and step pass no gradient: 0, which finite differences see away from 0
  check_unary("sign", [](auto const& v) { return math::sign(v); }, [](auto v) { return v > 0 ? decltype(v)(1) : decltype(v)(-1); }, -3, 3);
  check_unary("step", [](auto const& v) { return math::step(v); }, [](auto v) { return v > 0 ? decltype(v)(1) : decltype(v)(0); }, -3, 3);
  check_unary_at("sign", [](auto const& v) { return math::sign(v); }, 0.0, 0.0, 0.0);
  check_unary_at("step", [](auto const& v) { return math::step(v); }, 0.0, 0.0, 0.0);
  // comparisons: 1 where they hold, else 0, no gradient; the same on the tape (== and != as op structs: see below)
  for (double const p : {-1.0, 0.5, 2.0}) {
    for (double const q : {-1.0, 0.5, 2.0}) {
      INFO("x = " << p << ", y = " << q);
      CHECK(eval(x < y, p, q) == (p < q ? 1.0 : 0.0));
      CHECK(eval(x <= y, p, q) == (p <= q ? 1.0 : 0.0));
      CHECK(eval(x > y, p, q) == (p > q ? 1.0 : 0.0));
      CHECK(eval(x >= y, p, q) == (p >= q ? 1.0 : 0.0));
      CHECK(eval(x == y, p, q) == (p == q ? 1.0 : 0.0));
      CHECK(eval(x != y, p, q) == (p != q ? 1.0 : 0.0));
      CHECK(eval(x < 1.0, p) == (p < 1.0 ? 1.0 : 0.0));
      CHECK(eval(1.0 <= y, q) == (1.0 <= q ? 1.0 : 0.0));
      tape::graph g;
      tape::value const u = g.leaf(p);
      tape::value const v = g.leaf(q);
      CHECK((u < v).data() == (p < q ? 1.0 : 0.0));
      CHECK((u <= v).data() == (p <= q ? 1.0 : 0.0));
      CHECK((u > v).data() == (p > q ? 1.0 : 0.0));
      CHECK((u >= v).data() == (p >= q ? 1.0 : 0.0));
      CHECK(function<op::equal>{}(u, v).data() == (p == q ? 1.0 : 0.0));
      CHECK(function<op::not_equal>{}(u, v).data() == (p != q ? 1.0 : 0.0));
      tape::value const c = u < v;
      c.backward();
      CHECK(u.grad() == 0.0);
      CHECK(v.grad() == 0.0);
    }
  }
  // clamp(x, lo, hi) = min(max(x, lo), hi): against finite differences in all three, off the switching points
  auto const f = math::clamp(x, y, z);
  for (double const p : points(-3, 3, 9)) {
    for (auto const& [lo, hi] : {std::pair{-1.05, 0.95}, std::pair{-2.2, -1.3}, std::pair{0.4, 2.6}}) {
      INFO("clamp(" << p << ", " << lo << ", " << hi << ")");
      std::array<double, 3> const at_p{p, lo, hi};
      auto const r = grad(f, at_p);
      auto const fd = ctgrad::test::fd_gradient(f, at_p);
      CHECK(r.value == std::clamp(p, lo, hi));
      for (std::size_t i = 0; i != 3; ++i) CHECK(close(r.gradient[i], fd[i], tol_double));
      CHECK(r.gradient[0] + r.gradient[1] + r.gradient[2] == 1.0);  // all of it to the one taken
      tape::graph g;
      tape::value const u = g.leaf(p);
      tape::value const l = g.leaf(lo);
      tape::value const h = g.leaf(hi);
      tape::value const out = math::clamp(u, l, h);
      out.backward();
      CHECK(out.data() == r.value);
      CHECK(std::array<double, 3>{u.grad(), l.grad(), h.grad()} == r.gradient);
    }
  }
}

TEST_CASE("math: the documented values where an op has no derivative, the same on the tape", "[expr][math]") {
  double const pi = std::numbers::pi;
  check_unary_at("abs", abs_, 0.0, 0.0, 0.0);
  check_unary_at("relu", relu_, 0.0, 0.0, 0.0);
  check_unary_at("sqrt", sqrt_, 0.0, 0.0, inf);
  check_unary_at("cbrt", cbrt_, 0.0, 0.0, inf);
  check_unary_at("acos", acos_, 1.0, 0.0, -inf);
  check_unary_at("acos", acos_, -1.0, pi, -inf);
  check_unary_at("asin", asin_, 1.0, pi / 2, inf);
  check_unary_at("asin", asin_, -1.0, -pi / 2, inf);
  check_unary_at("acosh", acosh_, 1.0, 0.0, inf);
  check_unary_at("atanh", atanh_, 1.0, inf, inf);  // 1 / (1 - x**2) -> +inf from inside, at both ends
  check_unary_at("atanh", atanh_, -1.0, -inf, inf);
  // min and max at a tie: all of the gradient to the first operand
  check_binary_at("min", min_, 1.5, 1.5, 1.5, 1.0, 0.0);
  check_binary_at("max", max_, 1.5, 1.5, 1.5, 1.0, 0.0);
  check_binary_at("min", min_, -0.25, -0.25, -0.25, 1.0, 0.0);
  check_binary_at("max", max_, -0.25, -0.25, -0.25, 1.0, 0.0);
  // the norm and the angle at the origin: 0
  check_binary_at("hypot", hypot_, 0.0, 0.0, 0.0, 0.0, 0.0);
  check_binary_at("atan2", atan2_, 0.0, 0.0, 0.0, 0.0, 0.0);
  // pow(x, y) at x = 0: d/dy = 0 for y > 0 (the limit from x > 0); d/dx = y x**(y - 1)
  check_binary_at("pow", pow_, 0.0, 1.0, 0.0, 1.0, 0.0);
  check_binary_at("pow", pow_, 0.0, 2.0, 0.0, 0.0, 0.0);
  check_binary_at("pow", pow_, 0.0, 3.5, 0.0, 0.0, 0.0);
  check_binary_at("pow", pow_, 0.0, 0.5, 0.0, inf, 0.0);
  // with the exponent a number: micrograd's x**1 at 0 (on the tape, the exponent is kept in the node)
  check_unary_at("pow(x, 1)", [](auto const& v) { return math::pow(v, 1.0); }, 0.0, 0.0, 1.0);
  check_unary_at("pow(x, 2)", [](auto const& v) { return math::pow(v, 2.0); }, 0.0, 0.0, 0.0);
}

// atan2's partials where x**2 + y**2 itself would underflow (|x|, |y| below about 1e-162) or overflow (above about
// 1e154): they are computed scaled, so they stay about 1 / (2 |x|).
TEST_CASE("math: atan2's partials where x**2 + y**2 underflows or overflows", "[expr][math]") {
  for (double const s : {1e-170, 1e-200, 1e160, 1e200}) {
    INFO("atan2(y, x) at x = y = " << s);
    auto const r = grad(math::atan2(y, x), at<"x">(s), at<"y">(s));
    CHECK(r[y] == Approx(0.5 / s).epsilon(1e-12));
    CHECK(r[x] == Approx(-0.5 / s).epsilon(1e-12));
  }
}

TEST_CASE("math: select sends the adjoint only into the branch taken, none into the condition", "[expr][math][select]") {
  // y occurs in the condition and in one branch; x in the condition and the other
  auto const op = [](auto const& u, auto const& v) { return math::select(u < v, u * u, 3.0 * v); };
  check_binary_at("select, first branch", op, 1.0, 2.0, 1.0, 2.0, 0.0);
  check_binary_at("select, second branch", op, 3.0, 2.0, 6.0, 0.0, 3.0);
  check_binary_at("select, at the switch", op, 2.0, 2.0, 6.0, 0.0, 3.0);
  // both branches use x: only the one taken counts
  auto const both = [](auto const& u, auto const& v) { return math::select(u > 0.0, math::sin(u) * v, u * u * u); };
  for (double const p : {-1.5, -0.5, 0.5, 1.5}) {
    double const q = 0.75;
    double const dx = p > 0 ? std::cos(p) * q : 3 * p * p;
    double const dy = p > 0 ? std::sin(p) : 0.0;
    check_binary_at("select, both branches use x", both, p, q, p > 0 ? std::sin(p) * q : p * p * p, dx, dy);
  }
  // plain-number select (generic code): a bool chooses
  CHECK(math::select(true, 1.0, 2) == 1.0);
  CHECK(math::select(false, 1.0f, 2.0f) == 2.0f);
  CHECK(math::if_else(2.0 < 1.0, 1.0, 2.0) == 2.0);
}

TEST_CASE("math: min, max, abs, clamp and Huber's loss written with select equal the library's", "[expr][math][select]") {
  // ties and zeros included: select(x <= y, x, y) is min's rule, down to which operand a tie feeds
  auto const check_same = [](char const* name, auto const& mine, auto const& library, auto const& at_points) {
    for (auto const& p : at_points) {
      INFO(name << " at (" << p[0] << ", " << p[1] << ", " << p[2] << ")");
      auto const a = grad(mine(x, y, z), p);
      auto const b = grad(library(x, y, z), p);
      CHECK(a.value == b.value);
      CHECK(a.gradient == b.gradient);
      tape::graph g;
      tape::value const u = g.leaf(p[0]);
      tape::value const v = g.leaf(p[1]);
      tape::value const w = g.leaf(p[2]);
      tape::value const out = mine(u, v, w);
      out.backward();
      CHECK(out.data() == b.value);
      CHECK(std::array<double, 3>{u.grad(), v.grad(), w.grad()} == b.gradient);
    }
  };
  std::vector<std::array<double, 3>> const at_points{{1.0, 2.0, 0.5},  {2.0, 1.0, 0.5},  {1.5, 1.5, 0.5},  {0.0, 0.0, 0.0},
                                                     {-1.0, 0.0, 2.0}, {0.0, -1.0, 2.0}, {3.0, -1.0, 2.0}, {-2.0, -1.0, 2.0},
                                                     {2.0, -1.0, 2.0}, {-1.0, -1.0, 2.0}};
  check_same("min", [](auto const& u, auto const& v, auto const& w) { return math::select(u <= v, u, v) + 0.0 * w; },
             [](auto const& u, auto const& v, auto const& w) { return math::min(u, v) + 0.0 * w; }, at_points);
  check_same("max", [](auto const& u, auto const& v, auto const& w) { return math::select(u >= v, u, v) * w; },
             [](auto const& u, auto const& v, auto const& w) { return math::max(u, v) * w; }, at_points);
  check_same("abs", [](auto const& u, auto const& v, auto const& w) { return math::select(u > 0.0, u, math::select(u < 0.0, -u, 0.0 * u)) * v + w; },
             [](auto const& u, auto const& v, auto const& w) { return math::abs(u) * v + w; }, at_points);
  // clamp(x, lo, hi) for lo <= hi, at and between its switching points
  std::vector<std::array<double, 3>> const clamp_points{{0.2, -1.0, 1.0},  {-2.0, -1.0, 1.0}, {3.0, -1.0, 1.0}, {-1.0, -1.0, 1.0},
                                                        {1.0, -1.0, 1.0},  {0.0, 0.0, 0.0},   {0.5, 0.5, 2.0},  {2.0, 0.5, 2.0},
                                                        {-0.7, 0.5, 0.5}, {0.7, 0.5, 0.5}};
  check_same("clamp", [](auto const& u, auto const& v, auto const& w) { return math::select(u < v, v, math::select(u > w, w, u)); },
             [](auto const& u, auto const& v, auto const& w) { return math::clamp(u, v, w); }, clamp_points);

  // Huber's loss of r with threshold d; the library's form: min(|r|, d) (|r| - min(|r|, d) / 2), which is r**2 / 2
  // inside and d (|r| - d / 2) outside, and whose gradient (through min's and abs's rules) is select's.
  auto const huber = [](auto const& r, auto const& d) { return math::select(math::abs(r) <= d, r * r / 2.0, d * (math::abs(r) - d / 2.0)); };
  auto const huber_min = [](auto const& r, auto const& d) {
    auto const m = math::min(math::abs(r), d);
    return m * (math::abs(r) - m / 2.0);
  };
  for (double const r : {-3.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.5}) {
    INFO("huber at r = " << r << ", d = 1");
    auto const a = grad(huber(x, y), r, 1.0);
    auto const b = grad(huber_min(x, y), r, 1.0);
    CHECK(close(a.value, b.value, 1e-15));
    CHECK(close(a[x], b[x], 1e-15));
    CHECK(close(a[y], b[y], 1e-15));
    CHECK(a[x] == (std::abs(r) <= 1.0 ? r : (r > 0 ? 1.0 : -1.0)));
    CHECK(a[y] == (std::abs(r) <= 1.0 ? 0.0 : std::abs(r) - 1.0));
    auto const t = on_tape(huber, r, 1.0);
    CHECK(t == std::array<double, 3>{a.value, a[x], a[y]});
    if (std::abs(std::abs(r) - 1.0) > 0.1) {
      auto const fd = ctgrad::test::fd_gradient(huber(x, y), std::array<double, 2>{r, 1.0});
      CHECK(close(a[x], fd[0], tol_double));
      CHECK(close(a[y], fd[1], tol_double));
    }
  }
}

TEST_CASE("math: detach passes no gradient", "[expr][math]") {
  for (double const p : {-1.5, 0.25, 2.0}) {
    INFO("x = " << p);
    auto const r = grad(x * math::detach(x) + math::detach(math::exp(x)) * y, p, 3.0);
    CHECK(r.value == p * p + std::exp(p) * 3.0);
    CHECK(r[x] == p);  // not 2 p, nor 2 p + 3 e**p
    CHECK(r[y] == std::exp(p));
    CHECK(eval(derivative<"x">(x * math::detach(x)), p) == p);
    tape::graph g;
    tape::value const u = g.leaf(p);
    tape::value const v = g.leaf(3.0);
    tape::value const out = u * math::detach(u) + math::detach(math::exp(u)) * v;
    out.backward();
    CHECK(out.data() == r.value);
    CHECK(u.grad() == r[x]);
    CHECK(v.grad() == r[y]);
    CHECK(math::detach(p) == p);
  }
}

namespace {
/// The Hessian and the symbolic derivatives of `f(x, y)` at `p`: the Hessian against finite differences of the
/// gradient, symmetric, with the gradient of `grad`; each symbolic first derivative equal to the gradient entry.
template <class F>
void check_second_order(char const* name, F const& f, std::array<double, 2> const& p) {
  INFO(name << ": f = " << to_string(f) << " at (" << p[0] << ", " << p[1] << ")");
  auto const h = hessian(f, p);
  auto const r = grad(f, p);
  auto const fd = ctgrad::test::fd_hessian(f, p);
  CHECK(h.value == r.value);
  CHECK(h.gradient == r.gradient);
  for (std::size_t i = 0; i != 2; ++i) {
    for (std::size_t j = 0; j != 2; ++j) {
      INFO("H[" << i << "][" << j << "] = " << h.matrix[i][j] << ", finite differences " << fd[i][j]);
      CHECK(close(h.matrix[i][j], fd[i][j], tol_double));
      CHECK(close(h.matrix[i][j], h.matrix[j][i], 1e-12));
    }
  }
  auto const at_p = inputs(at<"x">(p[0]), at<"y">(p[1]));
  CHECK(close(eval(derivative<"x">(f), at_p), r[x], 1e-12));
  CHECK(close(eval(derivative<"y">(f), at_p), r[y], 1e-12));
}
}  // namespace

TEST_CASE("math: hessian and derivative of a function of each op against finite differences", "[expr][math][hessian]") {
  // f(x, y) = op(x y + shift) * y (one-operand ops, the shift keeps the argument in the op's domain), or the
  // op of (x, y) (two operands), away from kinks: the second derivatives come from the op's symbolic derivative.
  std::array<std::array<double, 2>, 3> const at_points{{{0.6, 0.7}, {-0.5, 0.9}, {1.1, -0.4}}};
  auto const u = x * y;
  for (auto const& p : at_points) {
    check_second_order("sin", math::sin(u) * y, p);
    check_second_order("cos", math::cos(u) * y, p);
    check_second_order("tan", math::tan(u) * y, p);
    check_second_order("asin", math::asin(u) * y, p);
    check_second_order("acos", math::acos(u) * y, p);
    check_second_order("atan", math::atan(u) * y, p);
    check_second_order("sinh", math::sinh(u) * y, p);
    check_second_order("cosh", math::cosh(u) * y, p);
    check_second_order("tanh", math::tanh(u) * y, p);
    check_second_order("asinh", math::asinh(u) * y, p);
    check_second_order("acosh", math::acosh(u + lit<2>) * y, p);
    check_second_order("atanh", math::atanh(u) * y, p);
    check_second_order("exp", math::exp(u) * y, p);
    check_second_order("exp2", math::exp2(u) * y, p);
    check_second_order("expm1", math::expm1(u) * y, p);
    check_second_order("log", math::log(u + lit<1>) * y, p);
    check_second_order("log2", math::log2(u + lit<1>) * y, p);
    check_second_order("log10", math::log10(u + lit<1>) * y, p);
    check_second_order("log1p", math::log1p(u) * y, p);
    check_second_order("sqrt", math::sqrt(u + lit<1>) * y, p);
    check_second_order("cbrt", math::cbrt(u + lit<1>) * y, p);
    check_second_order("erf", math::erf(u) * y, p);
    check_second_order("erfc", math::erfc(u) * y, p);
    check_second_order("sigmoid", math::sigmoid(u) * y, p);
    check_second_order("pow<3>", math::pow<3>(u) * y, p);
    check_second_order("square", math::square(u + x) * y, p);
    check_second_order("abs", math::abs(u) * y, p);
    check_second_order("relu", math::relu(u) * y + math::relu(-u) * x, p);
    check_second_order("neg", -u * y, p);
    check_second_order("division", x / (y * y + lit<1>), p);
    check_second_order("hypot", math::hypot(x, y), p);
    check_second_order("atan2", math::atan2(y, x + lit<2>), p);
    check_second_order("pow", math::pow(x + lit<2>, y), p);
    check_second_order("pow by a number", math::pow(x + lit<2>, 0.7) * y, p);
    check_second_order("min", math::min(x * x, y) * x, p);
    check_second_order("max", math::max(x * x, y) * x, p);
    check_second_order("clamp", math::clamp(u, lit<-1, 4>, lit<1, 2>) * y, p);  // u = 0.42 inside, -0.45 and -0.44 below
    check_second_order("select", math::select(x < y, x * x * y, math::sin(x * y)), p);
    check_second_order("sign and step", math::sign(x) * u + math::step(y) * u * u, p);
  }
}
