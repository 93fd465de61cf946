// ctgrad::nn::detail::graph<E>: the distinct nodes of a tensor expression in topological order, which edge of
// the reverse sweep writes each adjoint first, and where the adjoints can share memory.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <ctgrad/nn/node.hpp>

namespace ctgrad::nn::detail {

// Tensor graphs are small (tens of nodes), so the walk is plain template recursion over a type list:
// post-order (operands first), each distinct type once, which is a topological order with the root last.

template <class... T>
struct type_list {
  static constexpr std::size_t size = sizeof...(T);
};

template <class L, class T>
inline constexpr bool contains_v = false;
template <class... Ts, class T>
inline constexpr bool contains_v<type_list<Ts...>, T> = (std::is_same_v<Ts, T> || ...);

template <class L, class N, bool Op = is_op_v<N>>
struct walk_new;
template <class L, class N, bool Seen = contains_v<L, N>>
struct walk {
  using type = L;
};
template <class L, class N>
struct walk<L, N, false> {
  using type = typename walk_new<L, N>::type;
};
template <class L, class... C>
struct walk_all;
template <class L>
struct walk_all<L> {
  using type = L;
};
template <class L, class C0, class... Cs>
struct walk_all<L, C0, Cs...> {
  using type = typename walk_all<typename walk<L, C0>::type, Cs...>::type;
};
template <class... Ts, class N>
struct walk_new<type_list<Ts...>, N, false> {
  using type = type_list<Ts..., N>;
};
template <class L, class Op, class... C>
struct walk_new<L, expr::nodes::node<Op, C...>, true> {
  template <class M>
  struct append;
  template <class... Ts>
  struct append<type_list<Ts...>> {
    using type = type_list<Ts..., expr::nodes::node<Op, C...>>;
  };
  using type = typename append<typename walk_all<L, C...>::type>::type;
};

template <class T, class... Ts>
consteval std::size_t index_in(type_list<Ts...>) {
  std::size_t i = 0;
  bool found = false;
  ((found = found || std::is_same_v<T, Ts>, i += found ? 0 : 1), ...);
  return i;
}

/// One distinct node, as the sweep sees it.
struct slot_info {
  bool op = false;      // an op node (else a leaf)
  bool active = false;  // a parameter or differentiable input lies below: it has an adjoint
  bool parameter = false;  // a parameter leaf: its adjoint is the model's gradient, always added to
  std::size_t arity = 0;
  std::array<std::size_t, 2> operand{};  // operand slots
  std::array<bool, 2> first{};           // this edge stores the operand's adjoint (the others add to it)
};

template <class L, class N>
consteval slot_info make_slot() {
  slot_info s{};
  s.op = is_op_v<N>;
  s.active = is_active_v<N>;
  s.parameter = is_parameter_v<N>;
  if constexpr (is_op_v<N>) {
    s.arity = expr::detail::arity_v<N>;
    s.operand[0] = index_in<expr::detail::child_t<0, N>>(L{});
    if constexpr (expr::detail::arity_v<N> == 2) s.operand[1] = index_in<expr::detail::child_t<1, N>>(L{});
  }
  return s;
}

template <class... Ts>
consteval std::array<slot_info, sizeof...(Ts)> make_slots(type_list<Ts...>) {
  constexpr std::size_t n = sizeof...(Ts);
  std::array<slot_info, n> out{make_slot<type_list<Ts...>, Ts>()...};
  // From the root down, the first user of an op node's adjoint stores it and later users add to it, so
  // no adjoint is cleared first. Parameters always add: their adjoints are the model's gradients, which
  // accumulate (micrograd's semantics; `zero_grad` clears them).
  std::array<bool, n> reached{};
  for (std::size_t k = n; k-- != 0;) {
    slot_info& s = out[k];
    if (!s.op || !s.active) continue;
    for (std::size_t i = 0; i != s.arity; ++i) {
      slot_info const& c = out[s.operand[i]];
      if (!c.active || c.parameter) continue;
      s.first[i] = !reached[s.operand[i]];
      reached[s.operand[i]] = true;
    }
  }
  return out;
}

/// The elements of node N's adjoint if it has one in a workspace (an active op node), else 0.
template <class N>
consteval std::size_t adjoint_elements() {
  if constexpr (is_op_v<N> && is_active_v<N>) return elements_v<N>;
  else return 0;
}
template <class... Ts>
consteval std::array<std::size_t, sizeof...(Ts)> adjoint_sizes(type_list<Ts...>) {
  return {adjoint_elements<Ts>()...};
}

/// Where each op node's adjoint lives when a program's adjoints share one arena (`adjoints::shared`).
template <std::size_t N>
struct adjoint_layout {
  std::array<std::size_t, N> offset{};  // of slot K's adjoint, in elements
  std::size_t size = 0;                 // elements of the arena
};

/// The reverse sweep runs the slots from the root down; slot K's adjoint is written first by its user of
/// highest index (the root's is seeded just before) and read last by K's own rule, so it is live from that
/// user's step to K's. Two adjoints whose lives do not overlap may share elements: a slot's own adjoint and
/// its operands' are all live at its step, so a rule never sees them aliased. Adjoints are placed at each
/// first writer's step, lowest free offset first (in multiples of 16 elements: 64 bytes for float), and freed
/// after their own step. The arena is then about the widest cut through the graph, not the sum of its nodes.
template <std::size_t N>
consteval adjoint_layout<N> plan_adjoints(std::array<slot_info, N> const& slots, std::array<std::size_t, N> const& elements) {
  constexpr std::size_t align = 16;
  adjoint_layout<N> layout{};
  std::array<std::size_t, N> writer{};  // the step that writes slot K's adjoint first
  for (std::size_t k = 0; k != N; ++k) writer[k] = k;
  for (std::size_t k = 0; k != N; ++k) {
    for (std::size_t i = 0; i != slots[k].arity; ++i) writer[slots[k].operand[i]] = std::max(writer[slots[k].operand[i]], k);
  }
  // The live adjoints, sorted by offset.
  std::array<std::size_t, N> live_slot{}, live_begin{}, live_end{};
  std::size_t live = 0;
  std::array<bool, N> placed{};
  const auto place = [&](std::size_t k) {
    if (elements[k] == 0 || placed[k]) return;
    placed[k] = true;
    const std::size_t need = (elements[k] + align - 1) / align * align;
    std::size_t at = 0, i = 0;  // the first gap of `need` elements, before live block i
    for (; i != live && live_begin[i] < at + need; ++i) at = std::max(at, live_end[i]);
    for (std::size_t j = live; j != i; --j) {
      live_slot[j] = live_slot[j - 1];
      live_begin[j] = live_begin[j - 1];
      live_end[j] = live_end[j - 1];
    }
    live_slot[i] = k;
    live_begin[i] = at;
    live_end[i] = at + need;
    ++live;
    layout.offset[k] = at;
    layout.size = std::max(layout.size, at + need);
  };
  for (std::size_t t = N; t-- != 0;) {
    if (writer[t] == t) place(t);  // the root, seeded before the sweep
    for (std::size_t i = 0; i != slots[t].arity; ++i) {
      if (writer[slots[t].operand[i]] == t) place(slots[t].operand[i]);
    }
    for (std::size_t i = 0; i != live; ++i) {
      if (live_slot[i] != t) continue;
      for (std::size_t j = i; j + 1 < live; ++j) {
        live_slot[j] = live_slot[j + 1];
        live_begin[j] = live_begin[j + 1];
        live_end[j] = live_end[j + 1];
      }
      --live;
      break;
    }
  }
  return layout;
}

/// The distinct nodes of the tensor expression `E` in topological order (the root is last).
template <class E>
struct graph {
  using list = typename walk<type_list<>, E>::type;
  static constexpr std::size_t size = list::size;
  static constexpr std::size_t root = size - 1;
  static constexpr std::array<slot_info, size> slots = make_slots(list{});
  static constexpr adjoint_layout<size> adjoint_plan = plan_adjoints(slots, adjoint_sizes(list{}));

  template <std::size_t K, class L = list>
  struct at_impl;
  template <std::size_t K, class... Ts>
  struct at_impl<K, type_list<Ts...>> {
    using type = std::tuple_element_t<K, std::tuple<Ts...>>;
  };
  /// The slot of node type N.
  template <class N>
  static constexpr std::size_t index = index_in<N>(list{});

  /// The node type in slot K.
  template <std::size_t K>
  using at = typename at_impl<K>::type;
};

}  // namespace ctgrad::nn::detail
