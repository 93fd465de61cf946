// ctgrad::expr::for_each_node: evaluate and sweep once, then show each distinct node (for draw_dot and the tape bridge).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/expr_text.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/function.hpp>
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
  bool is_leaf;                           ///< a variable, data or a number (no operands)
  bool is_variable;                       ///< a variable or data (then `text` is its label, `x[3]` for an element)
  std::string_view text;                  ///< label, number ("2", "0.5"), or the op's name: "+", "*", "**3", "ReLU", "sin"...
  S value;                                ///< the node's value
  S grad;                                 ///< d f / d node (0 for nodes that depend on no variable)
  std::span<std::size_t const> children;  ///< the operands' indices, in operand order
};

namespace detail {

/// The name of slot `K`'s op, or empty for a leaf.
template <class N>
inline constexpr std::string_view op_name{};
template <class Op, class... C>
inline constexpr std::string_view op_name<nodes::node<Op, C...>> = op_traits<Op>::name;

/// Shows slot `k` of the graph `G` after a sweep; `name` is its op's name (empty for a leaf).
template <class G, Scalar S, std::size_t Size, std::size_t Constants, class V>
void show_slot(std::size_t k, std::string_view name, std::array<S, Size> const& value, std::array<S, Size> const& adjoint,
               std::array<double, Constants> const& constants, V& visitor) {
  slot_info const& s = G::slots[k];
  char text[64]{};
  std::size_t length = 0;
  auto const append = [&](std::string_view part) {
    for (char c : part) {
      if (length != sizeof text) text[length++] = c;
    }
  };
  auto const append_number = [&](slot_info const& leaf) {
    if (leaf.kind == slot_kind::constant) {
      append(number_text(constants[leaf.constant]).view());
    } else if (prints_as_decimal(leaf.denominator)) {
      append(number_text(static_cast<double>(leaf.numerator) / static_cast<double>(leaf.denominator)).view());
    } else {
      append(number_text(leaf.numerator).view());
      if (leaf.denominator != 1) {
        append("/");
        append(number_text(leaf.denominator).view());
      }
    }
  };
  bool const number_leaf = s.kind == slot_kind::literal || s.kind == slot_kind::constant;
  if (number_leaf) {
    append_number(s);
  } else if (s.kind == slot_kind::loop) {
    append("sum");
  } else if (s.kind != slot_kind::op) {
    append(s.label);
    if (s.extent != 0) {
      append("[");
      append(number_text(static_cast<long long>(s.index)).view());
      append("]");
    }
  } else if (name == op_traits<op::pow>::name && (G::slots[s.child[1]].kind == slot_kind::literal || G::slots[s.child[1]].kind == slot_kind::constant)) {
    // micrograd names a power by a number after its exponent: "**0.5".
    append(name);
    append_number(G::slots[s.child[1]]);
  } else {
    append(name);
  }
  S const grad = s.reached ? adjoint[k] : numeric::broadcast<S>(0);
  node_info<S> const info{k, s.kind != slot_kind::op && s.kind != slot_kind::loop, s.kind == slot_kind::variable || s.kind == slot_kind::data,
                          std::string_view(text, length), value[k], grad, std::span<std::size_t const>(s.child.data(), s.arity)};
  visitor(info);
}

}  // namespace detail

/// Evaluates `f` and sweeps it once, then calls `visitor(node_info<S> const&)` for each distinct node
/// in topological order (operands first, `f` last), and returns the same result as `grad`. Inputs are
/// bound as for `grad`. For drawing (`draw_dot`) and for recording `f` on the dynamic tape.
///
///     for_each_node(f, [](auto const& n) { std::cout << n.index << ' ' << n.text << '\n'; }, 2.0, 3.0);
struct for_each_node_fn {
  template <Expression F, class V, class... In>
    requires detail::valid_binding<F, In...> && std::invocable<V&, node_info<detail::scalar_of_t<In...>> const&>
  constexpr auto operator()(F const& f, V&& visitor, In const&... inputs) const {
    using S = detail::scalar_of_t<In...>;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    gradient_result<S, F> r{};
    detail::sweep<F, F, S> sw{};
    sw.run(f, in.variables.data(), in.data.data(), r.gradient.data());
    r.value = sw.value[detail::graph<F>::root];
    using g = detail::graph<F>;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      [[maybe_unused]] bool const done[] = {
          (detail::show_slot<g>(K, detail::op_name<detail::slot_type_t<F, K>>, sw.value, sw.adjoint, sw.constants, visitor), true)...};
    }(std::make_index_sequence<g::size>{});
    return r;
  }
  template <Expression F, class V, class... In>
    requires(!detail::valid_binding<F, In...>)
  constexpr auto operator()(F const&, V&&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }
};
inline constexpr for_each_node_fn for_each_node{};

}  // namespace ctgrad::expr
