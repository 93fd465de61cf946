// ctgrad::nn's layer protocol: what a layer of an nn::Sequential provides (the concepts nn::SequentialLayer
// and nn::LayerFor), the named tensors of its parameters, and the two kinds of model input (features, tokens).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <ctgrad/nn/leaf.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/random.hpp>

namespace ctgrad::nn {

/// One named tensor of a layer's parameters: where it starts (from the layer's first parameter, or in a
/// model's block, from its first) and its shape, row-major. A vector is one row.
struct parameter_tensor {
  std::string_view name;
  std::size_t offset;
  std::size_t rows;
  std::size_t cols;
  [[nodiscard]] constexpr std::size_t size() const noexcept { return rows * cols; }
};

/// A layer of `nn`: a class with its `name` (the course's, as "Linear") and, for each input expression `X` it
/// takes,
///   - `parameter_count<X>`: how many parameters it owns (0 for Tanh);
///   - `apply<X, Offset>`: its output as a tensor expression, its parameters from element `Offset` of the model's
///     block (`apply` is constrained: a layer that cannot take `X` has none);
///   - `tensors<X>`: its parameters as named tensors (an std::array of parameter_tensor);
///   - `init<X>(parameters, gen)`: their first values, drawn from `gen` in the order of `tensors`;
/// and, if it keeps numbers that are not trained (a BatchNorm1d's running statistics), `buffer_count<X>`,
/// `init_buffers<X>(buffers)`, and an `apply<X, Offset, BufferOffset>` that also takes where they start in the
/// model's buffers.
template <class L>
concept SequentialLayer = std::semiregular<L> && requires {
  { L::name } -> std::convertible_to<std::string_view>;
};

/// A layer of `nn` that takes the tensor expression `X` (the output of the layers before it).
template <class L, class X>
concept LayerFor = SequentialLayer<L> && requires(L const& layer, std::span<double> p, generator& gen) {
  requires requires { typename L::template apply<X, 0>; } || requires { typename L::template apply<X, 0, 0>; };
  { L::template parameter_count<X> } -> std::convertible_to<std::size_t>;
  { L::template tensors<X> } -> std::convertible_to<std::span<parameter_tensor const>>;
  layer.template init<X>(p, gen);
};

/// A tensor expression of numbers (not token indices): what every layer but an Embedding takes.
template <class X>
concept Numbers = !detail::is_labels_v<X>;

/// A layer without parameters (an activation, a reshape): the parameter part of the protocol.
struct stateless_layer {
  template <class X>
  static constexpr std::size_t parameter_count = 0;
  template <class X>
  static constexpr std::array<parameter_tensor, 0> tensors{};
  template <class X, class T>
  void init(std::span<T>, generator&) const noexcept {}
};

namespace detail {

/// A normalisation's parameters (BatchNorm1d, LayerNorm): γ ("weight", one per feature, first 1) then β ("bias",
/// first 0). (Not a base of the layers: they stay aggregates that take designated initializers without warnings.)
struct scale_shift_parameters {
  template <class X>
  static constexpr std::size_t count = 2 * cols_v<X>;
  template <class X>
  static constexpr std::array<parameter_tensor, 2> tensors{{{"weight", 0, 1, cols_v<X>}, {"bias", cols_v<X>, 1, cols_v<X>}}};
  template <class X, class T>
  static void init(std::span<T> p) noexcept {
    for (std::size_t j = 0; j < cols_v<X>; ++j) {
      p[j] = T(1);
      p[cols_v<X> + j] = T(0);
    }
  }
};

}  // namespace detail

/// A model's input: `N` numbers per sample (a batch is a `tensor<T, B, N>`, its leaf `nodes::input<0, B, N>`).
template <std::size_t N>
  requires(N > 0)
struct features {
  static constexpr std::size_t size = N;
  template <std::size_t B>
  using leaf = nodes::input<0, B, N>;
  template <class T>
  using element_type = T;
};

/// A model's input: a context of `N` token indices per sample (a batch is a `tensor<std::int32_t, B, N>`, context
/// by context, its leaf `nodes::labels<0, B·N>`): what an Embedding reads.
template <std::size_t N>
  requires(N > 0)
struct tokens {
  static constexpr std::size_t size = N;
  template <std::size_t B>
  using leaf = nodes::labels<0, B * N>;
  template <class T>
  using element_type = std::int32_t;
};

}  // namespace ctgrad::nn
