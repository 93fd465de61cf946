// ctgrad::test::random_expr<Seed, Depth, Width>(): reproducible random static expressions, for law tests and compile-cost measurements.
#pragma once

#include <cstdint>

#include <ctgrad/expr.hpp>

namespace ctgrad::test {

namespace random_detail {

[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// The number of node kinds `node<>` chooses from; the last, kind `kinds - 1`, holds runtime constants.
inline constexpr std::uint64_t kinds = 34;

/// The node drawn from `Seed` (one of `Width` per depth) at `Depth`. `Salt`, one per expression (`Seed / Width` of
/// `random_expr`), varies every draw, so that seeds with the same root seed give different expressions.
template <std::uint64_t Seed, int Depth, std::uint64_t Width, bool RuntimeConstants, std::uint64_t Salt>
constexpr auto node() {
  if constexpr (Depth == 0) {
    constexpr std::uint64_t v = mix(Seed) % 4;
    if constexpr (v == 0) return expr::var<"x0">;
    else if constexpr (v == 1) return expr::var<"x1">;
    else if constexpr (v == 2) return expr::var<"x2">;
    else return expr::var<"x3">;
  } else {
    // Operands are drawn from only `Width` seeds per depth, so nodes recur: across the graph (shared
    // subexpressions) and as both operands of one node (`a * a`).
    constexpr std::uint64_t salt = Salt == 0 ? 0 : mix(Salt);
    constexpr std::uint64_t left = mix((Seed * 2 + 1) ^ salt) % Width;
    constexpr std::uint64_t right = mix((Seed * 2 + 2) ^ salt) % Width;
    [[maybe_unused]] auto const a = node<left, Depth - 1, Width, RuntimeConstants, Salt>();
    [[maybe_unused]] auto const b = node<right, Depth - 1, Width, RuntimeConstants, Salt>();
    constexpr std::uint64_t kind = mix(Seed ^ (static_cast<std::uint64_t>(Depth) << 32) ^ salt) % (RuntimeConstants ? kinds : kinds - 1);
    // Every kind keeps its value moderate (|v| at most doubles per level, or bounded) and stays in its domain
    // for operands of any size: an argument with a restricted domain goes through tanh, sigmoid or `a**2 + 1`,
    // never to the edge of the domain (where a derivative is infinite), and a branch not taken stays finite.
    // Every kind is continuous (min, max, clamp, and select between branches equal where it switches), so
    // finite differences hold away from its kinks. No kind uses its operands more than three times in all: a
    // node holding a runtime constant is one node per use, so more uses would grow graphs with them
    // exponentially in depth.
    // The ops are called through their function objects, not operators: a qualified call skips
    // argument-dependent lookup, whose cost grows with the size of the operand types.
    constexpr auto zero = expr::lit<0>;
    constexpr auto one = expr::lit<1>;
    constexpr auto half = expr::lit<1, 2>;
    if constexpr (kind == 0) return expr::plus(a, b);
    else if constexpr (kind == 1) return expr::minus(a, b);
    else if constexpr (kind == 2) return expr::times(math::tanh(a), b);
    else if constexpr (kind == 3) return expr::divides(a, expr::plus(expr::times(b, b), one));
    else if constexpr (kind == 4) return expr::plus(expr::negate(a), b);
    else if constexpr (kind == 5) return expr::times(math::exp(math::tanh(a)), b);
    else if constexpr (kind == 6) return expr::minus(math::log(expr::plus(expr::times(a, a), one)), b);
    else if constexpr (kind == 7) return expr::times(math::sqrt(expr::plus(expr::times(a, a), one)), math::sigmoid(b));
    else if constexpr (kind == 8) return expr::plus(math::relu(a), b);
    else if constexpr (kind == 9) return expr::times(math::sigmoid(a), b);
    else if constexpr (kind == 10) return expr::minus(math::abs(a), b);
    else if constexpr (kind == 11) return expr::plus(math::pow<3>(math::tanh(a)), b);
    else if constexpr (kind == 12) return math::pow(expr::plus(math::sigmoid(a), one), math::tanh(b));
    else if constexpr (kind == 13) return expr::times(math::sin(a), b);
    else if constexpr (kind == 14) return expr::minus(math::cos(a), math::tan(math::tanh(b)));
    else if constexpr (kind == 15)
      return expr::plus(math::asin(expr::times(half, math::tanh(a))), math::acos(expr::times(half, math::tanh(b))));
    else if constexpr (kind == 16) return expr::plus(math::atan2(a, expr::plus(math::square(b), one)), math::atan(b));
    else if constexpr (kind == 17) return expr::plus(math::asinh(a), math::sinh(math::tanh(b)));
    else if constexpr (kind == 18)
      return expr::times(math::acosh(expr::plus(math::square(a), expr::lit<2>)), math::atanh(expr::times(half, math::tanh(b))));
    else if constexpr (kind == 19) return expr::times(math::cosh(math::tanh(a)), expr::times(math::sign(b), b));
    else if constexpr (kind == 20) return expr::times(math::exp2(math::tanh(a)), math::expm1(math::tanh(b)));
    else if constexpr (kind == 21)
      return expr::minus(math::log2(expr::plus(math::square(a), one)), math::log10(expr::plus(math::square(b), one)));
    else if constexpr (kind == 22)
      return expr::plus(math::log1p(math::square(a)), math::cbrt(expr::plus(math::tanh(b), expr::lit<2>)));
    else if constexpr (kind == 23) return math::hypot(a, b);
    else if constexpr (kind == 24) return expr::plus(expr::times(math::erf(a), b), math::erfc(b));
    else if constexpr (kind == 25) return math::max(math::min(a, b), math::tanh(b));
    else if constexpr (kind == 26) {
      // Huber's loss: its branches meet with equal slopes at |a| = 1
      return math::select(expr::nodes::operator<=(math::abs(a), one), expr::times(half, math::square(a)),
                          expr::minus(math::abs(a), half));
    } else if constexpr (kind == 27) {
      return math::select(expr::nodes::operator>=(b, zero), expr::times(a, b), zero);  // a relu(b)
    } else if constexpr (kind == 28) {
      return math::select(expr::nodes::operator<(a, zero), math::sin(a), a);  // slope 1 on both sides of 0
    } else if constexpr (kind == 29) {
      return math::select(expr::nodes::operator>(b, zero), expr::times(math::atan(a), b), zero);
    } else if constexpr (kind == 30) {
      // a, through == and != (at 0 both branches are 0)
      return math::select(expr::nodes::operator==(a, zero), zero, math::select(expr::nodes::operator!=(a, zero), a, one));
    } else if constexpr (kind == 31) {
      return math::clamp(a, expr::lit<-1>, expr::plus(math::tanh(b), one));
    } else if constexpr (kind == 32) {
      return expr::minus(expr::times(math::step(a), a), b);
    } else {
      return expr::plus(math::pow(expr::plus(expr::times(a, a), one), 0.5), expr::times(b, 1.5));
    }
  }
}

}  // namespace random_detail

/// A random expression over the variables x0..x3 (not all need occur), reproducible from `Seed`: each seed
/// gives its own expression (`Seed % Width` picks the root, `Seed / Width` salts every draw below it).
///
/// `Depth` levels of kinds of node over variable leaves; each level draws its operands from `Width` seeds, so
/// the result is a graph with shared subexpressions of at most `Width * Depth` drawn nodes, each of one to nine
/// ops (without runtime constants, Seed 7 gives 45, 196 and 1072 distinct nodes for Depth/Width 6/4, 9/12, 14/50).
/// Every op occurs across seeds: + - * / neg exp log tanh relu sigmoid sqrt abs pow<3> pow(x, y), sin cos tan
/// asin acos atan atan2 sinh cosh asinh acosh atanh exp2 expm1 log2 log10 log1p cbrt hypot erf erfc min max
/// clamp step sign, select with each comparison (< <= > >= == !=), and (if `RuntimeConstants`) a
/// real power by a runtime number and a runtime factor. Values stay finite and in every op's domain for inputs
/// in [-2, 2]; every function is continuous (so finite differences hold away from its kinks). `detach` is left
/// out: its gradient differs from finite differences by design. Runtime constants stop sharing above them (a node
/// holding one is one node per occurrence), so pass `RuntimeConstants = false` to measure large shared graphs.
///
///     auto f = ctgrad::test::random_expr<42, 6>();
///     auto r = ctgrad::grad(f, std::array<double, ctgrad::variables_of(f).size()>{...});
template <std::uint64_t Seed, int Depth, std::uint64_t Width = 4, bool RuntimeConstants = true>
constexpr auto random_expr() {
  return random_detail::node<Seed % Width, Depth, Width, RuntimeConstants, Seed / Width>();
}

}  // namespace ctgrad::test
