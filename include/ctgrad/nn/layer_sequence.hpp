// ctgrad::nn::detail::layer_sequence: layers applied one after the other, composed with Boost.Hana. Their output
// expression and their parameter and buffer layout are one fold over the layer types; the layers (their settings)
// are a hana::tuple walked by for_each. What an nn::Sequential and an nn::Residual are made of.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/fold_left.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/range.hpp>
#include <boost/hana/scan_left.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/random.hpp>

namespace ctgrad::nn::detail {

namespace hana = boost::hana;

/// What the layers before a point of a sequence have built: their output expression and where the next
/// layer's parameters and buffers start.
template <class X, std::size_t Offset, std::size_t BufferOffset>
struct stage {
  using expression = X;
  static constexpr std::size_t offset = Offset;
  static constexpr std::size_t buffer_offset = BufferOffset;
};

/// Layer L's buffers after X (0 unless it declares `buffer_count<X>`), and its output: a layer with buffers takes
/// their offset as a third argument of `apply`.
template <class L, class X>
constexpr std::size_t buffer_count_of() {
  if constexpr (requires { L::template buffer_count<X>; }) return L::template buffer_count<X>;
  else return 0;
}
template <class L, class X, std::size_t Offset, std::size_t BufferOffset>
struct layer_output {
  using type = typename L::template apply<X, Offset>;
};
template <class L, class X, std::size_t Offset, std::size_t BufferOffset>
  requires(buffer_count_of<L, X>() > 0)
struct layer_output<L, X, Offset, BufferOffset> {
  using type = typename L::template apply<X, Offset, BufferOffset>;
};

/// One step of the fold: layer L after stage S.
struct add_layer {
  template <class S, class L>
  constexpr auto operator()(hana::basic_type<S>, hana::basic_type<L>) const {
    using X = typename S::expression;
    if constexpr (!SequentialLayer<L>) {
      static_assert(SequentialLayer<L>, "ctgrad::nn::Sequential<T, Input, Layers...>: every layer must be a layer of nn (Linear, BatchNorm1d, LayerNorm, Tanh, ReLU, GELU, Embedding, FlattenConsecutive, PositionEmbedding, CausalSelfAttention, Residual)");
      return hana::type_c<S>;
    } else if constexpr (!LayerFor<L, X>) {
      static_assert(LayerFor<L, X>, "ctgrad::nn::Sequential<T, Input, Layers...>: a layer cannot take the output of the layers before it (an Embedding takes tokens, FlattenConsecutive<N> a multiple of N positions)");
      return hana::type_c<S>;
    } else {
      return hana::type_c<stage<typename layer_output<L, X, S::offset, S::buffer_offset>::type, S::offset + L::template parameter_count<X>,
                                S::buffer_offset + buffer_count_of<L, X>()>>;
    }
  }
};

/// The stages of layers `Layers...` applied after stage `Start`, folded once: `at<k>` is what layer k takes
/// (`at<0>` is `Start`), `output` the last stage, the sequence's output and where its parameters and buffers end.
template <class Start, class... Layers>
struct stages {
  using all = decltype(hana::scan_left(hana::tuple_t<Layers...>, hana::type_c<Start>, add_layer{}));
  template <std::size_t K>
  using at = typename std::remove_cvref_t<decltype(hana::at_c<K>(std::declval<all>()))>::type;
  using output = at<sizeof...(Layers)>;
};

/// The output stage only (for an expression other than the one a layout is computed on).
template <class Start, class... Layers>
using output_stage_t = typename decltype(hana::fold_left(hana::tuple_t<Layers...>, hana::type_c<Start>, add_layer{}))::type;

/// `Layers...` (their settings) applied one after the other to an expression X, parameters and buffers counted from
/// the sequence's first.
template <class... Layers>
struct layer_sequence {
  static constexpr std::size_t size = sizeof...(Layers);
  template <std::size_t K>
  using layer_type = std::tuple_element_t<K, std::tuple<Layers...>>;
  /// The layout for X: `layout<X>::at<K>` is what layer K takes, its parameters' and buffers' offsets.
  template <class X>
  using layout = stages<stage<X, 0, 0>, Layers...>;
  template <class X, std::size_t K>
  using input = typename layout<X>::template at<K>::expression;

  template <class X>
  static constexpr std::size_t parameter_count = layout<X>::output::offset;
  template <class X>
  static constexpr std::size_t buffer_count = layout<X>::output::buffer_offset;

  /// Calls `f.template operator()<K>(layer)` for each layer K, in order.
  template <class F>
  void for_each(F&& f) const {
    hana::for_each(hana::make_range(hana::size_c<0>, hana::size_c<size>), [&](auto k) { f.template operator()<decltype(k)::value>(hana::at(layers, k)); });
  }

  /// The parameters' first values (`p`: the sequence's), drawn from `gen` layer after layer.
  template <class X, class T>
  void init(std::span<T> p, generator& gen) const {
    for_each([&]<std::size_t K, class L>(L const& layer) {
      layer.template init<input<X, K>, T>(p.subspan(layout<X>::template at<K>::offset, L::template parameter_count<input<X, K>>), gen);
    });
  }
  /// The buffers' first values (`b`: the sequence's).
  template <class X, class T>
  void init_buffers(std::span<T> b) const {
    for_each([&]<std::size_t K, class L>(L const& layer) {
      if constexpr (buffer_count_of<L, input<X, K>>() > 0) {
        layer.template init_buffers<input<X, K>, T>(b.subspan(layout<X>::template at<K>::buffer_offset, buffer_count_of<L, input<X, K>>()));
      }
    });
  }

  /// How many tensors, and what `tensors<X>` holds.
  template <class X, std::size_t... K>
  static constexpr std::size_t count_tensors(std::index_sequence<K...>) {
    return (std::size(layer_type<K>::template tensors<input<X, K>>) + ... + 0);
  }
  template <class X>
  static constexpr std::size_t tensor_count = count_tensors<X>(std::make_index_sequence<size>{});
  template <class X, std::size_t... K>
  static constexpr std::array<parameter_tensor, tensor_count<X>> gather_tensors(std::index_sequence<K...>) {
    std::array<parameter_tensor, tensor_count<X>> out{};
    std::size_t i = 0;
    auto put = [&](std::size_t offset, auto const& layer_tensors) {
      for (parameter_tensor t : layer_tensors) {
        t.offset += offset;
        out[i++] = t;
      }
    };
    (put(layout<X>::template at<K>::offset, layer_type<K>::template tensors<input<X, K>>), ...);
    return out;
  }
  /// Every layer's parameter tensors, in the block's order, their offsets from the sequence's first parameter.
  template <class X>
  static constexpr std::array<parameter_tensor, tensor_count<X>> tensors = gather_tensors<X>(std::make_index_sequence<size>{});

  hana::tuple<Layers...> layers;
};

}  // namespace ctgrad::nn::detail
