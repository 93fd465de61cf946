// ctgrad::expr::detail::graph<E>: the distinct nodes of an expression type, in topological order, computed at compile time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/loop.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad::expr::detail {

// How the graph is found, and why it costs time linear in the number of distinct nodes:
//
// A depth-first walk of the expression type runs in constant evaluation (`graph<E>` below). Each
// distinct node type instantiates the walker once; the walk itself looks every pure node type up in
// an open-addressing hash table (a structural hash of the type, then an exact compare of a per-type
// address), so a node reached again through another parent costs O(1), not a re-walk. A node gets
// its slot when the walk leaves it (post-order), which is a topological order: children before
// parents. Each node records the parent and operand through which the walk first reached it (its
// "tree" edge), so the type of slot K is found from its parent's in O(1) (`slot_type_t`, linear in
// all), and the runtime constants below a node are numbered in the walk's order.
//
// Why the generated passes (sweep.hpp) are flat pack expansions over the slots and not functions per
// node: a function template instantiated with a node type carries that type in its symbol, and the
// symbol of a node with a thousand distinct nodes below it is many kilobytes; a function per node made
// compile time grow with the cube of the graph (GCC spent it building the call graph). The passes
// instantiate op rules per op tag and scalar type only, with slot numbers as template arguments, and
// the walk is `consteval`, so it is never emitted either.
//
// Sharing: a pure node (no runtime constant below it) is identified by its type alone. A node with a
// runtime constant below it gets a slot per occurrence: `a * 2.0 + a * 3.0` has two `a * constant`
// nodes of the same type and different values, and merging them would be wrong.

inline constexpr std::size_t no_slot = static_cast<std::size_t>(-1);

/// The most operands a node has.
inline constexpr std::size_t max_arity = 3;

enum class slot_kind : unsigned char { variable, data, literal, constant, op, loop };

/// The most inputs one loop node reads (loop.hpp).
inline constexpr std::size_t max_slot_uses = 4;

/// One distinct node of the graph, as seen by the generated passes.
struct slot_info {
  slot_kind kind = slot_kind::op;
  std::size_t arity = 0;
  std::array<std::size_t, max_arity> child{no_slot, no_slot, no_slot};  // operand slots, in operand order
  std::array<bool, max_arity> tree{};   // the operand was first reached through this edge
  std::array<bool, max_arity> edge{};   // the operand is active and the op passes it a gradient
  std::size_t parent = no_slot;         // the node whose tree edge reached this one
  std::size_t via = 0;                  // ... and which of its operands this one is
  bool active = false;                  // depends on a variable through operands that pass a gradient
  bool reached = false;                 // the reverse sweep gives it an adjoint (the root, or an active edge's operand)
  std::array<bool, max_arity> first{};  // this edge is the first to add to the operand's adjoint
  std::size_t constant = no_slot;       // a runtime constant's number, in walk order
  long long numerator = 0;              // a literal's value: numerator / denominator
  long long denominator = 1;
  std::string_view label{};             // the label of a variable or data
  std::size_t index = 0;                // its element (0 for a scalar)
  std::size_t extent = 0;               // its vector's size (0 for a scalar)
  std::array<std::string_view, max_slot_uses> uses{};  // a loop: the inputs it reads (label, size, kind)
  std::array<std::size_t, max_slot_uses> use_extent{};
  std::array<bool, max_slot_uses> use_differentiable{};
  std::size_t use_count = 0;
  std::size_t derivative = no_slot;     // a unary op: the slot already computing d out / d x (see local_derivative)
  bool derivative_negated = false;      // ... or its negation
  bool joint = false;                   // ... and computes that node's value with its own (see find_local_derivatives)
  bool joint_done = false;              // an earlier slot's joint computation gives this slot its value
};

/// A pure node type the walk looks for once it is over: the local derivative of slot `slot` (or its negation).
struct wanted_node {
  std::size_t slot;
  void const* id;
  std::uint64_t hash;
  bool negated;
  bool joint;  // the op has `value_and_derivative`, and the node looked for is an op on the same operand
};

/// The state of the walk: the slots so far, and a hash table from pure node types to their slots.
class graph_builder {
 public:
  std::vector<slot_info> slots;
  std::vector<std::size_t> roots;  // the slot of each output, in order
  std::size_t constants = 0;       // runtime constants so far
  std::vector<wanted_node> derivatives;  // local derivatives that other nodes of the graph may compute

