// ctgrad::nn::op::add, op::scale and op::sum_squares: the tensor arithmetic a regularised loss needs.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/dot.hpp>

namespace ctgrad::nn::op {

/// X + Y, element-wise, same shapes. Vector-Jacobian: dX = dY' = g for both operands.
struct add {
  static constexpr std::string_view text = "+";

  template <class X, class Y>
  static constexpr detail::dims shape() {
    static_assert(detail::rows_v<X> == detail::rows_v<Y> && detail::cols_v<X> == detail::cols_v<Y>,
                  "ctgrad::nn::op::add: operands must have the same shape");
    return detail::shape<X>::value;
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    auto const* y = v.template operand<1>();
    auto* z = v.value();
    for (std::size_t i = 0; i < n; ++i) z[i] = x[i] + y[i];
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t n = detail::elements_v<typename V::node_type>;
    if constexpr (V::template active<0>) detail::put_scaled<V::template first<0>, n>(T(1), v.adjoint(), v.template operand_adjoint<0>());
    if constexpr (V::template active<1>) detail::put_scaled<V::template first<1>, n>(T(1), v.adjoint(), v.template operand_adjoint<1>());
  }
};

/// c·X, element-wise, with c the runtime constant number `Id` bound when the graph runs (an L2
/// coefficient). Vector-Jacobian: dX = c·g.
template <std::size_t Id>
struct scale {
  static constexpr std::string_view text = "scale";

  template <class X>
  static constexpr detail::dims shape() {
    return detail::shape<X>::value;
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::node_type>;
    auto const c = v.constant(Id);
    auto const* x = v.template operand<0>();
    auto* y = v.value();
    for (std::size_t i = 0; i < n; ++i) y[i] = c * x[i];
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      constexpr std::size_t n = detail::elements_v<typename V::node_type>;
      detail::put_scaled<V::template first<0>, n>(v.constant(Id), v.adjoint(), v.template operand_adjoint<0>());
    }
  }
};

/// Σ x², the squared norm of a tensor (of all of a model's parameters, for an L2 penalty).
/// Vector-Jacobian: dX = 2 X·g.
struct sum_squares {
  static constexpr std::string_view text = "sum_squares";

  template <class X>
  static constexpr detail::dims shape() {
    return {1, 1};
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
    auto const* x = v.template operand<0>();
    v.value()[0] = simd::dot<n>(x, x);
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      using T = typename V::value_type;
      constexpr std::size_t n = detail::elements_v<typename V::template operand_type<0>>;
      detail::put_scaled<V::template first<0>, n>(T(2) * v.adjoint()[0], v.template operand<0>(), v.template operand_adjoint<0>());
    }
  }
};

}  // namespace ctgrad::nn::op
