// ctgrad::expr::derivative<"x">(f): the symbolic derivative of a static expression, itself an expression.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::expr {

namespace detail {

template <class V, Expression E>
constexpr auto derive(E const& e);

/// Operand `I`'s term of the chain rule: (d e / d operand) * (d operand / d V), or 0 when V does not reach
/// the operand through it.
template <class V, std::size_t I, class E>
constexpr auto chain_term(E const& e) {
  using Op = op_t<E>;
  if constexpr (!occurs_v<child_t<I, E>, V> || !op_traits<Op>::template differentiable<I>) {
    return nodes::literal<0>{};
  } else {
    auto const partial = [&]<std::size_t... J>(std::index_sequence<J...>) {
      return op_traits<Op>::template symbolic<I>(e, child<J>(e)...);
    }(std::make_index_sequence<arity_v<E>>{});
    return partial * derive<V>(child<I>(e));
  }
}

/// d e / d V for the variable (or vector element) type `V`, simplified as it is built.
template <class V, Expression E>
constexpr auto derive(E const& e) {
  if constexpr (!occurs_v<E, V>) return nodes::literal<0>{};
  else if constexpr (std::is_same_v<E, V>) return nodes::literal<1>{};
  else if constexpr (is_loop_v<E>) return derive<V>(unrolled_of(e));
  else if constexpr (arity_v<E> == 1) return chain_term<V, 0>(e);
  else if constexpr (arity_v<E> == 2) return chain_term<V, 0>(e) + chain_term<V, 1>(e);
  else return chain_term<V, 0>(e) + chain_term<V, 1>(e) + chain_term<V, 2>(e);
}

}  // namespace detail

/// d f / d x as a new expression type, simplified while it is built (`x * 1 -> x`, `0 + y -> y`,
/// `-(-x) -> x`, `x * 0 -> 0`, literal arithmetic), so it prints short and can be differentiated
/// again: `derivative<"a">(derivative<"b">(f))`. Subexpressions of `f` it reuses (`tanh(x)` in
/// d tanh(x)) are the same types, so a sweep of the derivative computes them once. It is built from each op's
/// symbolic derivative (`symbolic` in the op's definition). Its inputs are those it still depends on; to
/// evaluate it with the bindings of `f`, pass them as one `inputs(...)` bundle to both.
///
///     to_string(derivative<"a">((a + b) * c + e)) == "c"
template <ctgrad::detail::fixed_string L>
struct derivative_fn {
  template <Expression F>
    requires(detail::occurs_v<F, nodes::variable<L>>)
  [[nodiscard]] constexpr auto operator()(F const& f) const noexcept {
    return detail::derive<nodes::variable<L>>(f);
  }
  template <Expression F>
    requires(!detail::occurs_v<F, nodes::variable<L>>)
  constexpr auto operator()(F const&) const {
    static_assert(detail::dependent_false<F>, "ctgrad::derivative<x>(f): the variable x does not occur in f");
  }
};
template <ctgrad::detail::fixed_string L>
inline constexpr derivative_fn<L> derivative{};

}  // namespace ctgrad::expr