  /// The slot of the pure node type with this id and hash, or `no_slot`.
  [[nodiscard]] constexpr std::size_t find(void const* id, std::uint64_t hash) const {
    if (table_.empty()) return no_slot;
    std::size_t const mask = table_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      std::size_t const entry = table_[i];
      if (entry == 0) return no_slot;
      if (ids_[entry - 1] == id) return entry - 1;
    }
  }

  /// Appends a slot; `id` is null for a node that must not be shared (it holds a runtime constant).
  constexpr std::size_t add(slot_info const& s, void const* id, std::uint64_t hash) {
    std::size_t const index = slots.size();
    slots.push_back(s);
    if (s.kind == slot_kind::constant) slots.back().constant = constants++;
    for (std::size_t i = 0; i != s.arity; ++i) {
      if (s.tree[i]) {
        slots[s.child[i]].parent = index;
        slots[s.child[i]].via = i;
      }
    }
    ids_.push_back(id);
    hashes_.push_back(hash);
    if (id != nullptr) {
      if (2 * (pure_ + 1) > table_.size()) grow();
      insert(index);
      ++pure_;
    }
    return index;
  }

 private:
  std::vector<void const*> ids_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::size_t> table_;  // slot + 1, 0 = empty; size is a power of two
  std::size_t pure_ = 0;

  constexpr void insert(std::size_t index) {
    std::size_t const mask = table_.size() - 1;
    std::size_t i = hashes_[index] & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = index + 1;
  }

  constexpr void grow() {
    std::vector<std::size_t> const old = std::move(table_);
    table_ = std::vector<std::size_t>(old.empty() ? 16 : 2 * old.size(), 0);
    for (std::size_t entry : old) {
      if (entry != 0) insert(entry - 1);
    }
  }
};

template <class E>
consteval std::size_t walk(graph_builder& b);

// Local derivatives the graph computes anyway. The reverse sweep gets an op's local derivative from the op's
// numeric rule (`derivative`); when the graph already has a node equal to it (`cos(x)` beside `sin(x)`, as a
// rotation has; `-sin(x)` as the negation of `sin(x)`; or `exp(-x**2)` in a derivative of `erfc(x)` that is one of
// the outputs), the sweep reads that node's value instead of computing it again. The node is the one the op's
// symbolic derivative builds, looked up by type in the walk's table: for a pure unary op without a `vjp` of its
// own.

/// The type of the unary op node `E`'s symbolic derivative, or `void`.
template <class E>
struct local_derivative {
  using type = void;
};
template <class Op, class X>
  requires(!ctgrad::detail::has_vjp<Op, 0, double, double>) &&
          requires(X const& x, nodes::node<Op, X> const& out) { Op::symbolic(x, out); }
struct local_derivative<nodes::node<Op, X>> {
  using type = decltype(Op::symbolic(std::declval<X const&>(), std::declval<nodes::node<Op, X> const&>()));
};

/// The node `D` is a unary op node on the operand `X`, so an op with `value_and_derivative` can compute its value.
template <class D, class X>
inline constexpr bool op_on_v = [] {
  if constexpr (arity_v<D> != 1) return false;
  else return std::is_same_v<child_t<0, D>, X>;
}();

/// Asks the end of the walk to look for the local derivative of slot `k`, the pure unary op node `E`.
template <class E>
consteval void want_local_derivative(graph_builder& b, std::size_t k) {
  using D = typename local_derivative<E>::type;
  if constexpr (Expression<D>) {
    if constexpr (is_pure_v<D>) {
      constexpr bool joint = ctgrad::op_traits<op_t<E>>::joint;
      b.derivatives.push_back({k, type_id<D>, hash_v<D>, false, joint && op_on_v<D, child_t<0, E>>});
      if constexpr (arity_v<D> == 1 && std::is_same_v<op_t<D>, ctgrad::op::neg>) {
        b.derivatives.push_back({k, type_id<child_t<0, D>>, hash_v<child_t<0, D>>, true,
                                 joint && op_on_v<child_t<0, D>, child_t<0, E>>});
      }
    }
  }
}

