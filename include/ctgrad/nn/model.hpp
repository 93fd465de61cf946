// ctgrad::nn::MLP, Layer and Neuron: the course's network with compile-time shapes, an nn::Sequential of Linear
// layers and their non-linearities.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>

#include <ctgrad/nn/init.hpp>
#include <ctgrad/nn/layers/activation.hpp>
#include <ctgrad/nn/layers/linear.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/sequential.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {

/// The non-linearity of a layer.
enum class activation : std::uint8_t {
  tanh,    ///< the course (lecture 1)
  relu,    ///< micrograd's repository, hidden layers
  linear,  ///< none: micrograd's output layer
};

/// A layer of an MLP: its number of neurons and their non-linearity. A plain size in an MLP's list means tanh.
struct layer_spec {
  std::size_t size;
  activation act;
};

/// `size` tanh neurons: `nn::MLP<double, 3, nn::tanh(4), 4, 1>` is `nn::MLP<double, 3, 4, 4, 1>`.
[[nodiscard]] constexpr layer_spec tanh(std::size_t size) noexcept { return {size, activation::tanh}; }
/// `size` ReLU neurons: micrograd's hidden layers, `nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>`.
[[nodiscard]] constexpr layer_spec relu(std::size_t size) noexcept { return {size, activation::relu}; }
/// `size` neurons without a non-linearity: micrograd's output layer.
[[nodiscard]] constexpr layer_spec linear(std::size_t size) noexcept { return {size, activation::linear}; }

namespace detail {

constexpr layer_spec to_spec(layer_spec s) noexcept { return s; }
constexpr layer_spec to_spec(std::size_t size) noexcept { return {size, activation::tanh}; }

/// The Sequential an MLP is: for each entry of its list, a Linear and its non-linearity, appended to the
/// layers `L...` gathered so far.
template <class T, std::size_t In, class Gathered, layer_spec... Specs>
struct mlp_sequential;
template <class T, std::size_t In, class... L>
struct mlp_sequential<T, In, type_list<L...>> {
  using type = Sequential<T, features<In>, L...>;
};
template <class T, std::size_t In, class... L, layer_spec First, layer_spec... Rest>
struct mlp_sequential<T, In, type_list<L...>, First, Rest...> {
  using gathered = std::conditional_t<First.act == activation::tanh, type_list<L..., Linear<First.size>, Tanh>,
                                      std::conditional_t<First.act == activation::relu, type_list<L..., Linear<First.size>, ReLU>,
                                                         type_list<L..., Linear<First.size>>>>;
  using type = typename mlp_sequential<T, In, gathered, Rest...>::type;
};

}  // namespace detail

/// The course's `MLP(nin, [sizes...])` with compile-time shapes: `In` inputs, then one layer per entry of
/// `Layers` (a size, meaning tanh neurons, or `nn::tanh(n)`, `nn::relu(n)`, `nn::linear(n)`). `T` is
/// `float` or `double`. It is an nn::Sequential of Linear layers and their non-linearities.
///
/// Parameters live in one 64-byte aligned block, layer by layer: W (In×Out, row-major: column j is neuron
/// j's weights), then b (Out). `parameters()` and `gradients()` view it; the forward pass is a tensor
/// graph (affine, then the activation, per layer) whose rules run the `ctgrad::simd` kernels.
///
///     ctgrad::nn::MLP<double, 3, 4, 4, 1> model{ctgrad::nn::init::micrograd(42)};
///     std::array<double, 1> y = model({2.0, 3.0, -1.0});
template <simd::Element T, std::size_t In, auto... Layers>
  requires(In > 0 && sizeof...(Layers) > 0)
class MLP : public detail::mlp_sequential<T, In, detail::type_list<>, detail::to_spec(Layers)...>::type {
  using base = typename detail::mlp_sequential<T, In, detail::type_list<>, detail::to_spec(Layers)...>::type;

