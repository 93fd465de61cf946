// ctgrad::expr::detail::sweep: the forward pass and the reverse sweep generated from an expression type.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/node.hpp>

namespace ctgrad::expr::detail {

namespace numeric = ctgrad::detail::numeric;

// Everything a gradient runs is forced inline (`CTGRAD_INLINE`, see its header).

// ---- the rule of one slot, by what the slot holds -----------------------------------------------
//
// Each rule is a class per op tag (or leaf type), never per node type, so no symbol names a node type
// (see graph.hpp for why). Its slot numbers are template arguments: compile-time constants from the
// start. (Read at run time from the constexpr tables, clang folds each read by materialising the whole
// table again: quadratic in the graph's size.)

/// What the passes read for slot `k`: values `v`, adjoints (or tangents) `adj`, the elements of each variable
/// and data entry (`gathered`), runtime constants, and a tangent per variable position (forward mode).
template <Scalar S>
struct slots_view {
  S* v;
  S* adj;
  S const* const* in;
  S const* const* data;
  double const* constants;
  S const* direction = nullptr;
};

/// A leaf's rule: its value; it has no operands to propagate to. (A variable's tangent is set by the sweep.)
template <class Leaf>
struct leaf_rule {
  template <unsigned char, std::size_t, std::size_t, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const&) noexcept {}
  template <unsigned char, std::size_t, std::size_t, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void tangent(slots_view<S> const&) noexcept {}
};

/// Variables and data: element `Index` of their input entry `Entry`, read where the caller keeps it.
template <class Leaf>
  requires is_input_v<Leaf>
struct leaf_rule<Leaf> : leaf_rule<void> {
  template <std::size_t K, std::size_t Entry, std::size_t Index, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    if constexpr (input_leaf<Leaf>::differentiable) s.v[K] = s.in[Entry][Index];
    else s.v[K] = s.data[Entry][Index];
  }
};
template <long long N, long long D>
struct leaf_rule<nodes::literal<N, D>> : leaf_rule<void> {
  template <std::size_t K, std::size_t, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = numeric::rational<S>(N, D);
  }
};
template <>
struct leaf_rule<nodes::constant> : leaf_rule<void> {
  template <std::size_t K, std::size_t C, std::size_t, std::size_t, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    s.v[K] = numeric::broadcast<S>(s.constants[C]);
  }
};

/// The first contribution to an adjoint is stored, later ones are added.
template <bool First, Scalar S>
CTGRAD_INLINE constexpr void accumulate(S& adjoint, S const& contribution) noexcept {
  if constexpr (First) adjoint = contribution;
  else adjoint += contribution;
}

/// An op node's rule, from `op_traits<Op>`: its operands are slots `X`, `Y`, `Z` (as many as it has).
template <class Op, std::size_t Arity>
struct op_rule {
  template <std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    if constexpr (Arity == 1) s.v[K] = op_traits<Op>::value(s.v[X]);
    else if constexpr (Arity == 2) s.v[K] = op_traits<Op>::value(s.v[X], s.v[Y]);
    else s.v[K] = op_traits<Op>::value(s.v[X], s.v[Y], s.v[Z]);
  }

  /// `g` times d out / d operand I at the slot's point.
  template <std::size_t I, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, Scalar S>
  CTGRAD_INLINE static constexpr S contribution(slots_view<S> const& s, S const& g) noexcept {
    if constexpr (Arity == 1) return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X]);
    else if constexpr (Arity == 2) return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X], s.v[Y]);
    else return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X], s.v[Y], s.v[Z]);
  }

  /// Forward mode: the slot's tangent (in `s.adj`) from its operands' tangents, through the edges `Edges`.
  template <unsigned char Edges, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, Scalar S>
  CTGRAD_INLINE static constexpr void tangent(slots_view<S> const& s) noexcept {
    if constexpr ((Edges & 1U) != 0) accumulate<true>(s.adj[K], contribution<0, K, X, Y, Z>(s, s.adj[X]));
    if constexpr ((Edges & 2U) != 0) accumulate<(Edges & 1U) == 0>(s.adj[K], contribution<1, K, X, Y, Z>(s, s.adj[Y]));
    if constexpr ((Edges & 4U) != 0) accumulate<(Edges & 3U) == 0>(s.adj[K], contribution<2, K, X, Y, Z>(s, s.adj[Z]));
  }

  template <unsigned char Step, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const& s) noexcept {
    if constexpr ((Step & 1U) != 0) accumulate<(Step & 8U) != 0>(s.adj[X], contribution<0, K, X, Y, Z>(s, s.adj[K]));
    if constexpr ((Step & 2U) != 0) accumulate<(Step & 16U) != 0>(s.adj[Y], contribution<1, K, X, Y, Z>(s, s.adj[K]));
    if constexpr ((Step & 4U) != 0) accumulate<(Step & 32U) != 0>(s.adj[Z], contribution<2, K, X, Y, Z>(s, s.adj[K]));
  }
};

