// makemore's Transformer (makemore.py's default model) as an nn::Sequential: the model of examples/transformer.cpp,
// which bench/bench_makemore.cpp times too.
#pragma once

#include <cstddef>
#include <cstdint>

#include <ctgrad/nn/layers/activation.hpp>
#include <ctgrad/nn/layers/attention.hpp>
#include <ctgrad/nn/layers/embedding.hpp>
#include <ctgrad/nn/layers/layer_norm.hpp>
#include <ctgrad/nn/layers/linear.hpp>
#include <ctgrad/nn/layers/position_embedding.hpp>
#include <ctgrad/nn/layers/residual.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/sequential.hpp>

namespace example::gpt {

namespace nn = ctgrad::nn;

/// makemore.py's defaults for names.txt: 16 positions (the longest name, 15 letters, and the start token),
/// 27 tokens, embedding 64, 4 heads, 4 blocks; batches of 32 words.
inline constexpr std::size_t block = 16, vocab = 27, embedding = 64, heads = 4, batch = 32;

/// A block: `x = x + attn(ln_1(x))`, then `x = x + mlp(ln_2(x))`; attn is c_attn, the attention, c_proj; mlp is c_fc,
/// NewGELU, c_proj.
using attention = nn::Residual<nn::LayerNorm, nn::Linear<3 * embedding>, nn::CausalSelfAttention<heads, block>, nn::Linear<embedding>>;
using feed_forward = nn::Residual<nn::LayerNorm, nn::Linear<4 * embedding>, nn::GELU, nn::Linear<embedding>>;

/// Token and position embeddings, four blocks, ln_f, lm_head (no bias, as makemore.py's): logits for each
/// position's next token among V. The makemore tool compiles it for its vocabulary capacity with a bias on lm_head
/// (`HeadBias`), whose columns past a vocabulary hold −1e30.
template <std::size_t V, bool HeadBias = false>
using transformer_of = nn::Sequential<float, nn::tokens<block>, nn::Embedding<V, embedding>, nn::PositionEmbedding<block>,  //
                                      attention, feed_forward, attention, feed_forward, attention, feed_forward, attention, feed_forward,
                                      nn::LayerNorm, nn::Linear<V, HeadBias>>;
using transformer = transformer_of<vocab>;

/// The model with torch's first values (makemore.py leaves them to torch): a Linear's weights uniform in ±1/√fan_in,
/// whose standard deviation 1/√(3·fan_in) is nn::Linear's with gain 1/√3; biases 0; the embeddings N(0, 1).
template <std::size_t V = vocab, bool HeadBias = false>
transformer_of<V, HeadBias> make_transformer(std::uint64_t seed) {
  constexpr double gain = 0.57735026918962576;  // 1/√3
  const attention attn{nn::LayerNorm{}, nn::Linear<3 * embedding>{.gain = gain}, nn::CausalSelfAttention<heads, block>{},
                       nn::Linear<embedding>{.gain = gain}};
  const feed_forward mlp{nn::LayerNorm{}, nn::Linear<4 * embedding>{.gain = gain}, nn::GELU{}, nn::Linear<embedding>{.gain = gain}};
  return transformer_of<V, HeadBias>{seed, {}, {}, attn, mlp, attn, mlp, attn, mlp, attn, mlp, {}, nn::Linear<V, HeadBias>{.gain = gain}};
}

/// The mean cross-entropy of B words (input 0: B×block tokens) against each position's next token (input 1:
/// B·block targets, −1 after a word's end, not counted).
template <std::size_t B, class Model = transformer>
using transformer_loss = nn::node<nn::op::cross_entropy, typename Model::template output_expression<B>, nn::nodes::labels<1, B * block>>;

}  // namespace example::gpt
