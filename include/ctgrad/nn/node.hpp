// ctgrad::nn tensor-graph nodes: the scalar graph's `node<Op, operands...>` with layer-level op tags, and
// the compile-time traits the tensor sweep reads (shape, activity).
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctgrad/detail/xsimd.hpp>  // before expr/ (which includes xsimd without the GCC 12 AVX-512 guard)
#include <ctgrad/expr/node.hpp>
#include <ctgrad/nn/leaf.hpp>

namespace ctgrad::nn {

/// The layer-level op tags. Each tag, in its own file under `nn/ops/`, is the one place that says the
/// op's shape, its value rule and its vector-Jacobian rule, both running `ctgrad::simd` kernels.
namespace op {}

/// A tensor-graph node: an op tag and its operands, the same node type as the scalar graph's.
template <class Op, class... Operands>
using node = expr::nodes::node<Op, Operands...>;

namespace detail {

/// Rows × columns of a node's value.
struct dims {
  std::size_t rows;
  std::size_t cols;
};

template <class N>
struct shape {
  static constexpr dims value{N::rows, N::cols};
};
template <class Op, class... C>
struct shape<expr::nodes::node<Op, C...>> {
  static constexpr dims value = Op::template shape<C...>();
};
template <class N>
inline constexpr std::size_t rows_v = shape<N>::value.rows;
template <class N>
inline constexpr std::size_t cols_v = shape<N>::value.cols;
template <class N>
inline constexpr std::size_t elements_v = rows_v<N> * cols_v<N>;

template <class N>
inline constexpr bool is_op_v = false;
template <class Op, class... C>
inline constexpr bool is_op_v<expr::nodes::node<Op, C...>> = true;

/// Active: a parameter or a differentiable input lies below, so the node has an adjoint.
template <class N>
inline constexpr bool is_active_v = is_parameter_v<N> || is_differentiable_input_v<N>;
template <class Op, class... C>
inline constexpr bool is_active_v<expr::nodes::node<Op, C...>> = (is_active_v<C> || ...);

}  // namespace detail

}  // namespace ctgrad::nn