/// Gives each slot whose local derivative the graph computes that node's slot. When the op can compute that
/// node's value with its own (`value_and_derivative`: sin and cos share their argument reduction) and the node
/// comes later in the forward pass, the slot does (`joint`) and the node's own rule is skipped (`joint_done`). A
/// slot is one or the other: of cos(x) and sin(x), the first computes both.
consteval void find_local_derivatives(graph_builder& b) {
  for (wanted_node const& w : b.derivatives) {
    slot_info& s = b.slots[w.slot];
    if (s.derivative != no_slot) continue;  // found as itself before as a negation
    std::size_t const found = b.find(w.id, w.hash);
    if (found == no_slot || b.slots[found].kind == slot_kind::loop) continue;
    s.derivative = found;
    s.derivative_negated = w.negated;
    slot_info& d = b.slots[found];
    if (w.joint && found > w.slot && !s.joint_done && !d.joint && !d.joint_done) {
      s.joint = true;
      d.joint_done = true;
    }
  }
}

/// Walks operand `I` of the op node `E`, recording its slot in `s`.
template <class E, std::size_t I>
consteval void walk_operand(graph_builder& b, slot_info& s) {
  std::size_t const before = b.slots.size();
  s.child[I] = walk<child_t<I, E>>(b);
  s.tree[I] = s.child[I] >= before;
  s.edge[I] = is_active_v<child_t<I, E>> && ctgrad::detail::passes_gradient<op_t<E>, I>();
}

/// Walks `E` (post-order), returning its slot. `consteval`, like `build_graph`: a function that only
/// runs in the compiler is never emitted, so its symbol (which names `E`) is never built.
template <class E>
consteval std::size_t walk(graph_builder& b) {
  constexpr bool pure = is_pure_v<E>;
  if constexpr (pure) {
    if (std::size_t const found = b.find(type_id<E>, hash_v<E>); found != no_slot) return found;
  }
  slot_info s{};
  s.active = is_active_v<E>;
  if constexpr (is_input_v<E>) {
    s.kind = input_leaf<E>::differentiable ? slot_kind::variable : slot_kind::data;
    s.label = E::label;
    s.index = input_leaf<E>::index;
    s.extent = input_leaf<E>::extent;
  } else if constexpr (is_literal_v<E>) {
    s.kind = slot_kind::literal;
    s.numerator = E::numerator;
    s.denominator = E::denominator;
  } else if constexpr (is_constant_v<E>) {
    s.kind = slot_kind::constant;
  } else if constexpr (is_loop_v<E>) {
    s.kind = slot_kind::loop;
    constexpr auto labels = loop_traits<E>::labels;
    s.use_count = labels.second;
    for (std::size_t i = 0; i != labels.second; ++i) {
      s.uses[i] = labels.first[i].label;
      s.use_extent[i] = labels.first[i].extent;
      s.use_differentiable[i] = labels.first[i].differentiable;
    }
  } else {
    s.kind = slot_kind::op;
    s.arity = arity_v<E>;
    walk_operand<E, 0>(b, s);  // (not a pack expansion in a lambda: a lambda is no context for consteval calls)
    if constexpr (arity_v<E> > 1) walk_operand<E, 1>(b, s);
    if constexpr (arity_v<E> > 2) walk_operand<E, 2>(b, s);
  }
  std::size_t const k = b.add(s, pure ? type_id<E> : nullptr, hash_v<E>);
  if constexpr (pure && !is_loop_v<E> && arity_v<E> == 1) want_local_derivative<E>(b, k);
  return k;
}

/// Marks the slots the reverse sweep from `roots` (all seeded at once) reaches, and the first edge into each.
/// A root reached again from another root gets no first edge: its seed is stored before the sweep.
consteval void mark_reached(std::vector<slot_info>& slots, std::vector<std::size_t> const& roots) {
  for (slot_info& s : slots) {
    s.reached = false;
    s.first = {};
  }
  std::size_t top = 0;
  for (std::size_t r : roots) {
    slots[r].reached = slots[r].active;
    top = r > top ? r : top;
  }
  for (std::size_t k = top + 1; k-- != 0;) {
    slot_info& s = slots[k];
    if (!s.reached) continue;
    for (std::size_t i = 0; i != s.arity; ++i) {
      if (!s.edge[i]) continue;
      s.first[i] = !slots[s.child[i]].reached;
      slots[s.child[i]].reached = true;
    }
  }
}

