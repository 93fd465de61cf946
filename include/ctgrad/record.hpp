// ctgrad::record: a static expression as one node of the dynamic tape, differentiated by the static graph.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <string>

#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/print.hpp>
#include <ctgrad/tape/graph.hpp>

namespace ctgrad {

namespace detail {
template <class T>
concept TapeValue = std::same_as<T, tape::value>;
}

/// Records `f(inputs...)` as ONE node of the inputs' tape: its value and its local gradient come from one
/// static `grad` call (one forward pass and one reverse sweep generated from f's type), so dynamic code
/// gets static speed inside. `inputs` are tape values in the order of `variables_of(f)` (labels sorted),
/// all on one graph. The node's op text is `to_string(f)`; backward() sends d f / d input_i times the
/// node's grad to input i.
///
///     tape::value x = g.leaf(0.5), y = g.leaf(2.0);
///     tape::value z = ctgrad::record(exp(var<"x">) * var<"y">, x, y) + 1;   // one tape node for exp(x)*y
struct record_fn {
  template <expr::Expression F, detail::TapeValue... V>
    requires(sizeof...(V) == expr::detail::graph<F>::variable_count && sizeof...(V) > 0)
  tape::value operator()(F const& f, V... inputs) const {
    const std::array<tape::value, sizeof...(V)> children{inputs...};
    const auto r = expr::grad(f, inputs.data()...);
    return children[0].owner().push_custom(expr::to_string(f), r.value, children, r.gradient);
  }
  template <expr::Expression F, detail::TapeValue... V>
    requires(sizeof...(V) != expr::detail::graph<F>::variable_count)
  auto operator()(F const&, V...) const {
    static_assert(sizeof...(V) == expr::detail::graph<F>::variable_count,
                  "ctgrad::record(f, inputs...): give one tape value per variable of f, in the order of variables_of(f)");
  }
};
inline constexpr record_fn record{};

}  // namespace ctgrad
