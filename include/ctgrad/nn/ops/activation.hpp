// ctgrad::nn::op::tanh, op::relu and op::gelu: element-wise non-linearities of a tensor, their rules on the simd kernels.
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

namespace ctgrad::nn::op {

/// Y = ½X(1 + tanh(√(2/π)(X + 0.044715X³))), element-wise: GELU in the tanh form makemore's Transformer uses
/// (its NewGELU, as in GPT-2). Vector-Jacobian: dX = (½(1 + t) + ½X(1 − t²)·√(2/π)(1 + 3·0.044715X²))·dY, with
/// t the tanh kept from the forward pass.
struct gelu {
  static constexpr std::string_view text = "GELU";

  template <class X>
  static constexpr detail::dims shape() {
    return detail::shape<X>::value;
  }

  /// tanh(√(2/π)(x + 0.044715x³)) per element.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::elements_v<N>> t;
  };

  static constexpr double sqrt_2_over_pi = 0.7978845608028654;
  static constexpr double cubic = 0.044715;

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t n = detail::elements_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    T* t = v.state().t.data();  // the tanh's argument, then the tanh in place
    for (std::size_t i = 0; i < n; ++i) t[i] = T(sqrt_2_over_pi) * (x[i] + T(cubic) * x[i] * x[i] * x[i]);
    simd::tanh_forward<n, detail::arch_for<T, n>>(t, t);
    auto* y = v.value();
    for (std::size_t i = 0; i < n; ++i) y[i] = T(0.5) * x[i] * (T(1) + t[i]);
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      using T = typename V::value_type;
      constexpr std::size_t n = detail::elements_v<typename V::node_type>;
      auto const* x = v.template operand<0>();
      auto const* t = v.state().t.data();
      auto const* dy = v.adjoint();
      auto* dx = v.template operand_adjoint<0>();
      for (std::size_t i = 0; i < n; ++i) {
        T const d = (T(0.5) * (T(1) + t[i]) + T(0.5) * x[i] * (T(1) - t[i] * t[i]) * T(sqrt_2_over_pi) * (T(1) + T(3 * cubic) * x[i] * x[i])) * dy[i];
        if constexpr (V::template first<0>) dx[i] = d;
        else dx[i] += d;
      }
    }
  }
};

}  // namespace ctgrad::nn::op
