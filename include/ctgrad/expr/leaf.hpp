// The leaves of the static graph: variables with compile-time labels, compile-time integer literals, runtime constants.
#pragma once

#include <cstdint>
#include <string_view>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/concepts.hpp>

namespace ctgrad::expr {

/// The node types of the static graph. Users never name them; they live in their own namespace so
/// that argument-dependent lookup finds the operators and math functions (`exp(a)`, `pow<3>(a)`).
namespace nodes {

/// A variable: its label is part of its type, so every occurrence of `var<"a">` is one graph node.
template <ctgrad::detail::fixed_string Label>
struct variable final {
  static constexpr std::string_view label = Label.view();
};

/// An integer known at compile time (`lit<2>`, and every number a symbolic derivative produces):
/// part of the type, so it keeps derivative types exact and lets equal subexpressions be shared.
template <long long N>
struct literal final {
  static constexpr long long value = N;
};

/// A number known only at run time (`2.0 * a`, `a + 1`). Because its value is not part of its type,
/// two subexpressions holding constants are never merged into one node, even if their types match.
struct constant final {
  double value;
};

}  // namespace nodes

namespace detail {
template <ctgrad::detail::fixed_string L>
struct is_expression<nodes::variable<L>> : std::true_type {};
template <long long N>
struct is_expression<nodes::literal<N>> : std::true_type {};
template <>
struct is_expression<nodes::constant> : std::true_type {};
}  // namespace detail

/// The variable labelled `L`: `constexpr auto a = var<"a">;`. Its gradient is read back as `r[a]`.
template <ctgrad::detail::fixed_string L>
inline constexpr nodes::variable<L> var{};

/// The compile-time integer `N` as an expression: `pow(x, lit<3>)`, `x * lit<2>`. Prefer it to a
/// plain `2` when a subexpression is shared: runtime constants block node sharing.
template <long long N>
inline constexpr nodes::literal<N> lit{};

/// User-defined literals: `2_c` is `lit<2>`.
namespace literals {
namespace detail {
template <char... Digits>
consteval long long parse_digits() {
  long long n = 0;
  ((n = n * 10 + (Digits - '0')), ...);
  return n;
}
}  // namespace detail

template <char... Digits>
[[nodiscard]] constexpr auto operator""_c() noexcept {
  static_assert(((Digits >= '0' && Digits <= '9') && ...), "ctgrad::expr::literals::_c: only decimal integer literals such as 2_c are supported");
  return nodes::literal<detail::parse_digits<Digits...>()>{};
}
}  // namespace literals

}  // namespace ctgrad::expr
