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

/// The number of node kinds `node<>` chooses from (kind 13 holds a runtime constant).
inline constexpr std::uint64_t kinds = 14;

template <std::uint64_t Seed, int Depth, std::uint64_t Width, bool RuntimeConstants>
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
    constexpr std::uint64_t left = mix(Seed * 2 + 1) % Width;
    constexpr std::uint64_t right = mix(Seed * 2 + 2) % Width;
    auto const a = node<left, Depth - 1, Width, RuntimeConstants>();
    auto const b = node<right, Depth - 1, Width, RuntimeConstants>();
    constexpr std::uint64_t kind = mix(Seed ^ (static_cast<std::uint64_t>(Depth) << 32)) % (RuntimeConstants ? kinds : kinds - 1);
    // Every kind keeps its value moderate (|v| at most doubles per level) and stays in its domain.
    // The ops are called through their function objects, not operators: a qualified call skips
    // argument-dependent lookup, whose cost grows with the size of the operand types.
    constexpr auto one = expr::lit<1>;
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
    else return expr::plus(math::pow(expr::plus(expr::times(a, a), one), 0.5), expr::times(b, 1.5));
  }
}

}  // namespace random_detail

/// A random expression over the variables x0..x3 (not all need occur), reproducible from `Seed`.
///
/// `Depth` levels of ops over variable leaves; each level draws its operands from `Width` seeds, so
/// the result is a graph with shared subexpressions of at most about `Width * Depth` distinct op nodes
/// (more with larger `Width`: about 50, 200, 1000 distinct nodes for Width 4/Depth 8, 16/12, 64/16).
/// Every op occurs across seeds: + - * / neg exp log tanh relu sigmoid sqrt abs pow<3> pow(x, y), and
/// (if `RuntimeConstants`) a real power by a runtime number and a runtime factor. Values stay finite
/// and in every op's domain for inputs in [-2, 2]. Runtime constants stop sharing above them (a node
/// holding one is one node per occurrence), so pass `RuntimeConstants = false` to measure large
/// shared graphs.
///
///     auto f = ctgrad::test::random_expr<42, 6>();
///     auto r = ctgrad::grad(f, std::array<double, ctgrad::variables_of(f).size()>{...});
template <std::uint64_t Seed, int Depth, std::uint64_t Width = 4, bool RuntimeConstants = true>
constexpr auto random_expr() {
  return random_detail::node<Seed % Width, Depth, Width, RuntimeConstants>();
}

}  // namespace ctgrad::test
