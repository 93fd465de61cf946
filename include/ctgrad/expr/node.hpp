// ctgrad::expr node types (op tag + operands by value) and the compile-time traits the graph utilities read.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/leaf.hpp>

namespace ctgrad::expr {

namespace nodes {
/// An op applied to its operands (one to three): an empty op tag (`ctgrad::op::mul`, or a user's op) and the
/// operands by value. Operands are read with `child<I>(n)`, or as `n.arg` (one operand), `n.lhs` and `n.rhs`
/// (two), `n.first`, `n.second` and `n.third` (three).
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
// hold runtime constants are data members.

template <class Op, class Arg>
  requires detail::is_pure_v<Arg>
struct node<Op, Arg> final : math::operand<node<Op, Arg>> {
  static constexpr Arg arg{};
};

template <class Op, class Arg>
struct node<Op, Arg> final : math::operand<node<Op, Arg>> {
  Arg arg;
};

template <class Op, class Lhs, class Rhs>
  requires(detail::is_pure_v<Lhs> && detail::is_pure_v<Rhs>)
struct node<Op, Lhs, Rhs> final : math::operand<node<Op, Lhs, Rhs>> {
  static constexpr Lhs lhs{};
  static constexpr Rhs rhs{};
};

template <class Op, class Lhs, class Rhs>
struct node<Op, Lhs, Rhs> final : math::operand<node<Op, Lhs, Rhs>> {
  Lhs lhs;
  Rhs rhs;
};

template <class Op, class A, class B, class C>
  requires(detail::is_pure_v<A> && detail::is_pure_v<B> && detail::is_pure_v<C>)
struct node<Op, A, B, C> final : math::operand<node<Op, A, B, C>> {
  static constexpr A first{};
  static constexpr B second{};
  static constexpr C third{};
};

template <class Op, class A, class B, class C>
struct node<Op, A, B, C> final : math::operand<node<Op, A, B, C>> {
  A first;
  B second;
  C third;
};

}  // namespace nodes

namespace nodes {
/// Several expressions differentiated together (`jacobian`, `jvp`, `vjp`): one graph, each shared
/// subexpression computed once. Made by `ctgrad::outputs(e...)`; not an expression itself.
template <class... E>
struct outputs final {
  std::tuple<E...> items;
};
}  // namespace nodes

namespace detail {

template <class E>
inline constexpr bool is_outputs_v = false;
template <class... E>
inline constexpr bool is_outputs_v<nodes::outputs<E...>> = true;

template <class Op, class... C>
  requires(sizeof...(C) >= 1 && sizeof...(C) <= 3)
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
template <std::size_t I, class Op, class... C>
struct child_type<I, nodes::node<Op, C...>> {
  using type = std::tuple_element_t<I, std::tuple<C...>>;
};
template <std::size_t I, class E>
using child_t = typename child_type<I, E>::type;

/// The `I`-th operand of a node.
template <std::size_t I, class Op, class... C>
[[nodiscard]] constexpr auto const& child(nodes::node<Op, C...> const& n) noexcept {
  if constexpr (sizeof...(C) == 1) return n.arg;
  else if constexpr (sizeof...(C) == 2 && I == 0) return n.lhs;
  else if constexpr (sizeof...(C) == 2) return n.rhs;
  else if constexpr (I == 0) return n.first;
  else if constexpr (I == 1) return n.second;
  else return n.third;
}

// ---- leaves --------------------------------------------------------------------------------------

/// Leaves bound by label at each call: variables (differentiated) and data (not), scalar or vector elements.
/// `label`, `index` (0 for a scalar) and `extent` (0 for a scalar, N for an element of a vector of N).
template <class E>
struct input_leaf {
  static constexpr bool value = false;
};
template <ctgrad::detail::fixed_string L>
struct input_leaf<nodes::variable<L>> {
  static constexpr bool value = true;
  static constexpr bool differentiable = true;
  static constexpr std::size_t index = 0;
  static constexpr std::size_t extent = 0;
};
template <ctgrad::detail::fixed_string L>
struct input_leaf<nodes::data<L>> {
  static constexpr bool value = true;
  static constexpr bool differentiable = false;
  static constexpr std::size_t index = 0;
  static constexpr std::size_t extent = 0;
};
template <class V, std::size_t I>
struct input_leaf<nodes::element<V, I>> {
  static constexpr bool value = true;
  static constexpr bool differentiable = V::differentiable;
  static constexpr std::size_t index = I;
  static constexpr std::size_t extent = V::size;
};

template <class E>
inline constexpr bool is_input_v = input_leaf<E>::value;

/// A vector variable (the handle `var<"x", N>`, not an expression).
template <class V>
inline constexpr bool is_vector_variable_v = false;
template <ctgrad::detail::fixed_string L, std::size_t N>
inline constexpr bool is_vector_variable_v<nodes::vector_variable<L, N>> = true;

/// A variable (scalar or element of a vector variable): a leaf that has a gradient.
template <class E>
inline constexpr bool is_variable_v = [] {
  if constexpr (is_input_v<E>) return input_leaf<E>::differentiable;
  else return false;
}();

template <class E>
inline constexpr bool is_literal_v = false;
template <long long N, long long D>
inline constexpr bool is_literal_v<nodes::literal<N, D>> = true;

/// `E` is the literal (integer) `N`.
template <class E, long long N>
inline constexpr bool is_literal_of_v = false;
template <long long N>
inline constexpr bool is_literal_of_v<nodes::literal<N, 1>, N> = true;

/// Leaves that are numbers (literal or runtime constant).
template <class E>
inline constexpr bool is_number_leaf_v = is_literal_v<E> || is_constant_v<E>;

// ---- properties memoised per type (linear in the number of distinct types) --------------------

/// Active: depends on some variable through operands that pass a gradient, so it needs an adjoint.
template <class E>
inline constexpr bool is_active_v = is_variable_v<E>;
template <class Op, class... C>
inline constexpr bool is_active_v<nodes::node<Op, C...>> = [] {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return ((is_active_v<C> && ctgrad::detail::passes_gradient<Op, I>()) || ...);
  }(std::index_sequence_for<C...>{});
}();

/// The variable `V` (a variable or element type) occurs in `E` through operands that pass a gradient.
template <class E, class V>
inline constexpr bool occurs_v = std::is_same_v<E, V>;
template <class Op, class... C, class V>
inline constexpr bool occurs_v<nodes::node<Op, C...>, V> = [] {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return ((occurs_v<C, V> && ctgrad::detail::passes_gradient<Op, I>()) || ...);
  }(std::index_sequence_for<C...>{});
}();

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
inline constexpr std::uint64_t hash_v = [] {
  if constexpr (is_input_v<E>) {
    return hash_mix(hash_mix(input_leaf<E>::differentiable ? 1 : 3, hash_text(E::label)), input_leaf<E>::index);
  } else {
    return std::uint64_t{0};
  }
}();
template <long long N, long long D>
inline constexpr std::uint64_t hash_v<nodes::literal<N, D>> = hash_mix(hash_mix(2, static_cast<std::uint64_t>(N)), static_cast<std::uint64_t>(D));
/// The hash of an op node from its op's name and its operands' hashes (a function, not a lambda per node
/// type: every closure type would be one more class for the compiler to build).
[[nodiscard]] constexpr std::uint64_t hash_node(std::string_view op, std::uint64_t x, std::uint64_t y = 0, std::uint64_t z = 0) noexcept {
  return hash_mix(hash_mix(hash_mix(hash_text(op), x), y), z);
}
template <class Op, class... C>
inline constexpr std::uint64_t hash_v<nodes::node<Op, C...>> = hash_node(Op::name, hash_v<C>...);

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
    return {{}, operands...};
  }
}

}  // namespace detail

}  // namespace ctgrad::expr
