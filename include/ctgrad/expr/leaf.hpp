// The leaves of the static graph: variables and data (scalar or vector, labels in the type), literals, runtime constants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <string_view>
#include <type_traits>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/concepts.hpp>

namespace ctgrad {

namespace math {
/// Every operand type of ctgrad (expression nodes, tape values) derives from `operand<itself>`, which makes
/// `ctgrad::math` one of its associated namespaces: an unqualified `sin(x)` on an expression or a tape value
/// finds `ctgrad::math::sin` by argument-dependent lookup, while `sin(2.0)` still means `std::sin`.
template <class Self>
struct operand {};
}  // namespace math

/// The compile-time index `I`, for the elements of vector variables: `x[idx<3>]`. Compile-time loops
/// (`sum<N>`, `fold<N>`) hand their body an index of this type.
template <std::size_t I>
inline constexpr std::integral_constant<std::size_t, I> idx{};

namespace expr {

/// The node types of the static graph. Users never name them; they live in their own namespace so that
/// argument-dependent lookup finds the operators (`a + b`), and ctgrad::math (see `math::operand`) the
/// functions (`exp(a)`, `pow<3>(a)`).
namespace nodes {

/// A variable: its label is part of its type, so every occurrence of `var<"a">` is one graph node.
template <ctgrad::detail::fixed_string Label>
struct variable final : math::operand<variable<Label>> {
  static constexpr std::string_view label = Label.view();
};

/// Data: an input bound by label like a variable (`at<"mu">(v)`), but not differentiated (no gradient slot).
/// Shared by type like a variable, so data keeps the nodes above it shareable, where a plain number does not.
template <ctgrad::detail::fixed_string Label>
struct data final : math::operand<data<Label>> {
  static constexpr std::string_view label = Label.view();
};

/// Element `I` of the vector variable or vector data `Vector`.
template <class Vector, std::size_t I>
struct element final : math::operand<element<Vector, I>> {
  static constexpr std::string_view label = Vector::label;
  static constexpr std::size_t index = I;
};

/// The elements of the vector input `Vector` of `N`: `x[idx<3>]`, or `x[i]` with the index of a compile-time loop.
template <class Vector, std::size_t N>
struct elements {
  template <std::size_t I>
  [[nodiscard]] constexpr auto operator[](std::integral_constant<std::size_t, I>) const noexcept {
    static_assert(I < N, "ctgrad::var<x, N>[i], data<x, N>[i]: the index i is out of range (0 <= i < N)");
    return element<Vector, I>{};
  }
  template <class T>
    requires std::is_integral_v<T>
  constexpr auto operator[](T) const noexcept {
    static_assert(!std::is_integral_v<T>, "ctgrad::var<x, N>[i], data<x, N>[i]: the index must be known at compile time: write x[ctgrad::idx<3>], or take i from a compile-time loop such as ctgrad::sum<N>");
  }
};

/// `N` variables under one label, `x[idx<0>]` to `x[idx<N-1>]`: bound from one array, differentiated into
/// one array. Not an expression itself: its elements are.
template <ctgrad::detail::fixed_string Label, std::size_t N>
struct vector_variable final : elements<vector_variable<Label, N>, N> {
  static constexpr std::string_view label = Label.view();
  static constexpr std::size_t size = N;
  static constexpr bool differentiable = true;
};

/// `N` data under one label: `x[idx<i>]`.
template <ctgrad::detail::fixed_string Label, std::size_t N>
struct vector_data final : elements<vector_data<Label, N>, N> {
  static constexpr std::string_view label = Label.view();
  static constexpr std::size_t size = N;
  static constexpr bool differentiable = false;
};

/// A rational number known at compile time, `N / D` in lowest terms with `D > 0` (`lit<2>`, `lit<1, 2>`, and
/// every number a symbolic derivative produces): part of the type, so it keeps derivative types exact and
/// lets equal subexpressions be shared.
template <long long N, long long D = 1>
struct literal final : math::operand<literal<N, D>> {
  static_assert(D > 0 && std::gcd(N, D) == 1, "ctgrad: a literal is a fraction in lowest terms with a positive denominator (write it with lit<n, d>)");
  static constexpr long long numerator = N;
  static constexpr long long denominator = D;
};

/// A number known only at run time (`2.0 * a`, `a + 1`). Because its value is not part of its type, two
/// subexpressions holding constants are never merged into one node, even if their types match: prefer
/// `lit<n, d>` for numbers known at compile time and `data<"label">` for numbers bound at run time.
struct constant final : math::operand<constant> {
  double value;
  constexpr explicit constant(double v) noexcept : value{v} {}
};

}  // namespace nodes

namespace detail {
template <ctgrad::detail::fixed_string L>
struct is_expression<nodes::variable<L>> : std::true_type {};
template <ctgrad::detail::fixed_string L>
struct is_expression<nodes::data<L>> : std::true_type {};
template <class V, std::size_t I>
struct is_expression<nodes::element<V, I>> : std::true_type {};
template <long long N, long long D>
struct is_expression<nodes::literal<N, D>> : std::true_type {};
template <>
struct is_expression<nodes::constant> : std::true_type {};

/// The literal `n / d` in lowest terms (a compile error if `d` is 0).
template <long long N, long long D>
consteval auto make_literal() noexcept {
  static_assert(D != 0, "ctgrad::lit<n, d>: the denominator d must not be 0");
  constexpr long long g = std::gcd(N, D) * (D < 0 ? -1 : 1);
  return nodes::literal<N / g, D / g>{};
}

/// A fraction n / d, as a literal's template arguments.
struct fraction {
  long long numerator;
  long long denominator;
};

/// The double `v` as the fraction it is exactly, m / 2**k (every finite double of magnitude below 2**62 with
/// at most 62 binary digits after the point, as the constants below).
consteval fraction dyadic(double v) {
  long long denominator = 1;
  for (int k = 0; v != static_cast<double>(static_cast<long long>(v)); ++k) {
    if (k == 62 || v >= 0x1p62 || v <= -0x1p62) throw "ctgrad: dyadic: the double is not a fraction of 64-bit integers";
    v *= 2;  // exact
    denominator *= 2;
  }
  return {static_cast<long long>(v), denominator};
}

/// The literal whose value is `F` (in lowest terms).
template <fraction F>
inline constexpr auto literal_of = make_literal<F.numerator, F.denominator>();

// The irrational constants of the ops' derivatives, each defined once: `value`, in long double, for the ops'
// numeric rules, and `literal_of_constant<C>`, its double rounding as an exact literal (its denominator a power
// of two), for their symbolic ones. A literal is part of the type, so the nodes that hold it are shared like any
// other; a runtime constant would block that sharing (the derivative of `erfc(x)` could not reuse `exp(-x**2)`).
struct two_over_sqrt_pi {  // erf'
  static constexpr long double value = 2 * std::numbers::inv_sqrtpi_v<long double>;
};
struct ln2 {  // exp2'
  static constexpr long double value = std::numbers::ln2_v<long double>;
};
struct log2_e {  // log2'
  static constexpr long double value = std::numbers::log2e_v<long double>;
};
struct log10_e {  // log10'
  static constexpr long double value = std::numbers::log10e_v<long double>;
};
template <class C>
inline constexpr auto literal_of_constant = literal_of<dyadic(static_cast<double>(C::value))>;

/// A literal that stands for one of those constants (its denominator a power of two above 2**32) prints as
/// its decimal value, not as the fraction.
[[nodiscard]] constexpr bool prints_as_decimal(long long denominator) noexcept {
  return denominator > (1LL << 32) && (denominator & (denominator - 1)) == 0;
}
}  // namespace detail

/// The input labelled `L`: the scalar `Scalar<L>`, or with a size N the vector `Vector<L, N>`.
template <template <ctgrad::detail::fixed_string> class Scalar, template <ctgrad::detail::fixed_string, std::size_t> class Vector,
          ctgrad::detail::fixed_string L, std::size_t... N>
struct input_of;
template <template <ctgrad::detail::fixed_string> class Scalar, template <ctgrad::detail::fixed_string, std::size_t> class Vector,
          ctgrad::detail::fixed_string L>
struct input_of<Scalar, Vector, L> {
  using type = Scalar<L>;
};
template <template <ctgrad::detail::fixed_string> class Scalar, template <ctgrad::detail::fixed_string, std::size_t> class Vector,
          ctgrad::detail::fixed_string L, std::size_t N>
struct input_of<Scalar, Vector, L, N> {
  static_assert(N > 0, "ctgrad::var<x, N>, data<x, N>: a vector has at least one element");
  using type = Vector<L, N>;
};

/// The variable labelled `L`: `constexpr auto a = var<"a">;`, its gradient read back as `r[a]`. With a size,
/// `var<"x", 16>` is a vector of 16 variables `x[idx<0>]`... bound from one array, its gradient one array.
template <ctgrad::detail::fixed_string L, std::size_t... N>
  requires(sizeof...(N) <= 1)
inline constexpr typename input_of<nodes::variable, nodes::vector_variable, L, N...>::type var{};

/// Data labelled `L`: a number bound at each call by label (`at<"mu">(0.5)`), not differentiated. With a size,
/// `data<"x", 10>` is a vector of 10 bound from one array.
template <ctgrad::detail::fixed_string L, std::size_t... N>
  requires(sizeof...(N) <= 1)
inline constexpr typename input_of<nodes::data, nodes::vector_data, L, N...>::type data{};

/// The compile-time rational `N / D` as an expression: `pow(x, lit<3>)`, `x * lit<1, 2>`. Prefer it to a plain
/// `0.5` when a subexpression is shared: runtime constants block node sharing.
template <long long N, long long D = 1>
inline constexpr auto lit = detail::make_literal<N, D>();

/// User-defined literals: `2_c` is `lit<2>`; `3_i` is `idx<3>`.
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

template <char... Digits>
[[nodiscard]] constexpr auto operator""_i() noexcept {
  static_assert(((Digits >= '0' && Digits <= '9') && ...), "ctgrad::expr::literals::_i: only decimal integer literals such as 3_i are supported");
  return std::integral_constant<std::size_t, static_cast<std::size_t>(detail::parse_digits<Digits...>())>{};
}
}  // namespace literals

}  // namespace expr
}  // namespace ctgrad