 public:
  /// The number of dense layers (each a Linear and its non-linearity in the Sequential).
  static constexpr std::size_t layers = sizeof...(Layers);
  static constexpr std::array<layer_spec, layers> specs{detail::to_spec(Layers)...};
  /// widths[0] = In, widths[l + 1] = the size of layer l.
  static constexpr std::array<std::size_t, layers + 1> widths = [] {
    std::array<std::size_t, layers + 1> w{In};
    for (std::size_t l = 0; l < layers; ++l) w[l + 1] = specs[l].size;
    return w;
  }();
  /// offsets[l]: where layer l's W starts in the parameter block; offsets[layers] is the parameter count.
  static constexpr std::array<std::size_t, layers + 1> offsets = [] {
    // Dense layer l is the Sequential's layer `position[l]` (each non-linearity is a layer of its own).
    constexpr std::array<std::size_t, layers> position = [] {
      std::array<std::size_t, layers> p{};
      for (std::size_t l = 1; l < layers; ++l) p[l] = p[l - 1] + (specs[l - 1].act == activation::linear ? 1 : 2);
      return p;
    }();
    return [&]<std::size_t... L>(std::index_sequence<L...>) {
      return std::array<std::size_t, layers + 1>{base::template offset_of<position[L]>..., base::parameter_count};
    }(std::make_index_sequence<layers>{});
  }();

  static_assert(((detail::to_spec(Layers).size > 0) && ...), "ctgrad::nn::MLP: every layer needs at least one neuron");

  /// Parameters from `init` (default: micrograd's uniform(−1, 1) from seed 42, the tape's weights), gradients 0.
  explicit MLP(init::uniform init = init::micrograd()) : base(typename base::uninitialized{}) {
    generator gen{init.seed};
    for (std::size_t l = 0; l < layers; ++l) {
      const std::size_t in = widths[l], out = widths[l + 1];
      const double k = init.bound(in);
      for (std::size_t j = 0; j < out; ++j) {
        for (std::size_t i = 0; i < in; ++i) weight(l, i, j) = static_cast<T>(k * gen.uniform(-1.0, 1.0));
        bias(l, j) = static_cast<T>(k * gen.uniform(-1.0, 1.0));
      }
    }
  }

  /// Weight of input i into neuron j of layer l, and its bias.
  [[nodiscard]] T& weight(std::size_t l, std::size_t i, std::size_t j) noexcept { return this->parameters()[offsets[l] + i * widths[l + 1] + j]; }
  [[nodiscard]] T weight(std::size_t l, std::size_t i, std::size_t j) const noexcept { return this->parameters()[offsets[l] + i * widths[l + 1] + j]; }
  [[nodiscard]] T& bias(std::size_t l, std::size_t j) noexcept { return this->parameters()[offsets[l] + widths[l] * widths[l + 1] + j]; }
  [[nodiscard]] T bias(std::size_t l, std::size_t j) const noexcept { return this->parameters()[offsets[l] + widths[l] * widths[l + 1] + j]; }

  /// Position in `parameters()` of micrograd's k-th parameter (its order: neuron by neuron, w then b).
  [[nodiscard]] static constexpr std::size_t from_micrograd_order(std::size_t k) noexcept {
    std::size_t l = 0;
    while (k >= offsets[l + 1]) ++l;
    const std::size_t in = widths[l], out = widths[l + 1], r = k - offsets[l];
    const std::size_t j = r / (in + 1), i = r % (in + 1);
    return i == in ? offsets[l] + in * out + j : offsets[l] + i * out + j;
  }

  /// micrograd's `o = model(x); o.backward()` for a model with one output: returns o and adds d o / d p
  /// to `gradients()`. Allocates nothing.
  T backward(std::span<T const, In> x) noexcept
    requires(base::outputs == 1)
  {
    program<T, typename base::template output_expression<1>> p;
    bindings<T> b = this->bind(mode::training);
    b.inputs[0] = x.data();
    return p.gradient(b);
  }

  /// The outputs for one sample.
  [[nodiscard]] std::array<T, base::outputs> operator()(std::span<T const, In> x) const noexcept {
    tensor<T, 1, In> xs;
    std::copy(x.begin(), x.end(), xs.begin());
    const tensor<T, 1, base::outputs> y = this->forward(xs);
    std::array<T, base::outputs> out;
    std::copy(y.begin(), y.end(), out.begin());
    return out;
  }
  [[nodiscard]] std::array<T, base::outputs> operator()(std::array<T, In> const& x) const noexcept {
    return (*this)(std::span<T const, In>{x});
  }
};

/// The course's `Layer(nin, nout)`: `Out` neurons reading the same `In` inputs, non-linearity `A`.
template <simd::Element T, std::size_t In, std::size_t Out, activation A = activation::tanh>
using Layer = MLP<T, In, layer_spec{Out, A}>;

/// The course's `Neuron(nin)`: out = f(w·x + b).
template <simd::Element T, std::size_t N, activation A = activation::tanh>
using Neuron = MLP<T, N, layer_spec{1, A}>;

}  // namespace ctgrad::nn