/// The walk of `E` (each output of `nodes::outputs<E...>` in order), then which slots the reverse sweep from
/// all roots reaches and which edge adds first to each adjoint (slots from the root down, operands in order):
/// that edge stores, the others add, and no adjoint is cleared first. A slot that is reached only through
/// edges passing no gradient (`step(x * y)`) has no adjoint.
template <class... E>
consteval void walk_outputs(graph_builder& b, nodes::outputs<E...> const*) {
  (b.roots.push_back(walk<E>(b)), ...);
}

template <class E>
consteval void build_graph(graph_builder& b) {
  if constexpr (is_outputs_v<E>) {
    walk_outputs(b, static_cast<E const*>(nullptr));
  } else {
    b.roots.push_back(walk<E>(b));
  }
  find_local_derivatives(b);
  mark_reached(b.slots, b.roots);
}

template <class E>
consteval std::size_t distinct_nodes() {
  graph_builder b;  // (filled through a reference: clang 14 rejects a consteval call returning one)
  build_graph<E>(b);
  return b.slots.size();
}

template <class E, std::size_t N>
consteval std::array<slot_info, N> slots_of() {
  std::array<slot_info, N> out{};
  graph_builder b;
  build_graph<E>(b);
  for (std::size_t i = 0; i != N; ++i) out[i] = b.slots[i];
  return out;
}

template <class E, std::size_t M>
consteval std::array<std::size_t, M> roots_of() {
  std::array<std::size_t, M> out{};
  graph_builder b;
  build_graph<E>(b);
  for (std::size_t i = 0; i != M; ++i) out[i] = b.roots[i];
  return out;
}

/// What the generated passes read per slot while they are being instantiated, as plain arrays: a
/// built-in subscript costs the compiler nothing, while `std::array::operator[]` is a constexpr call
/// to resolve and evaluate at each of the thousands of places a large graph reads it.
template <std::size_t N>
struct slot_table {
  std::size_t parent[N];              // slot_info::parent
  std::size_t via[N];                 // slot_info::via
  std::size_t operand[max_arity][N];  // slot_info::child
  unsigned char step[N];              // bit i: operand i takes an adjoint from this slot; bit 3 + i: it is the first
  unsigned char edges[N];             // bit i: operand i is active and passes a gradient (for the tangent pass)
  std::size_t derivative[N];          // slot_info::derivative
  bool derivative_negated[N];         // slot_info::derivative_negated
  bool joint[N];                      // slot_info::joint
  bool joint_done[N];                 // slot_info::joint_done
};

template <std::size_t N>
constexpr slot_table<N> table_of(std::array<slot_info, N> const& slots) {
  slot_table<N> t{};
  for (std::size_t k = 0; k != N; ++k) {
    slot_info const& s = slots[k];
    t.parent[k] = s.parent;
    t.via[k] = s.via;
    for (std::size_t i = 0; i != max_arity; ++i) t.operand[i][k] = s.child[i];
    t.step[k] = 0;
    t.edges[k] = 0;
    t.derivative[k] = s.derivative;
    t.derivative_negated[k] = s.derivative_negated;
    t.joint[k] = s.joint;
    t.joint_done[k] = s.joint_done;
    if (s.kind == slot_kind::op && s.active) {
      for (std::size_t i = 0; i != s.arity; ++i) {
        if (s.edge[i]) t.edges[k] |= static_cast<unsigned char>(1U << i);
      }
    }
    if (s.kind != slot_kind::op || !s.reached) continue;
    for (std::size_t i = 0; i != s.arity; ++i) {
      if (s.edge[i]) t.step[k] |= static_cast<unsigned char>(1U << i);
      if (s.first[i]) t.step[k] |= static_cast<unsigned char>(8U << i);
    }
  }
  return t;
}

/// One input of a graph, by label: a variable or data, a scalar or a vector of `extent` elements. Its elements
/// take positions `offset`, `offset + 1`... of the input array of its kind (variables, data).
struct input_info {
  std::string_view label{};
  std::size_t extent = 0;  // 0 for a scalar
  std::size_t offset = 0;
  bool differentiable = true;

  [[nodiscard]] constexpr std::size_t size() const noexcept { return extent == 0 ? 1 : extent; }
};

/// The inputs of a graph's slots, one entry per label, sorted by label within each kind; `consistent` is false
/// when one label names inputs of different kinds or sizes.
template <std::size_t N>
struct input_table {
  std::array<input_info, N> entries{};
  std::size_t count = 0;
  bool consistent = true;
};

