// ctgrad::expr::detail::sweep: the forward pass and the reverse sweep generated from an expression type.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/node.hpp>

namespace ctgrad::expr::detail {

// Everything a gradient runs is forced inline (`CTGRAD_INLINE`, see its header).

// ---- the rule of one slot, by what the slot holds -----------------------------------------------
//
// Each rule is a class per op tag (or leaf type), never per node type, so no symbol names a node type
// (see graph.hpp for why). Its slot numbers are template arguments: compile-time constants from the
// start. (Read at run time from the constexpr tables, clang folds each read by materialising the whole
// table again: quadratic in the graph's size.)

/// What the passes read for slot `k`: values `v`, adjoints `adj`, inputs, runtime constants.
template <Scalar S>
struct slots_view {
  S* v;
  S* adj;
  S const* in;
  double const* constants;
};

/// A leaf's rule: its value; it has no operands to propagate to.
template <class Leaf>
struct leaf_rule {
  template <unsigned char, std::size_t, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const&) noexcept {}
};

template <ctgrad::detail::fixed_string L>
struct leaf_rule<nodes::variable<L>> : leaf_rule<void> {
  template <std::size_t K, std::size_t Input, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = s.in[Input];
  }
};
template <long long N>
struct leaf_rule<nodes::literal<N>> : leaf_rule<void> {
  template <std::size_t K, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = broadcast<S>(N);
  }
};
template <>
struct leaf_rule<nodes::constant> : leaf_rule<void> {
  template <std::size_t K, std::size_t C, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = broadcast<S>(s.constants[C]);
  }
};

/// The first contribution to an adjoint is stored, later ones are added.
template <bool First, Scalar S>
CTGRAD_INLINE constexpr void accumulate(S& adjoint, S const& contribution) noexcept {
  if constexpr (First) adjoint = contribution;
  else adjoint += contribution;
}

template <class Op>
struct unary_rule {
  template <std::size_t K, std::size_t X, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = Op::value(s.v[X]);
  }
  template <unsigned char Step, std::size_t K, std::size_t X, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const& s) noexcept {
    if constexpr ((Step & 1U) != 0) accumulate<(Step & 4U) != 0>(s.adj[X], Op::vjp(s.v[X], s.v[K], s.adj[K]));
  }
};

template <class Op>
struct binary_rule {
  template <std::size_t K, std::size_t X, std::size_t Y, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = Op::value(s.v[X], s.v[Y]);
  }
  template <unsigned char Step, std::size_t K, std::size_t X, std::size_t Y, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const& s) noexcept {
    if constexpr ((Step & 1U) != 0) accumulate<(Step & 4U) != 0>(s.adj[X], Op::vjp_lhs(s.v[X], s.v[Y], s.v[K], s.adj[K]));
    if constexpr ((Step & 2U) != 0) accumulate<(Step & 8U) != 0>(s.adj[Y], Op::vjp_rhs(s.v[X], s.v[Y], s.v[K], s.adj[K]));
  }
};

/// A slot's rule: `leaf_rule<N>`, or `unary_rule<Op>` / `binary_rule<Op>` for an op node.
template <class N>
struct slot_rule {
  using type = leaf_rule<N>;
};
template <class Op, class A>
struct slot_rule<nodes::node<Op, A>> {
  using type = unary_rule<Op>;
};
template <class Op, class L, class R>
struct slot_rule<nodes::node<Op, L, R>> {
  using type = binary_rule<Op>;
};
template <class N>
using slot_rule_t = typename slot_rule<N>::type;

// ---- the runtime constants of an expression, in the graph walk's order -------------------------

/// Appends the runtime constants below `n` to `out`, in the order `graph<E>` numbers them (operands in
/// order, depth first). Pure subtrees hold none and are not entered, so only nodes with a constant
/// below them instantiate this.
template <class N>
constexpr void collect_constants(N const& n, double* out, std::size_t& at) noexcept {
  if constexpr (is_constant_v<N>) {
    out[at++] = n.value;
  } else if constexpr (arity_v<N> != 0) {
    if constexpr (!is_pure_v<child_t<0, N>>) collect_constants(child<0>(n), out, at);
    if constexpr (arity_v<N> == 2) {
      if constexpr (!is_pure_v<child_t<1, N>>) collect_constants(child<1>(n), out, at);
    }
  }
}