/// A slot's rule: `leaf_rule<N>`, or `op_rule<Op, arity>` for an op node.
template <class N>
struct slot_rule {
  using type = leaf_rule<N>;
};
template <class Op, class... C>
struct slot_rule<nodes::node<Op, C...>> {
  using type = op_rule<Op, sizeof...(C)>;
};
template <class N>
using slot_rule_t = typename slot_rule<N>::type;

// ---- the runtime constants of an expression, in the graph walk's order -------------------------

/// Appends the runtime constants below `n` to `out`, in the order `graph<E>` numbers them (operands in
/// order, depth first). Pure subtrees hold none and are not entered, so only nodes with a constant
/// below them instantiate this.
template <class N>
constexpr void collect_constants(N const& n, double* out, std::size_t& at) noexcept {
  if constexpr (is_outputs_v<N>) {
    std::apply([&](auto const&... e) { (collect_constants(e, out, at), ...); }, n.items);
  } else if constexpr (is_constant_v<N>) {
    out[at++] = n.value;
  } else if constexpr (arity_v<N> != 0) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((is_pure_v<child_t<I, N>> ? void() : collect_constants(child<I>(n), out, at)), ...);
    }(std::make_index_sequence<arity_v<N>>{});
  }
}

// ---- the sweep -----------------------------------------------------------------------------------

/// The value and adjoint slots of every distinct node of `E`, on the stack, and the passes.
/// Inputs and gradients are arrays in the variable order of `Order` (`E` itself, or an expression
/// whose inputs include those of `E`, as for the rows of a Hessian); data in `Order`'s data order.
///
/// Each pass is one pack expansion over the slots: forward in topological order, backward in reverse. An
/// adjoint is written first by a store and then accumulated, so no slot is cleared; the adjoint of a
/// slot that depends on no variable is never written (`graph<E>::slots[k].active` tells).
template <class E, class Order, Scalar S>
struct sweep {
  using g = graph<E>;
  static constexpr std::size_t size = g::size;
  static constexpr std::size_t inputs = graph<Order>::variable_count;
  static constexpr std::size_t data_inputs = graph<Order>::data_count;

  std::array<S, size> value;
  std::array<S, size> adjoint;
  std::array<double, g::constant_count> constants;

  /// For each slot, the first two numbers its rule reads: operands 0 and 1's slots; an input's entry in
  /// `Order` and its element; a constant's number. And a variable's position, for the tangent pass. (Plain
  /// arrays, for the reason `slot_table` gives.)
  struct rule_arguments {
    std::size_t of[size];
    std::size_t second[size];
    std::size_t position[size];
  };
  static constexpr rule_arguments arguments = [] {
    rule_arguments out{};
    for (std::size_t k = 0; k != size; ++k) {
      slot_info const& s = g::slots[k];
      out.second[k] = s.child[1];
      out.position[k] = no_slot;
      if (s.kind == slot_kind::variable || s.kind == slot_kind::data) {
        out.of[k] = graph<Order>::entry_of(s);
        out.second[k] = s.index;
        out.position[k] = graph<Order>::position_of(s);
      } else if (s.kind == slot_kind::constant) {
        out.of[k] = s.constant;
      } else {
        out.of[k] = s.child[0];
      }
    }
    return out;
  }();

  /// Where the adjoint of each variable position of `Order` lives after the reverse sweep from output `M`
  /// (`output_count` for the sweep from all outputs at once), or `no_slot` where that sweep gives it none.
  struct variable_slot_table {
    std::size_t of[inputs == 0 ? 1 : inputs];
  };
  template <std::size_t M>
  static constexpr variable_slot_table variable_slots = [] {
    variable_slot_table out{};
    for (std::size_t i = 0; i != inputs; ++i) out.of[i] = no_slot;
    for (std::size_t k = 0; k != size; ++k) {
      bool reached = g::slots[k].reached;
      if constexpr (M != g::output_count) reached = g::per_output.reached[M][k];
      if (g::slots[k].kind == slot_kind::variable && reached) out.of[graph<Order>::position_of(g::slots[k])] = k;
    }
    return out;
  }();

  /// Forward pass: every distinct node once, operands first.
  CTGRAD_INLINE constexpr void forward(E const& f, S const* const* in, S const* const* data) noexcept {
    if constexpr (g::constant_count != 0) {
      std::size_t at = 0;
      collect_constants(f, constants.data(), at);
    }
    slots_view<S> const s{value.data(), adjoint.data(), in, data, constants.data()};
    // Pack expansions in braced lists, not fold expressions: they run in order, and a fold over a
    // thousand slots exceeds clang's expression nesting limit.
    // The slot types from the root down first: each is then one step from its parent's.
    [&]<std::size_t... R>(std::index_sequence<R...>) {
      [[maybe_unused]] constexpr std::size_t root_first[] = {sizeof(slot_type_t<E, size - 1 - R>*)...};
    }(std::make_index_sequence<size>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {
          (slot_rule_t<slot_type_t<E, K>>::template forward<K, arguments.of[K], arguments.second[K], g::table.operand[2][K]>(s),
           true)...};
    }(std::make_index_sequence<size>{});
  }

