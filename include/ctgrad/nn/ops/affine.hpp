// ctgrad::nn::op::affine: a dense layer's pre-activation X·W + 1·bᵀ (or X·W), its rules on the simd kernels.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/dot.hpp>
#include <ctgrad/simd/gemm.hpp>

namespace ctgrad::nn::op {

/// Y = X·W + 1·bᵀ for a batch X (B×In) and a dense parameter block (W: In×Out, b: Out); Y is B×Out. A block
/// without a bias (`dense<..., false>`, a layer followed by a normalisation) gives Y = X·W.
/// Matmul and bias are one node, so the forward pass is one fused kernel (gemm_bias). Vector-Jacobian:
/// dW += Xᵀ·dY (gemm_tn_add), db += Σ_rows dY (col_sum_add), dX = dY·Wᵀ (gemm_nt). A single neuron
/// (Out = 1) runs on dot and axpy instead: one dot product per sample forward, one axpy per sample back.
struct affine {
  static constexpr std::string_view text = "affine";

  template <class X, class P>
  static constexpr detail::dims shape() {
    static_assert(detail::is_parameter_v<P>, "ctgrad::nn::op::affine: the second operand must be a dense parameter block");
    static_assert(detail::cols_v<X> == P::in, "ctgrad::nn::op::affine: the batch's width must be the layer's input size");
    return {detail::rows_v<X>, P::out};
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using P = typename V::template operand_type<1>;
    constexpr std::size_t batch = detail::rows_v<typename V::template operand_type<0>>;
    constexpr std::size_t in = P::in, out = P::out;
    auto const* x = v.template operand<0>();
    auto const* w = v.template operand<1>();
    auto* y = v.value();
    using T = typename V::value_type;
    if constexpr (out == 1) {
      T const b = P::bias ? w[in] : T(0);
      for (std::size_t r = 0; r < batch; ++r) y[r] = b + simd::dot<in, detail::arch_for<T, in>>(x + r * in, w);
    } else if constexpr (P::bias) {
      simd::gemm_bias<batch, in, out, detail::arch_for<T, out>>(x, w, w + in * out, y);
    } else {
      simd::gemm<batch, in, out, detail::arch_for<T, out>>(x, w, y);
    }
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    using P = typename V::template operand_type<1>;
    constexpr std::size_t batch = detail::rows_v<typename V::template operand_type<0>>;
    constexpr std::size_t in = P::in, out = P::out;
    auto const* x = v.template operand<0>();
    auto const* w = v.template operand<1>();
    auto const* dy = v.adjoint();
    using T = typename V::value_type;
    using along_in = detail::arch_for<T, in>;
    using along_out = detail::arch_for<T, out>;
    if constexpr (V::template active<1>) {
      auto* dw = v.template operand_adjoint<1>();
      if constexpr (out == 1) {
        for (std::size_t r = 0; r < batch; ++r) {
          simd::axpy<in, along_in>(dy[r], x + r * in, dw);
          if constexpr (P::bias) dw[in] += dy[r];
        }
      } else {
        simd::gemm_tn_add<in, batch, out, along_out>(x, dy, dw);
        if constexpr (P::bias) simd::col_sum_add<batch, out, along_out>(dy, dw + in * out);
      }
    }
    if constexpr (V::template active<0>) {
      auto* dx = v.template operand_adjoint<0>();
      if constexpr (out == 1) {
        for (std::size_t r = 0; r < batch; ++r) detail::put_scaled<V::template first<0>, in>(dy[r], w, dx + r * in);
      } else if constexpr (V::template first<0>) {
        simd::gemm_nt<batch, out, in, along_out>(dy, w, dx);
      } else {
        simd::gemm_nt_add<batch, out, in, along_out>(dy, w, dx);
      }
    }
  }
};

}  // namespace ctgrad::nn::op
