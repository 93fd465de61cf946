// ctgrad::nn::op::embedding<Block>: an embedding lookup (makemore's `C[X]`), its rules on the simd kernels.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/embedding.hpp>

namespace ctgrad::nn::op {

/// E = C[X]: for B contexts of `Block` token indices (a `labels` leaf of B·Block indices, context by
/// context) and a table C (V×D, a `matrix` parameter), the B×(Block·D) matrix whose row r is the rows of C
/// of context r's tokens side by side (makemore's `emb.view(-1, block * d)`). Value: gather_rows.
/// Vector-Jacobian: dC[x, :] += dE[r, j·D:(j+1)·D] for each index x = X[r, j], in order (scatter_add_rows),
/// so a token that occurs twice gets both rows. The indices are not differentiated.
///
///     using emb = nn::node<nn::op::embedding<3>, nn::nodes::labels<0, 32 * 3>, nn::nodes::matrix<0, 27, 10>>;  // 32×30
template <std::size_t Block>
  requires(Block > 0)
struct embedding {
  static constexpr std::string_view text = "embedding";

  template <class X, class C>
  static constexpr detail::dims shape() {
    static_assert(detail::is_labels_v<X>, "ctgrad::nn::op::embedding: the first operand must be a labels leaf of token indices");
    static_assert(detail::is_parameter_v<C>, "ctgrad::nn::op::embedding: the second operand must be a parameter table");
    static_assert(detail::rows_v<X> % Block == 0, "ctgrad::nn::op::embedding: the number of indices must be a multiple of the block size");
    return {detail::rows_v<X> / Block, Block * detail::cols_v<C>};
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using X = typename V::template operand_type<0>;
    using C = typename V::template operand_type<1>;
    using T = typename V::value_type;
    simd::gather_rows<C::rows, C::cols, detail::rows_v<X>, detail::arch_for<T, C::cols>>(v.template operand<1>(),
                                                                                          v.template operand<0>(), v.value());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<1>) {
      using X = typename V::template operand_type<0>;
      using C = typename V::template operand_type<1>;
      using T = typename V::value_type;
      simd::scatter_add_rows<C::rows, C::cols, detail::rows_v<X>, detail::arch_for<T, C::cols>>(
          v.adjoint(), v.template operand<0>(), v.template operand_adjoint<1>());
    }
  }
};

}  // namespace ctgrad::nn::op