  /// The step bits of slot `k` in the reverse sweep from output `M` (`output_count`: from all outputs).
  template <std::size_t M>
  static consteval unsigned char step_of(std::size_t k) {
    if constexpr (M == g::output_count) return g::table.step[k];
    else return g::per_output.step[M][k];
  }

  /// The reverse sweep `M` (see `step_of`), from the top slot down.
  template <std::size_t M>
  CTGRAD_INLINE constexpr void reverse_pass() noexcept {
    slots_view<S> const s{value.data(), adjoint.data(), nullptr, nullptr, nullptr};
    [&]<std::size_t... R>(std::index_sequence<R...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {
          (slot_rule_t<slot_type_t<E, size - 1 - R>>::template backward<
               step_of<M>(size - 1 - R), size - 1 - R, g::table.operand[0][size - 1 - R],
               g::table.operand[1][size - 1 - R], g::table.operand[2][size - 1 - R]>(s),
           true)...};
    }(std::make_index_sequence<size>{});
  }

  /// Reverse sweep of an expression seeded with d f / d f = 1: every node the root reaches once, users before
  /// operands.
  CTGRAD_INLINE constexpr void backward() noexcept {
    if constexpr (g::slots[g::root].reached) {
      adjoint[g::root] = numeric::broadcast<S>(1);
      reverse_pass<g::output_count>();
    }
  }

  /// Reverse sweep from output `M` alone (a row of the Jacobian).
  template <std::size_t M>
  CTGRAD_INLINE constexpr void backward_output() noexcept {
    if constexpr (g::per_output.reached[M][g::roots[M]]) {
      adjoint[g::roots[M]] = numeric::broadcast<S>(1);
      reverse_pass<M>();
    }
  }

  /// Reverse sweep from every output at once, output m seeded with `seeds[m]` (a vector-Jacobian product).
  CTGRAD_INLINE constexpr void backward_seeded(S const* seeds) noexcept {
    for (std::size_t m = 0; m != g::output_count; ++m) adjoint[g::roots[m]] = numeric::broadcast<S>(0);
    for (std::size_t m = 0; m != g::output_count; ++m) adjoint[g::roots[m]] += seeds[m];
    reverse_pass<g::output_count>();
  }

  /// Tangent pass (forward mode) after the forward pass: each active node's derivative along `direction` (a
  /// tangent per variable position of `Order`), left in `adjoint`.
  CTGRAD_INLINE constexpr void tangent(S const* direction) noexcept {
    slots_view<S> const s{value.data(), adjoint.data(), nullptr, nullptr, nullptr, direction};
    [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {(tangent_slot<K>(s), true)...};
    }(std::make_index_sequence<size>{});
  }

  /// The adjoint of variable position `I` of `Order` after the reverse sweep `M` (0 where it gives none).
  template <std::size_t M, std::size_t I>
  [[nodiscard]] CTGRAD_INLINE constexpr S gradient_at() const noexcept {
    if constexpr (variable_slots<M>.of[I] == no_slot) return numeric::broadcast<S>(0);
    else return adjoint[variable_slots<M>.of[I]];
  }

  /// The adjoints of the variables after the reverse sweep `M` (the default: of an expression, or from all
  /// outputs), in `Order`'s positions. Unrolled, with each slot a compile-time index: a loop here becomes
  /// gathers from the stack.
  template <std::size_t M = g::output_count == 1 ? 0 : g::output_count>
  CTGRAD_INLINE constexpr void gradient(S* out) const noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) __attribute__((always_inline)) {
      ((out[I] = gradient_at<M, I>()), ...);
    }(std::make_index_sequence<inputs>{});
  }

  /// Forward pass, then reverse sweep; gradients in `Order`'s variable order.
  CTGRAD_INLINE constexpr void run(E const& f, S const* const* in, S const* const* data, S* gradient_out) noexcept {
    forward(f, in, data);
    backward();
    gradient(gradient_out);
  }

  /// Forward pass only.
  [[nodiscard]] CTGRAD_INLINE constexpr S evaluate(E const& f, S const* const* in, S const* const* data) noexcept {
    forward(f, in, data);
    return value[g::root];
  }

 private:
  template <std::size_t K>
  CTGRAD_INLINE constexpr void tangent_slot(slots_view<S> const& s) noexcept {
    constexpr slot_info const& info = g::slots[K];
    if constexpr (info.kind == slot_kind::variable) {
      adjoint[K] = s.direction[arguments.position[K]];
    } else if constexpr (info.kind == slot_kind::op && info.active) {
      slot_rule_t<slot_type_t<E, K>>::template tangent<g::table.edges[K], K, arguments.of[K], g::table.operand[1][K],
                                                      g::table.operand[2][K]>(s);
    }
  }
};

}  // namespace ctgrad::expr::detail