// ---- the sweep -----------------------------------------------------------------------------------

/// The value and adjoint slots of every distinct node of `E`, on the stack, and the two passes.
/// Inputs and gradients are arrays in the variable order of `Order` (`E` itself, or an expression
/// whose variables include those of `E`, as for the rows of a Hessian).
///
/// Each pass is one pack expansion over the slots: forward in topological order, backward in reverse. An
/// adjoint is written first by a store and then accumulated, so no slot is cleared; the adjoint of a
/// slot that depends on no variable is never written (`graph<E>::slots[k].active` tells).
template <class E, class Order, Scalar S>
struct sweep {
  using g = graph<E>;
  static constexpr std::size_t size = g::size;
  static constexpr std::size_t inputs = graph<Order>::variable_count;

  std::array<S, size> value;
  std::array<S, size> adjoint;
  std::array<double, g::constant_count> constants;

  /// For each slot, the first number its rule reads: operand 0's slot, a variable's input position, or
  /// a constant's number (a plain array, for the reason `slot_table` gives).
  struct first_arguments {
    std::size_t of[size];
  };
  static constexpr first_arguments arguments = [] {
    first_arguments out{};
    for (std::size_t k = 0; k != size; ++k) {
      slot_info const& s = g::slots[k];
      if (s.kind == slot_kind::variable) out.of[k] = graph<Order>::index_of(s.label);
      else if (s.kind == slot_kind::constant) out.of[k] = s.constant;
      else out.of[k] = s.child[0];
    }
    return out;
  }();

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

  /// Forward pass: every distinct node once, operands first.
  CTGRAD_INLINE constexpr void forward(E const& f, std::array<S, inputs> const& in) noexcept {
    if constexpr (g::constant_count != 0) {
      std::size_t at = 0;
      collect_constants(f, constants.data(), at);
    }
    slots_view<S> const s{value.data(), adjoint.data(), in.data(), constants.data()};
    // Pack expansions in braced lists, not fold expressions: they run in order, and a fold over a
    // thousand slots exceeds clang's expression nesting limit.
    // The slot types from the root down first: each is then one step from its parent's.
    [&]<std::size_t... R>(std::index_sequence<R...>) {
      [[maybe_unused]] constexpr std::size_t root_first[] = {sizeof(slot_type_t<E, size - 1 - R>*)...};
    }(std::make_index_sequence<size>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {
          (slot_rule_t<slot_type_t<E, K>>::template forward<K, arguments.of[K], g::table.operand[1][K]>(s), true)...};
    }(std::make_index_sequence<size>{});
  }

  /// Reverse sweep seeded with d f / d f = 1: every active node once, users before operands.
  CTGRAD_INLINE constexpr void backward() noexcept {
    if constexpr (g::slots[g::root].active) {
      adjoint[g::root] = broadcast<S>(1);
      slots_view<S> const s{value.data(), adjoint.data(), nullptr, nullptr};
      [&]<std::size_t... R>(std::index_sequence<R...>) __attribute__((always_inline)) {
        [[maybe_unused]] bool const done[] = {
            (slot_rule_t<slot_type_t<E, size - 1 - R>>::template backward<
                 g::table.step[size - 1 - R], size - 1 - R, g::table.operand[0][size - 1 - R],
                 g::table.operand[1][size - 1 - R]>(s),
             true)...};
      }(std::make_index_sequence<size>{});
    }
  }

  /// Forward pass, then reverse sweep; gradients in `Order`'s variable order.
  CTGRAD_INLINE constexpr void run(E const& f, std::array<S, inputs> const& in, std::array<S, inputs>& gradient) noexcept {
    forward(f, in);
    backward();
    for (std::size_t i = 0; i != inputs; ++i) {
      gradient[i] = variable_slots[i] == no_slot ? broadcast<S>(0) : adjoint[variable_slots[i]];
    }
  }

  /// Forward pass only.
  [[nodiscard]] CTGRAD_INLINE constexpr S evaluate(E const& f, std::array<S, inputs> const& in) noexcept {
    forward(f, in);
    return value[g::root];
  }
};

}  // namespace ctgrad::expr::detail
