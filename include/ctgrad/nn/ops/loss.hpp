// ctgrad::nn::op::sse, op::hinge and op::cross_entropy: the losses, scalar nodes of a tensor graph, their
// rules on the simd kernels.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/cross_entropy.hpp>
#include <ctgrad/simd/dot.hpp>

namespace ctgrad::nn::op {

/// Sum of squared errors Σ (P − Y)² of predictions P and targets Y of the same shape (the course's loss).
/// Vector-Jacobian: dP = 2 (P − Y)·g.
struct sse {
  static constexpr std::string_view text = "sse";

  template <class P, class Y>
  static constexpr detail::dims shape() {
    static_assert(detail::rows_v<P> == detail::rows_v<Y> && detail::cols_v<P> == detail::cols_v<Y>,
                  "ctgrad::nn::op::sse: predictions and targets must have the same shape");
    return {1, 1};
  }

  /// The residual P − Y, kept for the backward rule.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::elements_v<expr::detail::child_t<0, N>>> residual;
  };

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
    auto const* p = v.template operand<0>();
    auto const* y = v.template operand<1>();
    auto* d = v.state().residual.data();
    for (std::size_t i = 0; i < n; ++i) d[i] = p[i] - y[i];
    v.value()[0] = simd::dot<n>(d, d);
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
      using T = typename V::value_type;
      detail::put_scaled<V::template first<0>, n>(T(2) * v.adjoint()[0], v.state().residual.data(), v.template operand_adjoint<0>());
    }
  }
};

/// Max-margin (hinge) loss (1/B) Σ_i max(0, 1 − y_i s_i) of B scores s (B×1) against labels y = ±1 (B×1),
/// micrograd's demo loss. Vector-Jacobian: ds_i = −y_i·g/B where the margin is violated (1 − y_i s_i > 0).
struct hinge {
  static constexpr std::string_view text = "hinge";

  template <class S, class Y>
  static constexpr detail::dims shape() {
    static_assert(detail::cols_v<S> == 1 && detail::cols_v<Y> == 1 && detail::rows_v<S> == detail::rows_v<Y>,
                  "ctgrad::nn::op::hinge: one score and one ±1 label per sample");
    return {1, 1};
  }

  /// The margins 1 − y_i s_i.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::rows_v<expr::detail::child_t<0, N>>> margin;
  };

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t b = detail::rows_v<typename V::template operand_type<0>>;
    auto const* s = v.template operand<0>();
    auto const* y = v.template operand<1>();
    auto* m = v.state().margin.data();
    T sum = 0;
    for (std::size_t i = 0; i < b; ++i) {
      m[i] = T(1) - y[i] * s[i];
      sum += m[i] > T(0) ? m[i] : T(0);
    }
    v.value()[0] = sum * (T(1) / T(b));
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      using T = typename V::value_type;
      constexpr std::size_t b = detail::rows_v<typename V::template operand_type<0>>;
      auto const* y = v.template operand<1>();
      auto const* m = v.state().margin.data();
      auto* ds = v.template operand_adjoint<0>();
      T const g = v.adjoint()[0] * (T(1) / T(b));
      for (std::size_t i = 0; i < b; ++i) {
        T const d = m[i] > T(0) ? -y[i] * g : T(0);
        if constexpr (V::template first<0>) ds[i] = d;
        else ds[i] += d;
      }
    }
  }
};

/// Mean softmax cross-entropy (1/N) Σ_r −log softmax(l_r)_{t_r} of rows of C logits against one class index
/// per row, N the rows whose index is not negative (a negative one, makemore's −1 after a word's end, does not
/// count), computed stably (simd::softmax_cross_entropy, which also yields the gradient).
/// Vector-Jacobian: dL = (softmax(L) − onehot(t))·g/N, 0 on the rows that do not count.
struct cross_entropy {
  static constexpr std::string_view text = "cross_entropy";

  template <class L, class Y>
  static constexpr detail::dims shape() {
    static_assert(detail::is_labels_v<Y> && detail::rows_v<L> == detail::rows_v<Y>,
                  "ctgrad::nn::op::cross_entropy: one class index per row of logits");
    return {1, 1};
  }

  /// (softmax − onehot)/B, computed with the loss.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::elements_v<expr::detail::child_t<0, N>>> dlogits;
  };

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using L = typename V::template operand_type<0>;
    v.value()[0] = simd::softmax_cross_entropy<detail::rows_v<L>, detail::cols_v<L>>(
        v.template operand<0>(), v.template operand<1>(), v.state().dlogits.data());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
      detail::put_scaled<V::template first<0>, n>(v.adjoint()[0], v.state().dlogits.data(), v.template operand_adjoint<0>());
    }
  }
};

/// ⟨X, G⟩ = Σ x_i g_i, the inner product with a tensor G of the same shape (not differentiated): the
/// "loss" whose gradient with respect to X is G, which runs a layer's backward pass from a given upstream
/// gradient. Vector-Jacobian: dX = G·g.
struct inner {
  static constexpr std::string_view text = "inner";

  template <class X, class G>
  static constexpr detail::dims shape() {
    static_assert(detail::rows_v<X> == detail::rows_v<G> && detail::cols_v<X> == detail::cols_v<G>,
                  "ctgrad::nn::op::inner: both operands must have the same shape");
    return {1, 1};
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
    v.value()[0] = simd::dot<n>(v.template operand<0>(), v.template operand<1>());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
      detail::put_scaled<V::template first<0>, n>(v.adjoint()[0], v.template operand<1>(), v.template operand_adjoint<0>());
    }
  }
};

}  // namespace ctgrad::nn::op
