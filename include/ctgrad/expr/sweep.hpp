// ctgrad::expr::detail::sweep: the forward pass and the reverse sweep generated from an expression type.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/loop.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/simd/detail/strided.hpp>

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
  template <unsigned char, std::size_t, std::size_t, std::size_t, std::size_t, std::size_t, bool, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const&) noexcept {}
  template <unsigned char, std::size_t, std::size_t, std::size_t, std::size_t, std::size_t, bool, Scalar S>
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

/// An op node's rule, from `op_traits<Op>`: its operands are slots `X`, `Y`, `Z` (as many as it has). `D` is the
/// slot whose value is its local derivative (negated with `Neg`) when the graph computes it (graph.hpp,
/// `local_derivative`), else `no_slot`.
template <class Op, std::size_t Arity>
struct op_rule {
  template <std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, Scalar S>
  CTGRAD_INLINE static constexpr void forward(slots_view<S> const& s) noexcept {
    if constexpr (Arity == 1) s.v[K] = op_traits<Op>::value(s.v[X]);
    else if constexpr (Arity == 2) s.v[K] = op_traits<Op>::value(s.v[X], s.v[Y]);
    else s.v[K] = op_traits<Op>::value(s.v[X], s.v[Y], s.v[Z]);
  }

  /// The forward pass of a `joint` slot: its value, and its local derivative's into slot `D`.
  template <std::size_t K, std::size_t X, std::size_t D, bool Neg, Scalar S>
  CTGRAD_INLINE static constexpr void forward_joint(slots_view<S> const& s) noexcept {
    auto const [value, derivative] = op_traits<Op>::value_and_derivative(s.v[X]);
    s.v[K] = value;
    if constexpr (Neg) s.v[D] = -derivative;
    else s.v[D] = derivative;
  }

