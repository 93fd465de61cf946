// Test/bench support: rebuilds a static expression's distinct nodes on the tape, each by its own op definition.
// This is how a user would write the same graph on the tape (each distinct node built once, shared nodes reused,
// numbers written as numbers), so static and tape can be compared on any expression, random ones included.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <utility>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

namespace ctgrad::test {

namespace replay_detail {

using expr::detail::graph;
using expr::detail::slot_kind;

/// What replay keeps of each slot: its tape value, or (a literal or runtime constant) its number, which
/// becomes a tape constant where an op uses it, as a number written in user code does.
struct slot_value {
  tape::value node{};
  double number = 0;
  bool is_number = false;
};

struct state {
  tape::graph& g;
  std::span<const double> data;
  std::span<const tape::value> leaves;
  double const* constants;
  slot_value* slots;
};

// As in the library's sweep (expr/sweep.hpp), the step of each slot is a class per op tag, never per node type,
// and what it reads of the graph comes as template arguments: no symbol names a node type.

/// A leaf: an input (the position of its value), a literal `Num / Den`, or a runtime constant (its number `At`).
struct leaf_step {
  template <slot_kind Kind, std::size_t At, long long Num, long long Den, unsigned, std::size_t, std::size_t, std::size_t>
  static slot_value run(state const& s) {
    if constexpr (Kind == slot_kind::variable) return {s.leaves[At]};
    else if constexpr (Kind == slot_kind::data) return {s.g.leaf(s.data[At])};
    else if constexpr (Kind == slot_kind::literal) return {{}, static_cast<double>(Num) / static_cast<double>(Den), true};
    else return {{}, s.constants[At], true};
  }
};

/// An op node: `ctgrad::function<Op>` of its operands (slots `X`, `Y`, `Z`). An operand that is a number (bit i of
/// `Numbers`) is passed as the number where another operand is a tape value, so the op records it as a constant
/// leaf (or a power's exponent in the node), as `x * 2.0` or `pow(x, 0.5)` would; where all are numbers, the
/// first becomes a constant leaf.
template <class Op, std::size_t Arity>
struct op_step {
  template <slot_kind, std::size_t, long long, long long, unsigned Numbers, std::size_t X, std::size_t Y, std::size_t Z>
  static slot_value run(state const& s) {
    constexpr std::array<std::size_t, 3> child{X, Y, Z};
    constexpr unsigned all = (1U << Arity) - 1;
    auto const operand = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      slot_value const& v = s.slots[child[I]];
      if constexpr (Numbers == all && I == 0) return s.g.leaf(v.number);
      else if constexpr ((Numbers & (1U << I)) != 0) return v.number;
      else return v.node;
    };
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return slot_value{function<Op>{}(operand(std::integral_constant<std::size_t, I>{})...)};
    }(std::make_index_sequence<Arity>{});
  }
};

template <class N>
struct step_of {
  using type = leaf_step;
};
template <class Op, class... C>
struct step_of<expr::nodes::node<Op, C...>> {
  using type = op_step<Op, sizeof...(C)>;
};

/// What the step of slot `K` of `F` reads, as constants for its template arguments.
template <class F>
struct table {
  using G = graph<F>;
  static constexpr std::size_t size = G::size;
  struct entries {
    slot_kind kind[size];
    std::size_t at[size];
    long long numerator[size];
    long long denominator[size];
    unsigned numbers[size];
    std::size_t child[3][size];
  };
  static constexpr entries of = [] {
    entries t{};
    for (std::size_t k = 0; k != size; ++k) {
      auto const& slot = G::slots[k];
      t.kind[k] = slot.kind;
      t.at[k] = slot.kind == slot_kind::constant ? slot.constant
                : slot.kind == slot_kind::variable || slot.kind == slot_kind::data ? G::position_of(slot)
                                                                                   : 0;
      t.numerator[k] = slot.numerator;
      t.denominator[k] = slot.denominator;
      t.numbers[k] = 0;
      for (std::size_t i = 0; i != 3; ++i) {
        t.child[i][k] = slot.kind == slot_kind::op && i < slot.arity ? slot.child[i] : 0;
        if (slot.kind == slot_kind::op && i < slot.arity) {
          auto const operand = G::slots[slot.child[i]].kind;
          if (operand == slot_kind::literal || operand == slot_kind::constant) t.numbers[k] |= 1U << i;
        }
      }
    }
    return t;
  }();
};

}  // namespace replay_detail

/// Builds `f` on `g`, one tape node per distinct node of `f` (number leaves become constant leaves where an op
/// uses them, as in user code), in topological order; returns the root. The variables take the values `inputs`
/// (in the order of `variables_of(f)`, vector elements in order) and their tape leaves are written to `leaves`;
/// data take the values `data` (in the order of `f`'s data labels). Any op replays, a user's included: each node
/// is its op's `ctgrad::function` applied to its operands' tape values.
///
///     std::array<tape::value, variables_of(f).size()> leaves;
///     tape::value root = ctgrad::test::replay(f, g, inputs, leaves);
///     root.backward();   // leaves[i].grad() == grad(f, inputs).gradient[i]
template <expr::Expression F>
tape::value replay(F const& f, tape::graph& g, std::span<const double> inputs, std::span<tape::value> leaves,
                   std::span<const double> data = {}) {
  using G = replay_detail::graph<F>;
  using t = replay_detail::table<F>;
  if (inputs.size() != G::variable_count || leaves.size() != G::variable_count || data.size() != G::data_count)
    throw std::invalid_argument("ctgrad::test::replay: the inputs, leaves or data do not match the expression's");
  for (std::size_t i = 0; i != inputs.size(); ++i) leaves[i] = g.leaf(inputs[i]);
  std::array<double, G::constant_count> constants{};
  if constexpr (G::constant_count != 0) {
    std::size_t at = 0;
    expr::detail::collect_constants(f, constants.data(), at);
  }
  std::array<replay_detail::slot_value, G::size> slots{};
  replay_detail::state const s{g, data, leaves, constants.data(), slots.data()};
  [&]<std::size_t... R>(std::index_sequence<R...>) {  // the slot types from the root down (see expr/sweep.hpp)
    [[maybe_unused]] constexpr std::size_t root_first[] = {sizeof(expr::detail::slot_type_t<F, G::size - 1 - R>*)...};
  }(std::make_index_sequence<G::size>{});
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    // a braced list, not a fold: it runs in order, and a fold over many slots exceeds clang's nesting limit
    [[maybe_unused]] bool const done[] = {
        ((slots[K] = replay_detail::step_of<expr::detail::slot_type_t<F, K>>::type::template run<
              t::of.kind[K], t::of.at[K], t::of.numerator[K], t::of.denominator[K], t::of.numbers[K], t::of.child[0][K],
              t::of.child[1][K], t::of.child[2][K]>(s)),
         true)...};
  }(std::make_index_sequence<G::size>{});
  replay_detail::slot_value const& root = slots[G::root];
  return root.is_number ? g.leaf(root.number) : root.node;
}

}  // namespace ctgrad::test