template <std::size_t Size>
consteval auto inputs_of(std::array<slot_info, Size> const& slots) {
  input_table<Size * max_slot_uses> t{};
  auto const add = [&](std::string_view label, std::size_t extent, bool differentiable) {
    std::size_t i = 0;
    while (i != t.count && t.entries[i].label != label) ++i;
    if (i != t.count) {
      if (t.entries[i].extent != extent || t.entries[i].differentiable != differentiable) t.consistent = false;
      return;
    }
    // insert in order: variables before data, each by label
    input_info const entry{label, extent, 0, differentiable};
    auto const before = [](input_info const& x, input_info const& y) {
      return x.differentiable != y.differentiable ? x.differentiable : x.label < y.label;
    };
    std::size_t at = t.count++;
    for (; at > 0 && before(entry, t.entries[at - 1]); --at) t.entries[at] = t.entries[at - 1];
    t.entries[at] = entry;
  };
  for (slot_info const& s : slots) {
    if (s.kind == slot_kind::variable || s.kind == slot_kind::data) add(s.label, s.extent, s.kind == slot_kind::variable);
    if (s.kind == slot_kind::loop) {
      for (std::size_t i = 0; i != s.use_count; ++i) add(s.uses[i], s.use_extent[i], s.use_differentiable[i]);
    }
  }
  std::size_t variables = 0;
  std::size_t data = 0;
  for (std::size_t i = 0; i != t.count; ++i) {
    std::size_t& next = t.entries[i].differentiable ? variables : data;
    t.entries[i].offset = next;
    next += t.entries[i].size();
  }
  return t;
}

/// The reverse sweep from one root of several, each slot's step bits (as `slot_table::step`) and whether the
/// sweep reaches it.
template <std::size_t M, std::size_t N>
struct output_tables {
  unsigned char step[M][N];
  bool reached[M][N];
};

template <std::size_t M, std::size_t N>
consteval output_tables<M, N> output_tables_of(std::array<slot_info, N> const& slots, std::array<std::size_t, M> const& roots) {
  output_tables<M, N> t{};
  for (std::size_t m = 0; m != M; ++m) {
    std::vector<slot_info> one(slots.begin(), slots.end());
    mark_reached(one, std::vector<std::size_t>{roots[m]});
    std::array<slot_info, N> marked{};
    for (std::size_t k = 0; k != N; ++k) marked[k] = one[k];
    slot_table<N> const steps = table_of(marked);
    for (std::size_t k = 0; k != N; ++k) {
      t.step[m][k] = steps.step[k];
      t.reached[m][k] = one[k].reached;
    }
  }
  return t;
}

template <class E>
inline constexpr std::size_t output_count_v = 1;
template <class... E>
inline constexpr std::size_t output_count_v<nodes::outputs<E...>> = sizeof...(E);

/// The distinct nodes of `E` in topological order, and its inputs. `E` is an expression (one output, its
/// root the last slot) or `nodes::outputs<E...>` (several, sharing their common subexpressions).
template <class E>
struct graph {
  static constexpr std::size_t size = distinct_nodes<E>();

  static constexpr std::array<slot_info, size> slots = slots_of<E, size>();

  /// The steps of the reverse sweep seeded at every root at once.
  static constexpr slot_table<size> table = table_of(slots);

  static constexpr std::size_t output_count = output_count_v<E>;
  /// The slot of each output.
  static constexpr std::array<std::size_t, output_count> roots = roots_of<E, output_count>();
  /// The slot of the (last) output: for an expression, the last slot.
  static constexpr std::size_t root = roots[output_count - 1];
  /// The steps of the reverse sweep from each output alone.
  static constexpr output_tables<output_count, size> per_output = output_tables_of(slots, roots);

  static constexpr std::size_t constant_count = [] {
    std::size_t n = 0;
    for (slot_info const& s : slots) n += s.kind == slot_kind::constant ? 1 : 0;
    return n;
  }();

 private:
  static constexpr auto all_inputs = inputs_of(slots);
  static_assert(all_inputs.consistent, "ctgrad: one label names two different inputs of this expression (a scalar and a vector, vectors of different sizes, or a variable and data)");

  template <bool Differentiable>
  static constexpr std::size_t entries_of_kind = [] {
    std::size_t n = 0;
    for (std::size_t i = 0; i != all_inputs.count; ++i) n += all_inputs.entries[i].differentiable == Differentiable ? 1 : 0;
    return n;
  }();