  /// `g` times d out / d operand I at the slot's point.
  template <std::size_t I, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, std::size_t D, bool Neg, Scalar S>
  CTGRAD_INLINE static constexpr S contribution(slots_view<S> const& s, S const& g) noexcept {
    if constexpr (Arity == 1 && D != no_slot && Neg) return -(g * s.v[D]);
    else if constexpr (Arity == 1 && D != no_slot) return g * s.v[D];
    else if constexpr (Arity == 1) return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X]);
    else if constexpr (Arity == 2) return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X], s.v[Y]);
    else return op_traits<Op>::template vjp<I>(s.v[K], g, s.v[X], s.v[Y], s.v[Z]);
  }

  /// Forward mode: the slot's tangent (in `s.adj`) from its operands' tangents, through the edges `Edges`.
  template <unsigned char Edges, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, std::size_t D, bool Neg, Scalar S>
  CTGRAD_INLINE static constexpr void tangent(slots_view<S> const& s) noexcept {
    if constexpr ((Edges & 1U) != 0) accumulate<true>(s.adj[K], contribution<0, K, X, Y, Z, D, Neg>(s, s.adj[X]));
    if constexpr ((Edges & 2U) != 0) accumulate<(Edges & 1U) == 0>(s.adj[K], contribution<1, K, X, Y, Z, D, Neg>(s, s.adj[Y]));
    if constexpr ((Edges & 4U) != 0) accumulate<(Edges & 3U) == 0>(s.adj[K], contribution<2, K, X, Y, Z, D, Neg>(s, s.adj[Z]));
  }

  template <unsigned char Step, std::size_t K, std::size_t X, std::size_t Y, std::size_t Z, std::size_t D, bool Neg, Scalar S>
  CTGRAD_INLINE static constexpr void backward(slots_view<S> const& s) noexcept {
    if constexpr ((Step & 1U) != 0) accumulate<(Step & 8U) != 0>(s.adj[X], contribution<0, K, X, Y, Z, D, Neg>(s, s.adj[K]));
    if constexpr ((Step & 2U) != 0) accumulate<(Step & 16U) != 0>(s.adj[Y], contribution<1, K, X, Y, Z, D, Neg>(s, s.adj[K]));
    if constexpr ((Step & 4U) != 0) accumulate<(Step & 32U) != 0>(s.adj[Z], contribution<2, K, X, Y, Z, D, Neg>(s, s.adj[K]));
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

  /// The graph has loop nodes (loop.hpp): they read their inputs in every pass, and add their gradients by
  /// position straight into the gradient being computed (`loop_gradient`), to which the adjoints of the
  /// variable slots are then added.
  static constexpr bool has_loops = [] {
    for (slot_info const& s : g::slots) {
      if (s.kind == slot_kind::loop) return true;
    }
    return false;
  }();
  S* loop_gradient = nullptr;
  S const* const* loop_in = nullptr;
  S const* const* loop_data = nullptr;

  /// The batch a loop's terms run on: SIMD lanes for plain numbers, the call's own batch (one term at a time)
  /// for batches.
  using loop_batch = std::conditional_t<numeric::is_batch_v<S>, S, xsimd::batch<numeric::element_t<S>>>;
  static constexpr std::size_t loop_lanes = numeric::is_batch_v<S> ? 1 : loop_batch::size;

  /// What the forward pass keeps of a loop for the reverse sweep: the values of its pattern's nodes for every block
  /// of terms, so the reverse sweep does not compute them again (a loop of exp costs one exp per term, not two).
  /// Kept up to `max_loop_cache` bytes a loop; a larger loop computes them again.
  static constexpr std::size_t max_loop_cache = 1 << 14;
  template <class L>
  struct loop_cache {
    static constexpr std::size_t nodes = graph<typename L::pattern>::size;
    static constexpr std::size_t blocks = L::terms / loop_lanes;
    static constexpr std::size_t tail = L::terms - blocks * loop_lanes;
    static constexpr bool kept = (blocks * nodes * sizeof(loop_batch) + tail * nodes * sizeof(S)) <= max_loop_cache;
    std::array<std::array<loop_batch, kept ? nodes : 0>, kept ? blocks : 0> block_values;
    std::array<std::array<S, kept ? nodes : 0>, kept ? tail : 0> tail_values;
  };

  /// The loop slots, in order, and a cache for each.
  static constexpr std::size_t loop_count = [] {
    std::size_t n = 0;
    for (slot_info const& s : g::slots) n += s.kind == slot_kind::loop ? 1 : 0;
    return n;
  }();
  static constexpr auto loop_slots = [] {
    std::array<std::size_t, loop_count> out{};
    std::size_t n = 0;
    for (std::size_t k = 0; k != size; ++k) {
      if (g::slots[k].kind == slot_kind::loop) out[n++] = k;
    }
    return out;
  }();
  template <std::size_t... I>
  static auto loop_caches_of(std::index_sequence<I...>) -> std::tuple<loop_cache<loop_traits<slot_type_t<E, loop_slots[I]>>>...>;
  decltype(loop_caches_of(std::make_index_sequence<loop_count>{})) loop_caches;

  /// The cache of loop slot `K`.
  template <std::size_t K>
  CTGRAD_INLINE constexpr auto& cache_of() noexcept {
    constexpr std::size_t i = [] {
      std::size_t n = 0;
      while (loop_slots[n] != K) ++n;
      return n;
    }();
    return std::get<i>(loop_caches);
  }

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

  /// Forward pass: every distinct node once, operands first. With `DeferRootLoop`, a root that is a loop is left
  /// to the reverse sweep, which computes its value with its gradient (one pass over its terms, not two).
  template <bool DeferRootLoop = false>
  CTGRAD_INLINE constexpr void forward(E const& f, S const* const* in, S const* const* data) noexcept {
    if constexpr (g::constant_count != 0) {
      std::size_t at = 0;
      collect_constants(f, constants.data(), at);
    }
    slots_view<S> const s{value.data(), adjoint.data(), in, data, constants.data()};
    if constexpr (has_loops) {
      loop_in = in;
      loop_data = data;
    }
    // Pack expansions in braced lists, not fold expressions: they run in order, and a fold over a
    // thousand slots exceeds clang's expression nesting limit.
    // The slot types from the root down first: each is then one step from its parent's.
    [&]<std::size_t... R>(std::index_sequence<R...>) {
      [[maybe_unused]] constexpr std::size_t root_first[] = {sizeof(slot_type_t<E, size - 1 - R>*)...};
    }(std::make_index_sequence<size>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {
          (forward_slot<K, DeferRootLoop && K == g::root>(s), true)...};
    }(std::make_index_sequence<size>{});
  }

  /// Slot `K`'s part of the forward pass: its rule (with its local derivative's node when `joint`; none when an
  /// earlier slot's was), or a loop's sum (unless `Deferred`).
  template <std::size_t K, bool Deferred>
  CTGRAD_INLINE constexpr void forward_slot(slots_view<S> const& s) noexcept {
    if constexpr (g::slots[K].kind == slot_kind::loop) {
      if constexpr (!Deferred) value[K] = loop_run<K, loop_mode::value>(S{}, nullptr);
    } else if constexpr (g::table.joint[K]) {
      slot_rule_t<slot_type_t<E, K>>::template forward_joint<K, g::table.operand[0][K], g::table.derivative[K],
                                                             g::table.derivative_negated[K]>(s);
    } else if constexpr (!g::table.joint_done[K]) {
      slot_rule_t<slot_type_t<E, K>>::template forward<K, arguments.of[K], arguments.second[K], g::table.operand[2][K]>(s);
    }
  }

  /// Slot `K`'s part of the reverse sweep `M` (see `step_of`); a deferred root loop computes its value too.
  template <std::size_t M, std::size_t K, bool Deferred>
  CTGRAD_INLINE constexpr void backward_slot(slots_view<S> const& s) noexcept {
    if constexpr (g::slots[K].kind == slot_kind::loop) {
      constexpr bool reached = M == g::output_count ? g::slots[K].reached : g::per_output.reached[M == g::output_count ? 0 : M][K];
      if constexpr (Deferred && reached) value[K] = loop_run<K, loop_mode::value_and_reverse, writes<M, K>>(adjoint[K], nullptr);
      else if constexpr (Deferred) value[K] = loop_run<K, loop_mode::value>(S{}, nullptr);
      else if constexpr (reached) (void)loop_run<K, loop_mode::reverse, writes<M, K>>(adjoint[K], nullptr);
    } else {
      slot_rule_t<slot_type_t<E, K>>::template backward<step_of<M>(K), K, g::table.operand[0][K], g::table.operand[1][K],
                                                       g::table.operand[2][K], g::table.derivative[K],
                                                       g::table.derivative_negated[K]>(s);
    }
  }

  /// The step bits of slot `k` in the reverse sweep from output `M` (`output_count`: from all outputs).
  template <std::size_t M>
  static consteval unsigned char step_of(std::size_t k) {
    if constexpr (M == g::output_count) return g::table.step[k];
    else return g::per_output.step[M][k];
  }

  /// The reverse sweep `M` (see `step_of`), from the top slot down, then the variables' adjoints into
  /// `gradient_out` (in `Order`'s positions; loops add theirs there as the sweep reaches them).
  template <std::size_t M, bool DeferredRootLoop = false>
  CTGRAD_INLINE constexpr void reverse_pass(S* gradient_out) noexcept {
    if constexpr (has_loops) {
      zero_loop_targets<M>(gradient_out);  // what loops add to without storing first (see loop_writes)
      loop_gradient = gradient_out;
    }
    slots_view<S> const s{value.data(), adjoint.data(), nullptr, nullptr, nullptr};
    [&]<std::size_t... R>(std::index_sequence<R...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {(backward_slot<M, size - 1 - R, DeferredRootLoop && size - 1 - R == g::root>(s), true)...};
    }(std::make_index_sequence<size>{});
    gradient<M>(gradient_out);
  }

  /// Reverse sweep of an expression seeded with d f / d f = 1: every node the root reaches once, users before
  /// operands; the gradient into `gradient_out`.
  template <bool DeferredRootLoop = false>
  CTGRAD_INLINE constexpr void backward(S* gradient_out) noexcept {
    if constexpr (g::slots[g::root].reached) adjoint[g::root] = numeric::broadcast<S>(1);
    reverse_pass<g::output_count, DeferredRootLoop>(gradient_out);
  }

  /// Reverse sweep from output `M` alone: a row of the Jacobian into `row`.
  template <std::size_t M>
  CTGRAD_INLINE constexpr void backward_output(S* row) noexcept {
    if constexpr (g::per_output.reached[M][g::roots[M]]) adjoint[g::roots[M]] = numeric::broadcast<S>(1);
    reverse_pass<M>(row);
  }

  /// Reverse sweep from every output at once, output m seeded with `seeds[m]` (a vector-Jacobian product); the
  /// gradient into `gradient_out`.
  CTGRAD_INLINE constexpr void backward_seeded(S const* seeds, S* gradient_out) noexcept {
    for (std::size_t m = 0; m != g::output_count; ++m) adjoint[g::roots[m]] = numeric::broadcast<S>(0);
    for (std::size_t m = 0; m != g::output_count; ++m) adjoint[g::roots[m]] += seeds[m];
    reverse_pass<g::output_count>(gradient_out);
  }

  /// The reverse sweeps from every output alone, run together (the rows of a Jacobian into `rows`, `Rows` x
  /// inputs): each node's local derivatives are computed once and applied to every output's adjoint, so a
  /// transcendental one (the cosine of a sine) is not computed again per row.
  template <std::size_t Rows>
  CTGRAD_INLINE constexpr void backward_outputs(S* rows) noexcept {
    std::array<std::array<S, size>, Rows> adjoints;
    [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
      ((zero_loop_targets<M>(rows + M * inputs),
        g::per_output.reached[M][g::roots[M]] ? void(adjoints[M][g::roots[M]] = numeric::broadcast<S>(1)) : void()),
       ...);
    }(std::make_index_sequence<Rows>{});
    slots_view<S> const s{value.data(), nullptr, nullptr, nullptr, nullptr};
    [&]<std::size_t... R>(std::index_sequence<R...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {true, (backward_outputs_slot<Rows, size - 1 - R>(s, adjoints, rows), true)...};
    }(std::make_index_sequence<size>{});
    [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
      (gradient<M>(rows + M * inputs, adjoints[M].data()), ...);
    }(std::make_index_sequence<Rows>{});
  }

  /// Tangent pass (forward mode) after the forward pass: each active node's derivative along `direction` (a
  /// tangent per variable position of `Order`), left in `adjoint`.
  CTGRAD_INLINE constexpr void tangent(S const* direction) noexcept {
    slots_view<S> const s{value.data(), adjoint.data(), nullptr, nullptr, nullptr, direction};
    [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {(tangent_slot<K>(s), true)...};
    }(std::make_index_sequence<size>{});
  }

  /// Forward pass, then reverse sweep; gradients in `Order`'s variable order. A root that is a loop computes its
  /// value and its gradient in one pass over its terms.
  CTGRAD_INLINE constexpr void run(E const& f, S const* const* in, S const* const* data, S* gradient_out) noexcept {
    constexpr bool fuse = g::slots[g::root].kind == slot_kind::loop;
    forward<fuse>(f, in, data);
    backward<fuse>(gradient_out);
  }

  /// Forward pass only.
  [[nodiscard]] CTGRAD_INLINE constexpr S evaluate(E const& f, S const* const* in, S const* const* data) noexcept {
    forward(f, in, data);
    return value[g::root];
  }

 private:
  /// The variables' adjoints after the reverse sweep `M` into `out` (in `Order`'s positions): stored, or added
  /// to what loops put there. Unrolled, with each slot a compile-time index: a loop here becomes gathers from
  /// the stack.
  template <std::size_t M>
  CTGRAD_INLINE constexpr void gradient(S* out, S const* adjoints = nullptr) const noexcept {
    S const* const from = adjoints == nullptr ? adjoint.data() : adjoints;
    [&]<std::size_t... I>(std::index_sequence<I...>) __attribute__((always_inline)) {
      [[maybe_unused]] bool const done[] = {true, (collect<M, I>(out[I], from), true)...};  // (not a fold: see forward)
    }(std::make_index_sequence<inputs>{});
  }

  template <std::size_t M, std::size_t I>
  CTGRAD_INLINE constexpr void collect(S& out, S const* adjoints) const noexcept {
    constexpr bool from_loops = has_loops && loop_writes<M>.touched[I];
    if constexpr (variable_slots<M>.of[I] != no_slot) {
      if constexpr (from_loops) out += adjoints[variable_slots<M>.of[I]];
      else out = adjoints[variable_slots<M>.of[I]];
    } else if constexpr (!from_loops) {
      out = numeric::broadcast<S>(0);
    }
  }

  /// Zeroes what the loops of the reverse sweep `M` add to (see loop_writes).
  template <std::size_t M>
  CTGRAD_INLINE constexpr void zero_loop_targets(S* out) const noexcept {
    if constexpr (has_loops) {
      for (std::size_t r = 0; r != loop_writes<M>.zero_runs; ++r) {
        for (std::size_t i = loop_writes<M>.zero_from[r]; i != loop_writes<M>.zero_to[r]; ++i) out[i] = numeric::broadcast<S>(0);
      }
    }
  }

  /// Slot `K`'s part of the reverse sweeps from every output at once (`backward_outputs`).
  template <std::size_t Rows, std::size_t K>
  CTGRAD_INLINE constexpr void backward_outputs_slot(slots_view<S> const& s, std::array<std::array<S, size>, Rows>& adjoints, S* rows) noexcept {
    constexpr slot_info const& info = g::slots[K];
    if constexpr (info.kind == slot_kind::loop) {
      [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
        ((g::per_output.reached[M][K] ? (loop_gradient = rows + M * inputs,
                                          (void)loop_run<K, loop_mode::reverse, writes<M, K>>(adjoints[M][K], nullptr))
                                       : void()),
         ...);
      }(std::make_index_sequence<Rows>{});
    } else if constexpr (info.kind == slot_kind::op) {
      constexpr unsigned char edges = [] {
        unsigned char e = 0;
        for (std::size_t m = 0; m != Rows; ++m) e |= static_cast<unsigned char>(g::per_output.step[m][K] & 7U);
        return e;
      }();
      if constexpr (edges != 0) {
        using rule = slot_rule_t<slot_type_t<E, K>>;
        constexpr std::size_t x = g::table.operand[0][K], y = g::table.operand[1][K], z = g::table.operand[2][K];
        constexpr std::size_t d = g::table.derivative[K];
        constexpr bool neg = g::table.derivative_negated[K];
        // each local derivative once, whatever the number of outputs reaching this node
        S partial[3]{};
        if constexpr ((edges & 1U) != 0) partial[0] = rule::template contribution<0, K, x, y, z, d, neg>(s, numeric::broadcast<S>(1));
        if constexpr ((edges & 2U) != 0) partial[1] = rule::template contribution<1, K, x, y, z, d, neg>(s, numeric::broadcast<S>(1));
        if constexpr ((edges & 4U) != 0) partial[2] = rule::template contribution<2, K, x, y, z, d, neg>(s, numeric::broadcast<S>(1));
        [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
          (propagate<g::per_output.step[M][K], x, y, z>(partial, adjoints[M], adjoints[M][K]), ...);
        }(std::make_index_sequence<Rows>{});
      }
    }
  }

  template <unsigned char Step, std::size_t X, std::size_t Y, std::size_t Z>
  CTGRAD_INLINE static constexpr void propagate(S const* partial, std::array<S, size>& adjoints, S const& g) noexcept {
    if constexpr ((Step & 1U) != 0) accumulate<(Step & 8U) != 0>(adjoints[X], partial[0] * g);
    if constexpr ((Step & 2U) != 0) accumulate<(Step & 16U) != 0>(adjoints[Y], partial[1] * g);
    if constexpr ((Step & 4U) != 0) accumulate<(Step & 32U) != 0>(adjoints[Z], partial[2] * g);
  }

  // ---- where loops write their gradients --------------------------------------------------------------
  //
  // A loop adds each placeholder's gradients to the positions it reads (x[2i] -> position of x + 2i). The first
  // loop of a reverse sweep to write an input whose placeholders in it are one x[i + o], or one pair x[2i + o],
  // x[2i + o + 1], stores instead (no zeroing before, no load): nothing else has written there yet, and the
  // placeholders cover each position once. Every other position a loop writes is zeroed before the sweep.

  /// The placeholders of loop `L` that read input `label`, as a form a loop can store: `J` alone with stride 1,
  /// or `J` and its odd partner with stride 2.
  template <class L>
  static constexpr bool sole_reader(std::size_t J) {
    placeholder_info const p = L::placeholders[J];
    if (!p.differentiable || L::partner[J] == L::odd_partner) return false;
    if (p.stride == 2 && L::partner[J] == L::no_partner) return false;
    if (p.stride != 1 && p.stride != 2) return false;
    for (std::size_t k = 0; k != L::count; ++k) {
      if (k != J && k != L::partner[J] && L::placeholders[k].label == p.label) return false;
    }
    return true;
  }

  /// Loop slot `K`'s placeholder `J` stores its gradients in the reverse sweep `M`.
  template <std::size_t M, std::size_t K>
  static constexpr bool stores(std::size_t J) {
    using L = loop_traits<slot_type_t<E, K>>;
    if (!sole_reader<L>(J)) return false;
    for (std::size_t k = K + 1; k < size; ++k) {
      slot_info const& s = g::slots[k];
      bool const reached = M == g::output_count ? s.reached : g::per_output.reached[M == g::output_count ? 0 : M][k];
      if (s.kind != slot_kind::loop || !reached) continue;
      for (std::size_t u = 0; u != s.use_count; ++u) {
        if (s.uses[u] == L::placeholders[J].label) return false;
      }
    }
    return true;
  }

  /// How a loop puts its placeholders' gradients into the gradient: each added (`adds`), or stored where
  /// `stores<M, K, J>` (`writes<M, K>`).
  struct adds {
    template <std::size_t>
    static constexpr bool store = false;
  };
  template <std::size_t M, std::size_t K>
  struct writes {
    template <std::size_t J>
    static constexpr bool store = stores<M, K>(J);
  };

  struct loop_write_table {
    bool touched[inputs == 0 ? 1 : inputs];  // a loop of the sweep writes this position
    std::size_t zero_from[inputs + 1];       // runs [from, to) of positions zeroed before the sweep
    std::size_t zero_to[inputs + 1];
    std::size_t zero_runs;
  };

  template <std::size_t M, std::size_t K>
  static constexpr void mark_loop_writes(bool* touched, bool* stored) {
    if constexpr (g::slots[K].kind == slot_kind::loop) {
      slot_info const& s = g::slots[K];
      bool const reached = M == g::output_count ? s.reached : g::per_output.reached[M == g::output_count ? 0 : M][K];
      if (!reached) return;
      using L = loop_traits<slot_type_t<E, K>>;
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        auto const mark = [&](placeholder_info const& p, bool store) {
          if (!p.differentiable) return;
          std::size_t const base = graph<Order>::index_of(p.label);
          for (std::size_t i = 0; i != L::terms; ++i) {
            std::size_t const at = base + static_cast<std::size_t>(p.offset + p.stride * static_cast<long long>(i));
            touched[at] = true;
            stored[at] = stored[at] || store;
          }
        };
        (mark(L::placeholders[J], stores<M, K>(J) || (L::partner[J] == L::odd_partner && stored_as_partner<M, K>(J))), ...);
      }(std::make_index_sequence<L::count>{});
    }
  }

  /// Placeholder `J` of loop slot `K` is the odd partner of one that stores.
  template <std::size_t M, std::size_t K>
  static constexpr bool stored_as_partner(std::size_t J) {
    using L = loop_traits<slot_type_t<E, K>>;
    for (std::size_t k = 0; k != L::count; ++k) {
      if (L::partner[k] == J) return stores<M, K>(k);
    }
    return false;
  }

  template <std::size_t M>
  static constexpr loop_write_table loop_writes = [] {
    loop_write_table t{};
    bool touched[inputs == 0 ? 1 : inputs]{};
    bool stored[inputs == 0 ? 1 : inputs]{};
    [&]<std::size_t... I>(std::index_sequence<I...>) { (mark_loop_writes<M, loop_slots[I]>(touched, stored), ...); }(std::make_index_sequence<loop_count>{});
    t.zero_runs = 0;
    for (std::size_t i = 0; i != inputs; ++i) {
      t.touched[i] = touched[i];
      if (!touched[i] || stored[i]) continue;
      if (t.zero_runs != 0 && t.zero_to[t.zero_runs - 1] == i) {
        ++t.zero_to[t.zero_runs - 1];
      } else {
        t.zero_from[t.zero_runs] = i;
        t.zero_to[t.zero_runs] = i + 1;
        ++t.zero_runs;
      }
    }
    return t;
  }();

  enum class loop_mode { value, reverse, value_and_reverse, tangent };

  /// Elements `start`, `start + Stride` ... of `base` as a `T` (one per lane; a scalar `T` takes one).
  template <class T, long long Stride>
  CTGRAD_INLINE static constexpr T load_lanes(S const* base, long long start) noexcept {
    if constexpr (std::is_same_v<T, S>) return base[start];
    else return simd::detail::load_strided<T, Stride>(base + start);
  }

  /// Adds the lanes of `g` to elements `start`, `start + Stride` ... of `out` (all of them to `start` for Stride 0).
  template <class T, long long Stride>
  CTGRAD_INLINE static constexpr void add_lanes(S* out, long long start, T const& g) noexcept {
    if constexpr (std::is_same_v<T, S>) out[start] += g;
    else simd::detail::add_strided<T, Stride>(out + start, g);
  }

  /// The elements placeholder `J` of the loop `L` reads for terms i0, i0 + 1 ... (one per lane of `T`) from
  /// `base`, the input's elements in `Order` (its values, or the tangents of a direction).
  template <class L, std::size_t J, class T>
  CTGRAD_INLINE static constexpr T placeholder_lanes(S const* base, std::size_t i0) noexcept {
    constexpr placeholder_info p = L::placeholders[J];
    return load_lanes<T, p.stride>(base, p.offset + p.stride * static_cast<long long>(i0));
  }

  /// Adds placeholder `J`'s gradients (for terms i0, i0 + 1 ...) to the gradient being computed: one strided add, or
  /// with its odd partner as one interleaved add (skipped for the partner itself).
  template <class L, std::size_t J, class T, bool Store>
  CTGRAD_INLINE constexpr void add_placeholder_gradient(T const* of_placeholder, std::size_t i0) noexcept {
    constexpr placeholder_info p = L::placeholders[J];
    if constexpr (p.differentiable && L::partner[J] != L::odd_partner) {
      S* const base = loop_gradient + graph<Order>::index_of(p.label) + p.offset + p.stride * static_cast<long long>(i0);
      if constexpr (std::is_same_v<T, S>) {
        if constexpr (Store) base[0] = of_placeholder[J];
        else base[0] += of_placeholder[J];
        if constexpr (L::partner[J] != L::no_partner) {
          if constexpr (Store) base[1] = of_placeholder[L::partner[J]];
          else base[1] += of_placeholder[L::partner[J]];
        }
      } else if constexpr (L::partner[J] != L::no_partner) {
        simd::detail::add_interleaved<T, Store>(base, of_placeholder[J], of_placeholder[L::partner[J]]);
      } else if constexpr (Store) {
        of_placeholder[J].store_unaligned(base);  // stride 1: see sole_reader
      } else {
        add_lanes<T, p.stride>(base, 0, of_placeholder[J]);
      }
    }
  }

  /// The elements of input `label` of `Order`, where the forward pass found them.
  [[nodiscard]] CTGRAD_INLINE constexpr S const* input_elements(placeholder_info const& p) const noexcept {
    std::size_t const entry = graph<Order>::entry_of_label(p.label);
    return p.differentiable ? loop_in[entry] : loop_data[entry];
  }

  /// The loop `L`'s terms [first, last), `Lanes` at a time in the lanes of `T` (or one at a time, T = S): their
  /// sum (value), their tangent along `direction` (tangent), or their gradients times `g` added into
  /// `loop_gradient` (reverse). Each block runs the pattern's own sweep on its placeholders.
  template <std::size_t K, loop_mode Mode, class Writes, class T, std::size_t Lanes>
  CTGRAD_INLINE constexpr S loop_terms(std::size_t first, std::size_t last, S const& g, S const* direction) noexcept {
    using L = loop_traits<slot_type_t<E, K>>;
    using P = typename L::pattern;
    auto& cache = cache_of<K>();
    // the forward pass keeps the pattern's values (not in constant evaluation, where T may not be the cached batch)
    constexpr bool cached = std::remove_cvref_t<decltype(cache)>::kept && Mode != loop_mode::value_and_reverse;
    using pg = graph<P>;
    constexpr std::size_t count = L::count;
    // the pattern's variables and data are the placeholders, by letter: entry e reads placeholder `letter(e)`
    constexpr auto placeholder_of_variable = [] {
      std::array<std::size_t, pg::variables.size()> out{};
      for (std::size_t e = 0; e != out.size(); ++e) out[e] = static_cast<std::size_t>(pg::variables[e].label[0] - 'A');
      return out;
    }();
    constexpr auto placeholder_of_data = [] {
      std::array<std::size_t, pg::data.size()> out{};
      for (std::size_t e = 0; e != out.size(); ++e) out[e] = static_cast<std::size_t>(pg::data[e].label[0] - 'A');
      return out;
    }();
    T total = T(numeric::element_t<S>(0));
    for (std::size_t i0 = first; i0 < last; i0 += Lanes) {
      sweep<P, P, T> sw;
      // the block's values: computed (value mode, or without a cache), or kept from the forward pass
      auto* kept = [&]() -> std::array<T, pg::size>* {
        if constexpr (!cached) return nullptr;
        else if (std::is_constant_evaluated()) return nullptr;
        else if constexpr (std::is_same_v<T, loop_batch> && Lanes != 1) return &cache.block_values[i0 / Lanes];
        else if constexpr (std::is_same_v<T, S> && !numeric::is_batch_v<S>) return &cache.tail_values[i0 - cache.blocks * loop_lanes];
        else return &cache.block_values[i0];
      }();
      if (kept != nullptr && Mode != loop_mode::value) {
        sw.value = *kept;
      } else {
        T values[count];
        [&]<std::size_t... J>(std::index_sequence<J...>) __attribute__((always_inline)) {
          ((values[J] = placeholder_lanes<L, J, T>(input_elements(L::placeholders[J]), i0)), ...);
        }(std::make_index_sequence<count>{});
        T const* variables[pg::variables.size() == 0 ? 1 : pg::variables.size()]{};
        T const* data[pg::data.size() == 0 ? 1 : pg::data.size()]{};
        for (std::size_t e = 0; e != pg::variables.size(); ++e) variables[e] = &values[placeholder_of_variable[e]];
        for (std::size_t e = 0; e != pg::data.size(); ++e) data[e] = &values[placeholder_of_data[e]];
        sw.forward(P{}, variables, data);
        if (kept != nullptr) *kept = sw.value;
      }
      if constexpr (Mode == loop_mode::value) {
        total += sw.value[pg::root];
      } else if constexpr (Mode == loop_mode::tangent) {
        if constexpr (pg::slots[pg::root].active) {
          T tangents[pg::variable_count == 0 ? 1 : pg::variable_count]{};
          [&]<std::size_t... V>(std::index_sequence<V...>) __attribute__((always_inline)) {
            ((tangents[V] = placeholder_lanes<L, placeholder_of_variable[V], T>(
                  direction + graph<Order>::index_of(L::placeholders[placeholder_of_variable[V]].label), i0)),
             ...);
          }(std::make_index_sequence<pg::variables.size()>{});
          sw.tangent(tangents);
          total += sw.adjoint[pg::root];
        }
      } else {
        if constexpr (Mode == loop_mode::value_and_reverse) total += sw.value[pg::root];
        T const seed(g);
        T gradient[pg::variable_count == 0 ? 1 : pg::variable_count];
        sw.backward_seeded(&seed, gradient);
        T of_placeholder[count];
        for (std::size_t v = 0; v != pg::variables.size(); ++v) of_placeholder[placeholder_of_variable[v]] = gradient[v];
        [&]<std::size_t... J>(std::index_sequence<J...>) __attribute__((always_inline)) {
          (add_placeholder_gradient<L, J, T, Writes::template store<J>>(of_placeholder, i0), ...);
        }(std::make_index_sequence<count>{});
      }
    }
    if constexpr (std::is_same_v<T, S>) return total;
    else return xsimd::hadd(total);
  }

  /// A loop's value, tangent, or reverse contribution: SIMD lanes over the terms for plain numbers at run time
  /// (then one term at a time for the rest), one term at a time for batches and in constant evaluation.
  template <std::size_t K, loop_mode Mode, class Writes = adds>
  CTGRAD_INLINE constexpr S loop_run(S const& g, S const* direction) noexcept {
    constexpr std::size_t n = loop_traits<slot_type_t<E, K>>::terms;
    if constexpr (numeric::is_batch_v<S>) {
      return loop_terms<K, Mode, Writes, S, 1>(0, n, g, direction);
    } else {
      if (std::is_constant_evaluated()) return loop_terms<K, Mode, Writes, S, 1>(0, n, g, direction);
      constexpr std::size_t body = loop_lanes > 1 ? n / loop_lanes * loop_lanes : 0;
      S total = numeric::broadcast<S>(0);
      if constexpr (body != 0) total += loop_terms<K, Mode, Writes, loop_batch, loop_lanes>(0, body, g, direction);
      if constexpr (body != n) total += loop_terms<K, Mode, Writes, S, 1>(body, n, g, direction);
      return total;
    }
  }

  template <std::size_t K>
  CTGRAD_INLINE constexpr void tangent_slot(slots_view<S> const& s) noexcept {
    constexpr slot_info const& info = g::slots[K];
    if constexpr (info.kind == slot_kind::variable) {
      adjoint[K] = s.direction[arguments.position[K]];
    } else if constexpr (info.kind == slot_kind::loop && info.active) {
      adjoint[K] = loop_run<K, loop_mode::tangent>(S{}, s.direction);
    } else if constexpr (info.kind == slot_kind::op && info.active) {
      slot_rule_t<slot_type_t<E, K>>::template tangent<g::table.edges[K], K, arguments.of[K], g::table.operand[1][K],
                                                      g::table.operand[2][K], g::table.derivative[K],
                                                      g::table.derivative_negated[K]>(s);
    }
  }
};

}  // namespace ctgrad::expr::detail
