// ctgrad::expr::detail::graph<E>: the distinct nodes of an expression type, in topological order, computed at compile time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/node.hpp>

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

enum class slot_kind : unsigned char { variable, literal, constant, op };

/// One distinct node of the graph, as seen by the generated passes.
struct slot_info {
  slot_kind kind = slot_kind::op;
  std::size_t arity = 0;
  std::array<std::size_t, 2> child{no_slot, no_slot};  // operand slots, in operand order
  std::array<bool, 2> tree{};                          // the operand was first reached through this edge
  std::size_t parent = no_slot;                        // the node whose tree edge reached this one
  std::size_t via = 0;                                 // ... and which of its operands this one is
  bool active = false;                                 // depends on a variable: it has an adjoint
  std::array<bool, 2> first{};                         // this edge is the first to add to the operand's adjoint
  std::size_t constant = no_slot;                      // a runtime constant's number, in walk order
  long long literal = 0;                               // a literal's value
  std::string_view label{};                            // the label of a variable
};

/// The state of the walk: the slots so far, and a hash table from pure node types to their slots.
class graph_builder {
 public:
  std::vector<slot_info> slots;
  std::size_t constants = 0;  // runtime constants so far

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
  if constexpr (is_variable_v<E>) {
    s.kind = slot_kind::variable;
    s.label = E::label;
  } else if constexpr (is_literal_v<E>) {
    s.kind = slot_kind::literal;
    s.literal = E::value;
  } else if constexpr (is_constant_v<E>) {
    s.kind = slot_kind::constant;
  } else {
    s.kind = slot_kind::op;
    s.arity = arity_v<E>;
    std::size_t before = b.slots.size();
    s.child[0] = walk<child_t<0, E>>(b);
    s.tree[0] = s.child[0] >= before;
    if constexpr (arity_v<E> == 2) {
      before = b.slots.size();
      s.child[1] = walk<child_t<1, E>>(b);
      s.tree[1] = s.child[1] >= before;
    }
  }
  return b.add(s, pure ? type_id<E> : nullptr, hash_v<E>);
}

/// The walk of `E`, then which edge adds first to each adjoint in the reverse sweep (slots from the
/// root down, operands in order): that edge stores, the others add, and no adjoint is cleared first.
template <class E>
consteval void build_graph(graph_builder& b) {
  walk<E>(b);
  std::vector<unsigned char> reached(b.slots.size(), 0);  // (vector<bool> is not constexpr with clang 14)
  for (std::size_t k = b.slots.size(); k-- != 0;) {
    slot_info& s = b.slots[k];
    if (!s.active) continue;
    for (std::size_t i = 0; i != s.arity; ++i) {
      if (!b.slots[s.child[i]].active) continue;
      s.first[i] = reached[s.child[i]] == 0;
      reached[s.child[i]] = 1;
    }
  }
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

/// What the generated passes read per slot while they are being instantiated, as plain arrays: a
/// built-in subscript costs the compiler nothing, while `std::array::operator[]` is a constexpr call
/// to resolve and evaluate at each of the thousands of places a large graph reads it.
template <std::size_t N>
struct slot_table {
  std::size_t parent[N];    // slot_info::parent
  std::size_t via[N];       // slot_info::via
  std::size_t operand[2][N];  // slot_info::child
  unsigned char step[N];    // bits: operand 0 active, operand 1 active, first to 0's adjoint, first to 1's
};

template <std::size_t N>
consteval slot_table<N> table_of(std::array<slot_info, N> const& slots) {
  slot_table<N> t{};
  for (std::size_t k = 0; k != N; ++k) {
    slot_info const& s = slots[k];
    t.parent[k] = s.parent;
    t.via[k] = s.via;
    t.operand[0][k] = s.child[0];
    t.operand[1][k] = s.child[1];
    t.step[k] = 0;
    if (s.kind != slot_kind::op || !s.active) continue;
    for (std::size_t i = 0; i != s.arity; ++i) {
      if (slots[s.child[i]].active) t.step[k] |= static_cast<unsigned char>(1U << i);
      if (s.first[i]) t.step[k] |= static_cast<unsigned char>(4U << i);
    }
  }
  return t;
}

/// The distinct nodes of `E` in topological order (the root is last), and its variables.
template <class E>
struct graph {
  static constexpr std::size_t size = distinct_nodes<E>();

  static constexpr std::array<slot_info, size> slots = slots_of<E, size>();

  static constexpr slot_table<size> table = table_of(slots);

  static constexpr std::size_t root = size - 1;

  static constexpr std::size_t constant_count = [] {
    std::size_t n = 0;
    for (slot_info const& s : slots) n += s.kind == slot_kind::constant ? 1 : 0;
    return n;
  }();

  static constexpr std::size_t variable_count = [] {
    std::size_t n = 0;
    for (slot_info const& s : slots) n += s.kind == slot_kind::variable ? 1 : 0;
    return n;
  }();

  /// The labels of the variables, sorted: the order of positional inputs and of gradient arrays.
  static constexpr std::array<std::string_view, variable_count> labels = [] {
    std::array<std::string_view, variable_count> out{};
    std::size_t n = 0;
    for (slot_info const& s : slots) {
      if (s.kind != slot_kind::variable) continue;
      std::size_t i = n++;
      for (; i > 0 && s.label < out[i - 1]; --i) out[i] = out[i - 1];
      out[i] = s.label;
    }
    return out;
  }();

  /// The position of `label` among `labels`, or `no_slot`.
  [[nodiscard]] static constexpr std::size_t index_of(std::string_view label) noexcept {
    for (std::size_t i = 0; i != variable_count; ++i) {
      if (labels[i] == label) return i;
    }
    return no_slot;
  }
};

/// The node type in slot `K` of `graph<E>`: the operand `via` of its tree parent's type. Each slot's
/// type is one class instantiation built on its parent's (instantiate from the root down to keep the
/// template depth flat; see `sweep`).
template <class E, std::size_t K, bool Root = (K == graph<E>::root)>
struct slot_type {
  using type = E;
};
template <class E, std::size_t K>
struct slot_type<E, K, false> {
  using type = child_t<graph<E>::table.via[K], typename slot_type<E, graph<E>::table.parent[K]>::type>;
};
template <class E, std::size_t K>
using slot_type_t = typename slot_type<E, K>::type;

}  // namespace ctgrad::expr::detail