  template <bool Differentiable>
  static constexpr auto entries = [] {
    std::array<input_info, entries_of_kind<Differentiable>> out{};
    std::size_t n = 0;
    for (std::size_t i = 0; i != all_inputs.count; ++i) {
      if (all_inputs.entries[i].differentiable == Differentiable) out[n++] = all_inputs.entries[i];
    }
    return out;
  }();

  template <std::size_t M>
  [[nodiscard]] static constexpr std::size_t positions(std::array<input_info, M> const& e) noexcept {
    return M == 0 ? 0 : e[M - 1].offset + e[M - 1].size();
  }

 public:
  /// The variables by label (sorted), each a scalar or a vector; their elements in order are the positions of
  /// positional inputs and of gradient arrays.
  static constexpr auto variables = entries<true>;
  /// The data by label (sorted), positions in the data array.
  static constexpr auto data = entries<false>;

  /// Positions of variables: the size of the input array and of the gradient.
  static constexpr std::size_t variable_count = positions(variables);
  /// Positions of data.
  static constexpr std::size_t data_count = positions(data);

  /// The labels of the variables, sorted (one per variable, scalar or vector).
  static constexpr std::array<std::string_view, variables.size()> labels = [] {
    std::array<std::string_view, variables.size()> out{};
    for (std::size_t i = 0; i != variables.size(); ++i) out[i] = variables[i].label;
    return out;
  }();

  /// The variable or data labelled `label`, or null.
  [[nodiscard]] static constexpr input_info const* find(std::string_view label) noexcept {
    for (input_info const& v : variables) {
      if (v.label == label) return &v;
    }
    for (input_info const& d : data) {
      if (d.label == label) return &d;
    }
    return nullptr;
  }

  /// The position of the variable `label` (its first element), or `no_slot`.
  [[nodiscard]] static constexpr std::size_t index_of(std::string_view label) noexcept {
    for (input_info const& v : variables) {
      if (v.label == label) return v.offset;
    }
    return no_slot;
  }

  /// The position of slot `k`'s element in the array of its kind (for variable and data slots).
  [[nodiscard]] static constexpr std::size_t position_of(slot_info const& s) noexcept {
    input_info const* entry = find(s.label);
    return entry == nullptr ? no_slot : entry->offset + s.index;
  }

  /// The number of the input `label` in the list of its kind (`variables` or `data`).
  [[nodiscard]] static constexpr std::size_t entry_of_label(std::string_view label) noexcept {
    for (std::size_t i = 0; i != variables.size(); ++i) {
      if (variables[i].label == label) return i;
    }
    for (std::size_t i = 0; i != data.size(); ++i) {
      if (data[i].label == label) return i;
    }
    return no_slot;
  }

  /// The number of slot `k`'s input in the list of its kind (`variables` or `data`).
  [[nodiscard]] static constexpr std::size_t entry_of(slot_info const& s) noexcept {
    for (std::size_t i = 0; i != variables.size(); ++i) {
      if (variables[i].label == s.label) return i;
    }
    for (std::size_t i = 0; i != data.size(); ++i) {
      if (data[i].label == s.label) return i;
    }
    return no_slot;
  }
};

/// The node type in slot `K` of `graph<E>`: the operand `via` of its tree parent's type. Each slot's
/// type is one class instantiation built on its parent's (instantiate from the root down to keep the
/// template depth flat; see `sweep`).
template <class E, std::size_t K>
struct root_type {
  using type = E;
};
template <class... E, std::size_t K>
struct root_type<nodes::outputs<E...>, K> {
  static constexpr std::size_t output = [] {
    std::size_t m = 0;
    while (graph<nodes::outputs<E...>>::roots[m] != K) ++m;
    return m;
  }();
  using type = std::tuple_element_t<output, std::tuple<E...>>;
};

template <class E, std::size_t K, bool Root = (graph<E>::table.parent[K] == no_slot)>
struct slot_type {
  using type = typename root_type<E, K>::type;
};
template <class E, std::size_t K>
struct slot_type<E, K, false> {
  using type = child_t<graph<E>::table.via[K], typename slot_type<E, graph<E>::table.parent[K]>::type>;
};
template <class E, std::size_t K>
using slot_type_t = typename slot_type<E, K>::type;

}  // namespace ctgrad::expr::detail
