// ctgrad::expr::detail::sweep: the forward pass and the reverse sweep generated from an expression type.
#pragma once

#include <array>
#include <cstddef>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/node.hpp>

namespace ctgrad::expr::detail {

/// The value and adjoint slots of every distinct node of `E`, on the stack, and the two passes.
/// Inputs and gradients are arrays in the variable order of `Order` (`E` itself, or an expression
/// whose variables include those of `E`, as for the rows of a Hessian).
///
/// Both passes recurse along the graph's tree edges only (see graph.hpp), so each distinct node is
/// computed once; the recursion is fully known at compile time and inlines to straight-line code.
template <class E, class Order, Scalar S>
struct sweep {
  using g = graph<E>;
  static constexpr std::size_t size = g::size;
  static constexpr std::size_t inputs = graph<Order>::variable_count;

  std::array<S, size> value;
  std::array<S, size> adjoint;

  /// Evaluates the node `n` in slot `K` after its not-yet-evaluated operands.
  template <std::size_t K, class N>
  constexpr void forward(N const& n, std::array<S, inputs> const& in) noexcept {
    constexpr slot_info s = g::slots[K];
    if constexpr (is_variable_v<N>) {
      value[K] = in[graph<Order>::index_of(N::label)];
    } else if constexpr (is_literal_v<N>) {
      value[K] = broadcast<S>(N::value);
    } else if constexpr (is_constant_v<N>) {
      value[K] = broadcast<S>(n.value);
    } else {
      using op = op_t<N>;
      if constexpr (s.tree[0]) forward<s.child[0]>(child<0>(n), in);
      if constexpr (s.arity == 1) {
        value[K] = op::value(value[s.child[0]]);
      } else {
        if constexpr (s.tree[1]) forward<s.child[1]>(child<1>(n), in);
        value[K] = op::value(value[s.child[0]], value[s.child[1]]);
      }
    }
  }

  /// Propagates the (complete) adjoint of slot `K` to its operands, then continues with the operands
  /// first reached from here, last operand first: exactly the reverse of the forward order.
  template <std::size_t K, class N>
  constexpr void backward(N const& n) noexcept {
    if constexpr (is_active_v<N> && arity_v<N> != 0) {
      constexpr slot_info s = g::slots[K];
      using op = op_t<N>;
      S const gk = adjoint[K];
      if constexpr (s.arity == 1) {
        adjoint[s.child[0]] += op::vjp(value[s.child[0]], value[K], gk);
      } else {
        S const x = value[s.child[0]];
        S const y = value[s.child[1]];
        if constexpr (is_active_v<child_t<0, N>>) adjoint[s.child[0]] += op::vjp_lhs(x, y, value[K], gk);
        if constexpr (is_active_v<child_t<1, N>>) adjoint[s.child[1]] += op::vjp_rhs(x, y, value[K], gk);
        if constexpr (s.tree[1]) backward<s.child[1]>(child<1>(n));
      }
      if constexpr (s.tree[0]) backward<s.child[0]>(child<0>(n));
    }
  }

  /// Where the adjoint of each variable of `Order` lives (`no_slot` if it does not occur in `E`).
  static constexpr std::array<std::size_t, inputs> variable_slots = [] {
    std::array<std::size_t, inputs> out{};
    for (std::size_t i = 0; i != inputs; ++i) {
      out[i] = no_slot;
      for (std::size_t k = 0; k != size; ++k) {
        if (g::slots[k].kind == slot_kind::variable && g::slots[k].label == graph<Order>::labels[i]) out[i] = k;
      }
    }
    return out;
  }();

  /// Forward pass, then reverse sweep seeded with d f / d f = 1; gradients in `Order`'s variable order.
  constexpr void run(E const& f, std::array<S, inputs> const& in, std::array<S, inputs>& gradient) noexcept {
    forward<g::root>(f, in);
    if constexpr (is_active_v<E>) {
      // -0.0 is the exact additive identity (-0.0 + x == x for every x, +0.0 included), so the first
      // accumulation into a slot folds away to a plain store.
      adjoint.fill(broadcast<S>(-0.0));
      adjoint[g::root] = broadcast<S>(1);
      backward<g::root>(f);
    }
    for (std::size_t i = 0; i != inputs; ++i) {
      gradient[i] = variable_slots[i] == no_slot ? broadcast<S>(0) : adjoint[variable_slots[i]] + broadcast<S>(0);
    }
  }

  /// Forward pass only.
  [[nodiscard]] constexpr S evaluate(E const& f, std::array<S, inputs> const& in) noexcept {
    forward<g::root>(f, in);
    return value[g::root];
  }
};

}  // namespace ctgrad::expr::detail
