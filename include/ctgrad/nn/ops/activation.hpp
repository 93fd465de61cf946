// ctgrad::nn::op::tanh and op::relu: element-wise non-linearities of a tensor, their rules on the simd kernels.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/activation.hpp>
#include <ctgrad/simd/axpy.hpp>

namespace ctgrad::nn::detail {

/// The rules of an element-wise activation whose derivative is read from its output.
template <class Kernels>
struct elementwise_activation {
  template <class X>
  static constexpr dims shape() {
    return detail::shape<X>::value;
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = elements_v<typename V::node_type>;
    Kernels::template forward<n>(v.template operand<0>(), v.value());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      constexpr std::size_t n = elements_v<typename V::node_type>;
      if constexpr (V::template first<0>) {
        Kernels::template backward<n>(v.value(), v.adjoint(), v.template operand_adjoint<0>());
      } else {
        // This node's adjoint is not read again: it holds the contribution, which is then added.
        Kernels::template backward<n>(v.value(), v.adjoint(), v.adjoint());
        simd::add<n, arch_for<typename V::value_type, n>>(v.adjoint(), v.template operand_adjoint<0>());
      }
    }
  }
};

struct tanh_kernels {
  template <std::size_t N, class T>
  CTGRAD_INLINE static void forward(T const* x, T* y) noexcept { simd::tanh_forward<N, arch_for<T, N>>(x, y); }
  template <std::size_t N, class T>
  CTGRAD_INLINE static void backward(T const* y, T const* dy, T* dx) noexcept { simd::tanh_backward<N, arch_for<T, N>>(y, dy, dx); }
};
struct relu_kernels {
  template <std::size_t N, class T>
  CTGRAD_INLINE static void forward(T const* x, T* y) noexcept { simd::relu_forward<N, arch_for<T, N>>(x, y); }
  template <std::size_t N, class T>
  CTGRAD_INLINE static void backward(T const* y, T const* dy, T* dx) noexcept { simd::relu_backward<N, arch_for<T, N>>(y, dy, dx); }
};

}  // namespace ctgrad::nn::detail

namespace ctgrad::nn::op {

/// Y = tanh(X), element-wise (the course's non-linearity). Vector-Jacobian: dX = (1 − Y²)·dY.
struct tanh : detail::elementwise_activation<detail::tanh_kernels> {
  static constexpr std::string_view text = "tanh";
};

/// Y = max(X, 0), element-wise. Vector-Jacobian: dX = dY where Y > 0, else 0 (micrograd's rule).
struct relu : detail::elementwise_activation<detail::relu_kernels> {
  static constexpr std::string_view text = "ReLU";
};

}  // namespace ctgrad::nn::op
