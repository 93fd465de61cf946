// ctgrad::makemore::sequence_batch: words as makemore.py's CharDataset gives them to a Transformer, a batch of rows of
// Block positions each.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/tensor.hpp>

namespace ctgrad::makemore {

/// Rows of Block positions: row k of `inputs` is the start token 0, a word's tokens, then 0s; row k of `targets` is
/// the word's tokens, 0 (its end), then −1 (not counted by the loss). A word holds at most Block − 1 tokens. Both
/// tensors are on the heap, allocated once.
template <std::size_t Rows, std::size_t Block>
struct sequence_batch {
  std::unique_ptr<nn::tensor<std::int32_t, Rows, Block>> inputs = std::make_unique<nn::tensor<std::int32_t, Rows, Block>>();
  std::unique_ptr<nn::tensor<std::int32_t, Rows, Block>> targets = std::make_unique<nn::tensor<std::int32_t, Rows, Block>>();

  /// Row `row` holds `word` (at most Block − 1 tokens).
  void put(std::size_t row, std::span<const token> word) noexcept {
    for (std::size_t t = 0; t < Block; ++t) {
      (*inputs)(row, t) = t >= 1 && t <= word.size() ? word[t - 1] : 0;
      (*targets)(row, t) = t < word.size() ? word[t] : t == word.size() ? 0 : -1;
    }
  }
  /// Row `row` holds no word: every target −1.
  void clear(std::size_t row) noexcept {
    for (std::size_t t = 0; t < Block; ++t) {
      (*inputs)(row, t) = 0;
      (*targets)(row, t) = -1;
    }
  }
  /// The targets the loss counts (every one but −1).
  [[nodiscard]] std::size_t counted() const noexcept {
    return static_cast<std::size_t>(std::count_if(targets->begin(), targets->end(), [](std::int32_t y) { return y >= 0; }));
  }
};

}  // namespace ctgrad::makemore
