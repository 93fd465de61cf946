// ctgrad::nn::op::add_positions<Block>: a learned position embedding added to sequences held as rows.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn::op {

/// Y = X + P[t] for X, sequences of `Block` positions held as rows ((B·Block)×C, row seq·Block + t), and P, a
/// Block×C parameter table (makemore's `tok_emb + pos_emb`, broadcast over the batch).
/// Vector-Jacobian: dX = dY, dP[t] += Σ_seq dY[seq·Block + t].
template <std::size_t Block>
  requires(Block > 0)
struct add_positions {
  static constexpr std::string_view text = "add_positions";

  template <class X, class P>
  static constexpr detail::dims shape() {
    static_assert(detail::is_parameter_v<P> && detail::rows_v<P> == Block && detail::cols_v<P> == detail::cols_v<X>,
                  "ctgrad::nn::op::add_positions: the second operand must be a Block×C parameter table");
    static_assert(detail::rows_v<X> % Block == 0, "ctgrad::nn::op::add_positions: the rows must be whole sequences of Block positions");
    return detail::shape<X>::value;
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, c = detail::cols_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    auto const* p = v.template operand<1>();
    auto* y = v.value();
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t j = 0; j < c; ++j) y[r * c + j] = x[r * c + j] + p[(r % Block) * c + j];
    }
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, c = detail::cols_v<typename V::node_type>;
    auto const* dy = v.adjoint();
    if constexpr (V::template active<0>) detail::put_scaled<V::template first<0>, rows * c>(T(1), dy, v.template operand_adjoint<0>());
    if constexpr (V::template active<1>) {
      auto* dp = v.template operand_adjoint<1>();
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < c; ++j) dp[(r % Block) * c + j] += dy[r * c + j];
      }
    }
  }
};

}  // namespace ctgrad::nn::op
