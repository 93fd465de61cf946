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
// parents. Each edge records whether it was the one that first reached its child (a "tree" edge);
// the generated passes recurse along tree edges only, so every distinct node is visited exactly once
// and the recursion still carries the node object (and so any runtime constant in it).
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
  std::string_view label{};                            // the label of a variable
};

/// The state of the walk: the slots so far, and a hash table from pure node types to their slots.
class graph_builder {
 public:
  std::vector<slot_info> slots;

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

/// Walks `E` (post-order), returning its slot.
template <class E>
constexpr std::size_t walk(graph_builder& b) {
  constexpr bool pure = is_pure_v<E>;
  if constexpr (pure) {
    if (std::size_t const found = b.find(type_id<E>, hash_v<E>); found != no_slot) return found;
  }
  slot_info s{};
  if constexpr (is_variable_v<E>) {
    s.kind = slot_kind::variable;
    s.label = E::label;
  } else if constexpr (is_literal_v<E>) {
    s.kind = slot_kind::literal;
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

template <class E>
constexpr graph_builder build_graph() {
  graph_builder b;
  walk<E>(b);
  return b;
}

/// The distinct nodes of `E` in topological order (the root is last), and its variables.
template <class E>
struct graph {
  static constexpr std::size_t size = build_graph<E>().slots.size();

  static constexpr std::array<slot_info, size> slots = [] {
    std::array<slot_info, size> out{};
    auto const b = build_graph<E>();
    for (std::size_t i = 0; i != size; ++i) out[i] = b.slots[i];
    return out;
  }();

  static constexpr std::size_t root = size - 1;

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

}  // namespace ctgrad::expr::detail
