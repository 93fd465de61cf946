// ctgrad::expr::for_each_node: evaluate and sweep once, then show each distinct node (for draw_dot and the tape bridge).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

#include <ctgrad/detail/expr_text.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/ops/pow.hpp>
#include <ctgrad/expr/sweep.hpp>

namespace ctgrad::expr {

/// One distinct node of a static graph after a forward pass and a reverse sweep, as `for_each_node`
/// shows it. The views (`text`, `children`) are valid during the visitor call only; copy what you keep.
template <Scalar S>
struct node_info {
  std::size_t index;                      ///< the node's slot: operands come before the nodes using them
  bool is_leaf;                           ///< a variable or a number (no operands)
  bool is_variable;                       ///< a variable (then `text` is its label)
  std::string_view text;                  ///< label, number ("2", "0.5"), or micrograd's op: "+", "*", "**3", "ReLU", "neg"...
  S value;                                ///< the node's value
  S grad;                                 ///< d f / d node (0 for nodes that depend on no variable)
  std::span<std::size_t const> children;  ///< the operands' indices, in operand order
};

namespace detail {

/// `x**p` for a numeric leaf `p` (micrograd's `__pow__` by a number).
template <class N>
inline constexpr bool is_power_by_number_v = false;
template <class X, class P>
inline constexpr bool is_power_by_number_v<nodes::node<op::pow, X, P>> = is_number_leaf_v<P>;

template <class E, class V, Scalar S>
struct node_walker {
  using g = graph<E>;
  sweep<E, E, S> const& sw;
  V& visitor;

  template <std::size_t K, class N>
  void walk(N const& n) {
    constexpr slot_info s = g::slots[K];
    if constexpr (arity_v<N> >= 1 && s.tree[0]) walk<s.child[0]>(child<0>(n));
    if constexpr (arity_v<N> == 2 && s.tree[1]) walk<s.child[1]>(child<1>(n));

    S const grad = is_active_v<N> && is_active_v<E> ? sw.adjoint[K] + broadcast<S>(0) : broadcast<S>(0);
    auto const show = [&](std::string_view text) {
      node_info<S> const info{K, arity_v<N> == 0, is_variable_v<N>, text, sw.value[K], grad,
                              std::span<std::size_t const>(g::slots[K].child.data(), s.arity)};
      visitor(info);
    };
    if constexpr (is_variable_v<N>) {
      show(N::label);
    } else if constexpr (is_literal_v<N>) {
      show(number_text(N::value).view());
    } else if constexpr (is_constant_v<N>) {
      show(number_text(n.value).view());
    } else if constexpr (is_power_by_number_v<N>) {
      // micrograd names a power by its exponent: "**0.5".
      number_text const exponent(number_value(n.rhs));
      char text[48]{'*', '*'};
      std::size_t length = 2;
      for (char c : exponent.view()) text[length++] = c;
      show(std::string_view(text, length));
    } else {
      show(op_t<N>::text);
    }
  }
};

}  // namespace detail

/// Evaluates `f` and sweeps it once, then calls `visitor(node_info<S> const&)` for each distinct node
/// in topological order (operands first, `f` last), and returns the same result as `grad`. Inputs are
/// bound as for `grad`. For drawing (`draw_dot`) and for recording `f` as one node of the dynamic tape.
///
///     for_each_node(f, [](auto const& n) { std::cout << n.index << ' ' << n.text << '\n'; }, 2.0, 3.0);
struct for_each_node_fn {
  template <Expression F, class V, class... In>
    requires detail::valid_binding<F, In...> && std::invocable<V&, node_info<detail::scalar_of_t<In...>> const&>
  constexpr auto operator()(F const& f, V&& visitor, In const&... inputs) const {
    using S = detail::scalar_of_t<In...>;
    auto const in = detail::gather_inputs<F, S>(inputs...);
    gradient_result<S, F> r{};
    detail::sweep<F, F, S> sw;
    sw.run(f, in, r.gradient);
    r.value = sw.value[detail::graph<F>::root];
    detail::node_walker<F, std::remove_reference_t<V>, S>{sw, visitor}.template walk<detail::graph<F>::root>(f);
    return r;
  }
  template <Expression F, class V, class... In>
    requires(!detail::valid_binding<F, In...>)
  void operator()(F const&, V&&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }
};
inline constexpr for_each_node_fn for_each_node{};

}  // namespace ctgrad::expr
