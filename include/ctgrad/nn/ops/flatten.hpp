// ctgrad::nn::op::flatten_consecutive<N>: the course's FlattenConsecutive on a sequence kept as rows, a reshape.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn::op {

/// A sequence of B·T positions of C features is held as a (B·T)×C matrix, position after position. Joining
/// each `N` consecutive positions into one of N·C features (the course's `FlattenConsecutive(n)`, part 5) gives
/// the (B·T/N)×(N·C) matrix of the same elements in the same order: the value is a copy, and so is the
/// vector-Jacobian product (dX = dY, element for element).
template <std::size_t N>
  requires(N > 0)
struct flatten_consecutive {
  static constexpr std::string_view text = "flatten";

  template <class X>
  static constexpr detail::dims shape() {
    static_assert(detail::rows_v<X> % N == 0, "ctgrad::nn::op::flatten_consecutive: the positions must be a multiple of N");
    return {detail::rows_v<X> / N, N * detail::cols_v<X>};
  }

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    constexpr std::size_t n = detail::elements_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    std::copy(x, x + n, v.value());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      using T = typename V::value_type;
      constexpr std::size_t n = detail::elements_v<typename V::node_type>;
      detail::put_scaled<V::template first<0>, n>(T(1), v.adjoint(), v.template operand_adjoint<0>());
    }
  }
};

}  // namespace ctgrad::nn::op
