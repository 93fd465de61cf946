// ctgrad::nn::Embedding: a table of `Dim` numbers per token, looked up by the model's token input.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/embedding.hpp>

namespace ctgrad::nn {

/// The course's `Embedding(num_embeddings, embedding_dim)` (makemore's C): for token input (nn::tokens<N>,
/// B·N indices below `Vocab`), the (B·N)×Dim matrix of their rows of the table, position after position;
/// a FlattenConsecutive<N> after it gives one row of N·Dim numbers per sample (the MLP's `emb.view(-1, N·Dim)`)
/// and costs nothing: the lookup writes that layout directly. The table is Vocab×Dim, its first values N(0, 1).
template <std::size_t Vocab, std::size_t Dim>
  requires(Vocab > 0 && Dim > 0)
struct Embedding {
  static constexpr std::string_view name = "Embedding";

  template <class X>
  static constexpr std::size_t parameter_count = Vocab * Dim;
  template <class X, std::size_t Offset>
    requires detail::is_labels_v<X>
  using apply = node<op::embedding<1>, X, nodes::matrix<Offset, Vocab, Dim>>;
  template <class X>
  static constexpr std::array<parameter_tensor, 1> tensors{{{"weight", 0, Vocab, Dim}}};

  template <class X, class T>
  void init(std::span<T> p, generator& gen) const {
    for (std::size_t k = 0; k < Vocab * Dim; ++k) p[k] = static_cast<T>(gen.normal());
  }
};

}  // namespace ctgrad::nn
