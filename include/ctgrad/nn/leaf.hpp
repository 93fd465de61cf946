// The leaves of ctgrad's tensor graphs: a batch bound at call time, integer class labels, and parameters
// that live in a model's aligned parameter block at a compile-time offset.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ctgrad::nn {

/// The leaf and node types of tensor graphs. Like the scalar graph's nodes they carry no runtime data:
/// a leaf's type says where its values are found when the graph runs.
namespace nodes {

/// An input batch of `Rows`×`Cols` values, the `Id`-th pointer bound when the graph runs (0: the samples,
/// 1: the targets). Not differentiated.
template <std::size_t Id, std::size_t Rows, std::size_t Cols>
struct input final {
  static constexpr std::size_t id = Id;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;
};

/// An input batch like `input`, but differentiated: the reverse sweep writes d root / d input to the
/// `Id`-th input-gradient pointer (a layer's dX, when the layer is part of a larger computation).
template <std::size_t Id, std::size_t Rows, std::size_t Cols>
struct differentiable_input final {
  static constexpr std::size_t id = Id;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;
};

/// `Rows` integer class indices (`std::int32_t`), the `Id`-th pointer bound when the graph runs.
template <std::size_t Id, std::size_t Rows>
struct labels final {
  static constexpr std::size_t id = Id;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = 1;
};

/// A dense layer's parameters in the model's block, from element `Offset`: W (`In`×`Out`, row-major, so
/// column j holds neuron j's weights), then, with `Bias`, b (`Out`).
template <std::size_t Offset, std::size_t In, std::size_t Out, bool Bias = true>
struct dense final {
  static constexpr std::size_t offset = Offset;
  static constexpr std::size_t in = In;
  static constexpr std::size_t out = Out;
  static constexpr bool bias = Bias;
  static constexpr std::size_t rows = In + (Bias ? 1 : 0);
  static constexpr std::size_t cols = Out;
};

/// A parameter matrix in the model's block, from element `Offset`: `Rows`×`Cols`, row-major (an embedding
/// table: row t is token t's vector).
template <std::size_t Offset, std::size_t Rows, std::size_t Cols>
struct matrix final {
  static constexpr std::size_t offset = Offset;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;
};

/// All `Count` parameters of a model as one vector (what an L2 penalty reads).
template <std::size_t Count>
struct all_parameters final {
  static constexpr std::size_t offset = 0;
  static constexpr std::size_t rows = 1;
  static constexpr std::size_t cols = Count;
};

}  // namespace nodes

namespace detail {

template <class N>
inline constexpr bool is_parameter_v = false;
template <std::size_t O, std::size_t I, std::size_t U, bool B>
inline constexpr bool is_parameter_v<nodes::dense<O, I, U, B>> = true;
template <std::size_t C>
inline constexpr bool is_parameter_v<nodes::all_parameters<C>> = true;
template <std::size_t O, std::size_t R, std::size_t C>
inline constexpr bool is_parameter_v<nodes::matrix<O, R, C>> = true;

template <class N>
inline constexpr bool is_labels_v = false;
template <std::size_t Id, std::size_t R>
inline constexpr bool is_labels_v<nodes::labels<Id, R>> = true;

template <class N>
inline constexpr bool is_differentiable_input_v = false;
template <std::size_t Id, std::size_t R, std::size_t C>
inline constexpr bool is_differentiable_input_v<nodes::differentiable_input<Id, R, C>> = true;

template <class N>
inline constexpr bool is_input_v = is_labels_v<N> || is_differentiable_input_v<N>;
template <std::size_t Id, std::size_t R, std::size_t C>
inline constexpr bool is_input_v<nodes::input<Id, R, C>> = true;

}  // namespace detail

}  // namespace ctgrad::nn
