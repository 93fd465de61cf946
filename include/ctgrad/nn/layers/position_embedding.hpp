// ctgrad::nn::PositionEmbedding: a learned embedding of each position of a sequence, added to its rows.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/position.hpp>

namespace ctgrad::nn {

/// makemore's `wpe` and `tok_emb + pos_emb`: for sequences of `Block` positions held as rows ((B·Block)×C, as an
/// Embedding gives them), adds to each row the table's row of its position, on op::add_positions. The table is
/// Block×C ("weight"), its first values N(0, 1) as torch.nn.Embedding's.
template <std::size_t Block>
  requires(Block > 0)
struct PositionEmbedding {
  static constexpr std::string_view name = "PositionEmbedding";

  template <class X>
  static constexpr std::size_t parameter_count = Block * detail::cols_v<X>;
  template <Numbers X, std::size_t Offset>
    requires(detail::rows_v<X> % Block == 0)
  using apply = node<op::add_positions<Block>, X, nodes::matrix<Offset, Block, detail::cols_v<X>>>;
  template <class X>
  static constexpr std::array<parameter_tensor, 1> tensors{{{"weight", 0, Block, detail::cols_v<X>}}};

  template <class X, class T>
  void init(std::span<T> p, generator& gen) const {
    for (auto& w : p) w = static_cast<T>(gen.normal());
  }
};

}  // namespace ctgrad::nn
