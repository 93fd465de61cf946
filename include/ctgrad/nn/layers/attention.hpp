// ctgrad::nn::CausalSelfAttention: masked multi-head self-attention over sequences held as rows.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/attention.hpp>

namespace ctgrad::nn {

/// The attention of makemore's CausalSelfAttention, between its two projections: it takes each position's query,
/// key and value side by side (3C numbers, the output of a Linear<3C>) of sequences of `Block` positions, and gives
/// each position the weighted sum of the values of itself and the positions before it, `Heads` heads side by side
/// (C numbers, for the Linear<C> after it), on op::causal_self_attention (whose comment gives the rules).
///
///     nn::Linear<3 * 64>, nn::CausalSelfAttention<4, 16>, nn::Linear<64>   // makemore's attention, C = 64
template <std::size_t Heads, std::size_t Block>
  requires(Heads > 0 && Block > 0)
struct CausalSelfAttention : stateless_layer {
  static constexpr std::string_view name = "CausalSelfAttention";
  template <Numbers X, std::size_t Offset>
    requires(detail::rows_v<X> % Block == 0 && detail::cols_v<X> % (3 * Heads) == 0)
  using apply = node<op::causal_self_attention<Heads, Block>, X>;
};

}  // namespace ctgrad::nn
