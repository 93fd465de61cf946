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
  bool is_leaf;                           ///< a variable or a number (no operands)
  bool is_variable;                       ///< a variable (then `text` is its label)
  std::string_view text;                  ///< label, number ("2", "0.5"), or micrograd's op: "+", "*", "**3", "ReLU", "neg"...
  S value;                                ///< the node's value
  S grad;                                 ///< d f / d node (0 for nodes that depend on no variable)
  std::span<std::size_t const> children;  ///< the operands' indices, in operand order
};

namespace detail {

/// The text of an op (micrograd's name) or of a variable (its label); empty for a number, whose text is
/// made from its value.
template <class Rule>
inline constexpr std::string_view rule_text{};
template <ctgrad::detail::fixed_string L>
inline constexpr std::string_view rule_text<leaf_rule<nodes::variable<L>>> = L.view();
template <class Op>
inline constexpr std::string_view rule_text<unary_rule<Op>> = Op::text;
template <class Op>
inline constexpr std::string_view rule_text<binary_rule<Op>> = Op::text;

/// Shows slot `k` of the graph `G` after a sweep; `text` is the rule's text (see `rule_text`) and
/// `is_pow` says the slot is `x**y`.
template <class G, Scalar S, std::size_t Size, std::size_t Constants, class V>
void show_slot(std::size_t k, std::string_view text, bool is_pow, std::array<S, Size> const& value, std::array<S, Size> const& adjoint,
               std::array<double, Constants> const& constants, V& visitor) {
  slot_info const& s = G::slots[k];
  auto const number = [&](slot_info const& leaf) {
    return leaf.kind == slot_kind::literal ? number_text(leaf.literal) : number_text(constants[leaf.constant]);
  };
  auto const show = [&](std::string_view shown) {
    S const grad = s.active && G::slots[G::root].active ? adjoint[k] : broadcast<S>(0);
    node_info<S> const info{k,     s.kind != slot_kind::op, s.kind == slot_kind::variable, shown, value[k], grad,
                            std::span<std::size_t const>(s.child.data(), s.arity)};
    visitor(info);
  };
  if (s.kind == slot_kind::literal || s.kind == slot_kind::constant) {
    show(number(s).view());
  } else if (is_pow && G::slots[s.child[1]].kind != slot_kind::op &&
             G::slots[s.child[1]].kind != slot_kind::variable) {
    // micrograd names a power by a number after its exponent: "**0.5".
    auto const exponent = number(G::slots[s.child[1]]);
    char power[48]{'*', '*'};
    std::size_t length = 2;
    for (char c : exponent.view()) power[length++] = c;
    show(std::string_view(power, length));
  } else {
    show(text);
  }
}

}  // namespace detail

/// Evaluates `f` and sweeps it once, then calls `visitor(node_info<S> const&)` for each distinct node
/// in topological order (operands first, `f` last), and returns the same result as `grad`. Inputs are
/// bound as for `grad`. For drawing (`draw_dot`) and for recording `f` as one node of the dynamic tape.
///
///     for_each_node(f, [](auto const& n) { std::cout << n.index << ' ' << n.text << '\n'; }, 2.0, 3.0);
struct for_each_node_fn {
  template <Expression F, class V, class... In>
    requires detail::valid_binding<F, In...> && std::invocable<V&, node_info<detail::scalar_of_t<In...>> const&>
  constexpr auto operator()(F const& f, V&& visitor, In const&... inputs) const {
    using S = detail::scalar_of_t<In...>;
    auto const in = detail::gather_inputs<F, S>(inputs...);
    gradient_result<S, F> r{};
    detail::sweep<F, F, S> sw;
    sw.run(f, in, r.gradient);
    r.value = sw.value[detail::graph<F>::root];
    using g = detail::graph<F>;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      [[maybe_unused]] bool const done[] = {
          (detail::show_slot<g>(K, detail::rule_text<detail::slot_rule_t<detail::slot_type_t<F, K>>>,
                                std::is_same_v<detail::slot_rule_t<detail::slot_type_t<F, K>>, detail::binary_rule<op::pow>>,
                                sw.value, sw.adjoint, sw.constants, visitor),
           true)...};
    }(std::make_index_sequence<g::size>{});
    return r;
  }
  template <Expression F, class V, class... In>
    requires(!detail::valid_binding<F, In...>)
  void operator()(F const&, V&&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }
};
inline constexpr for_each_node_fn for_each_node{};

}  // namespace ctgrad::expr
