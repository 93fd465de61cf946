// ctgrad::expr node types (op tag + operands by value) and the compile-time traits the graph utilities read.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/leaf.hpp>

namespace ctgrad::expr {

namespace nodes {
/// An op applied to its operands: an empty op tag (in `ctgrad::expr::op`) and the operands by value.
template <class Op, class... Operands>
struct node;
}  // namespace nodes

namespace detail {
template <class E>
inline constexpr bool is_constant_v = std::is_same_v<E, nodes::constant>;

/// Pure: no runtime constant below, so the type alone is the value. Equal pure types are one graph
/// node, and a pure node holds no data at all (see `node`).
template <class E>
inline constexpr bool is_pure_v = !is_constant_v<E>;
template <class Op, class... C>
inline constexpr bool is_pure_v<nodes::node<Op, C...>> = (is_pure_v<C> && ...);
}  // namespace detail

namespace nodes {

// Operands that carry no runtime data (no constant below them) are static members: the node is then
// an empty type, so an expression's size and its cost to the compiler follow its distinct nodes, not
// the size of its tree (`d * d` with `d` shared ten levels deep is one byte, not 2^10). Operands that
// hold runtime constants are data members. Either way `n.arg`, `n.lhs`, `n.rhs` read the operands.

template <class Op, class Arg>
  requires detail::is_pure_v<Arg>
struct node<Op, Arg> final {
  static constexpr Arg arg{};
};

template <class Op, class Arg>
struct node<Op, Arg> final {
  Arg arg;
};

template <class Op, class Lhs, class Rhs>
  requires(detail::is_pure_v<Lhs> && detail::is_pure_v<Rhs>)
struct node<Op, Lhs, Rhs> final {
  static constexpr Lhs lhs{};
  static constexpr Rhs rhs{};
};

template <class Op, class Lhs, class Rhs>
struct node<Op, Lhs, Rhs> final {
  Lhs lhs;
  Rhs rhs;
};

}  // namespace nodes

/// The op tags. Each tag, in its own file under `expr/ops/`, is the one place that says the op's
/// value rule, its local derivative (vector-Jacobian) rule, its symbolic derivative and its notation.
namespace op {}

namespace detail {

template <class Op, class... C>
struct is_expression<nodes::node<Op, C...>> : std::bool_constant<(Expression<C> && ...)> {};

// ---- shape -------------------------------------------------------------------------------------

template <class E>
struct shape {
  static constexpr std::size_t arity = 0;
};
template <class Op, class... C>
struct shape<nodes::node<Op, C...>> {
  static constexpr std::size_t arity = sizeof...(C);
  using op = Op;
};

template <class E>
inline constexpr std::size_t arity_v = shape<E>::arity;
template <class E>
using op_t = typename shape<E>::op;

template <std::size_t I, class E>
struct child_type;
template <class Op, class A>
struct child_type<0, nodes::node<Op, A>> {
  using type = A;
};
template <class Op, class L, class R>
struct child_type<0, nodes::node<Op, L, R>> {
  using type = L;
};
template <class Op, class L, class R>
struct child_type<1, nodes::node<Op, L, R>> {
  using type = R;
};
template <std::size_t I, class E>
using child_t = typename child_type<I, E>::type;

/// The `I`-th operand of a node.
template <std::size_t I, class Op, class... C>
[[nodiscard]] constexpr auto const& child(nodes::node<Op, C...> const& n) noexcept {
  if constexpr (sizeof...(C) == 1) return n.arg;
  else if constexpr (I == 0) return n.lhs;
  else return n.rhs;
}

template <class E>
inline constexpr bool is_variable_v = false;
template <ctgrad::detail::fixed_string L>
inline constexpr bool is_variable_v<nodes::variable<L>> = true;

template <class E>
inline constexpr bool is_literal_v = false;
template <long long N>
inline constexpr bool is_literal_v<nodes::literal<N>> = true;

/// `E` is the literal `N`.
template <class E, long long N>
inline constexpr bool is_literal_of_v = false;
template <long long N>
inline constexpr bool is_literal_of_v<nodes::literal<N>, N> = true;

/// Both are literals and the first is an exact multiple of the (non-zero) second.
template <class X, class Y>
inline constexpr bool exact_quotient_v = false;
template <long long N, long long D>
inline constexpr bool exact_quotient_v<nodes::literal<N>, nodes::literal<D>> = D != 0 && N % D == 0;

/// Leaves that are numbers (literal or runtime constant).
template <class E>
inline constexpr bool is_number_leaf_v = is_literal_v<E> || is_constant_v<E>;

// ---- properties memoised per type (linear in the number of distinct types) --------------------

/// Active: depends on some variable, so it needs an adjoint.
template <class E>
inline constexpr bool is_active_v = is_variable_v<E>;
template <class Op, class... C>
inline constexpr bool is_active_v<nodes::node<Op, C...>> = (is_active_v<C> || ...);

/// The variable labelled `L` occurs in `E`.
template <class E, ctgrad::detail::fixed_string L>
inline constexpr bool occurs_v = false;
template <ctgrad::detail::fixed_string M, ctgrad::detail::fixed_string L>
inline constexpr bool occurs_v<nodes::variable<M>, L> = (M == L);
template <class Op, class... C, ctgrad::detail::fixed_string L>
inline constexpr bool occurs_v<nodes::node<Op, C...>, L> = (occurs_v<C, L> || ...);

/// Height of the graph below `E` (a leaf has height 0).
template <class E>
inline constexpr std::size_t height_v = 0;
template <class Op, class... C>
inline constexpr std::size_t height_v<nodes::node<Op, C...>> = 1 + std::max({height_v<C>...});

// ---- identity: a structural hash (for the node table) and an exact type id (for equality) -------

[[nodiscard]] constexpr std::uint64_t hash_text(std::string_view s) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

[[nodiscard]] constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t x) noexcept {
  h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

template <class E>
inline constexpr std::uint64_t hash_v = 0;
template <ctgrad::detail::fixed_string L>
inline constexpr std::uint64_t hash_v<nodes::variable<L>> = hash_mix(1, hash_text(L.view()));
template <long long N>
inline constexpr std::uint64_t hash_v<nodes::literal<N>> = hash_mix(2, static_cast<std::uint64_t>(N));
/// The hash of an op node from its op's text and its operands' hashes (a function, not a lambda per
/// node type: every closure type would be one more class for the compiler to build).
[[nodiscard]] constexpr std::uint64_t hash_node(std::string_view op, std::uint64_t x, std::uint64_t y = 0) noexcept {
  return hash_mix(hash_mix(hash_text(op), x), y);
}
template <class Op, class... C>
inline constexpr std::uint64_t hash_v<nodes::node<Op, C...>> = hash_node(Op::text, hash_v<C>...);

template <class E>
inline constexpr char type_tag = 0;

/// A distinct address per type, comparable in constant expressions.
template <class E>
inline constexpr void const* type_id = &type_tag<E>;

/// The node `Op(operands...)`: empty if every operand is pure, else holding the operands.
template <class Op, class... C>
[[nodiscard]] constexpr nodes::node<Op, C...> make_node(C const&... operands) noexcept {
  if constexpr ((is_pure_v<C> && ...)) {
    ((void)operands, ...);
    return {};
  } else {
    return {operands...};
  }
}

// ---- symbolic differentiation entry (defined in derivative.hpp, used by the op rules) ------------

/// d E / d L as a new, simplified expression; `literal<0>` when `L` does not occur in `E`.
template <ctgrad::detail::fixed_string L, Expression E>
[[nodiscard]] constexpr auto derive(E const& e);

}  // namespace detail

}  // namespace ctgrad::expr
