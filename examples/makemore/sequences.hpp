// ctgrad::makemore::token_sequences: words as token sequences in one array; sequence_batch: words as makemore.py's
// CharDataset gives them to a Transformer, a batch of rows of Block positions each; mean_sequence_loss: a model's loss
// over such words, batch after batch.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <makemore/text.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/tensor.hpp>

namespace ctgrad::makemore {

/// Words as token sequences, one after another in one array (a vector per word would be a heap block each:
/// 32,000 of them for names.txt).
class token_sequences {
 public:
  /// No words.
  token_sequences() : starts_{0} {}
  /// `words` encoded by `vocab`, each of at most `longest` characters. std::invalid_argument quoting a longer word
  /// ("takes words of at most `longest` characters (its `longest` + 1 positions)", after `who`) or one with a
  /// character outside the vocabulary.
  token_sequences(std::span<const std::string> words, const vocabulary& vocab, std::size_t longest, const std::string& who) {
    starts_.reserve(words.size() + 1);
    starts_.push_back(0);
    for (const std::string& w : words) {
      if (w.size() > longest) {
        throw std::invalid_argument{who + " takes words of at most " + std::to_string(longest) + " characters (its " + std::to_string(longest + 1) +
                                    " positions), not " + makemore::quoted(w)};
      }
      const std::vector<token> t = vocab.encode(w);
      tokens_.insert(tokens_.end(), t.begin(), t.end());
      starts_.push_back(tokens_.size());
    }
    tokens_.shrink_to_fit();
  }

  [[nodiscard]] std::size_t size() const noexcept { return starts_.size() - 1; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  /// Word i's tokens.
  [[nodiscard]] std::span<const token> operator[](std::size_t i) const noexcept {
    return std::span<const token>{tokens_}.subspan(starts_[i], starts_[i + 1] - starts_[i]);
  }

 private:
  std::vector<token> tokens_;
  std::vector<std::size_t> starts_;
};

/// One row of a batch of sequences: `inputs` the start token 0, `word` (at most Block − 1 tokens), then 0s;
/// `targets` the word's tokens, 0 (its end), then −1 (not counted by the loss).
template <std::size_t Block>
void put_sequence_row(std::span<token, Block> inputs, std::span<token, Block> targets, std::span<const token> word) noexcept {
  for (std::size_t t = 0; t < Block; ++t) {
    inputs[t] = t >= 1 && t <= word.size() ? word[t - 1] : 0;
    targets[t] = t < word.size() ? word[t] : t == word.size() ? 0 : -1;
  }
}

/// Rows of Block positions, each a word as put_sequence_row writes it; both tensors on the heap, allocated once.
template <std::size_t Rows, std::size_t Block>
struct sequence_batch {
  std::unique_ptr<nn::tensor<std::int32_t, Rows, Block>> inputs = std::make_unique<nn::tensor<std::int32_t, Rows, Block>>();
  std::unique_ptr<nn::tensor<std::int32_t, Rows, Block>> targets = std::make_unique<nn::tensor<std::int32_t, Rows, Block>>();

  /// Row `row` holds `word` (at most Block − 1 tokens).
  void put(std::size_t row, std::span<const token> word) noexcept {
    put_sequence_row(std::span<token, Block>{inputs->data() + row * Block, Block}, std::span<token, Block>{targets->data() + row * Block, Block}, word);
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

/// The mean loss per counted position of `words` (token sequences of at most Block − 1 tokens) under a model, Rows
/// words at a time (the last batch partly empty): `program` is a program of the model's loss graph for Rows × Block
/// positions (a training program's forward serves), `model` the bindings of its parameters and buffers, evaluating.
/// std::invalid_argument for no words.
template <std::size_t Rows, std::size_t Block, class Program>
double mean_sequence_loss(Program& program, const nn::bindings<float>& model, const token_sequences& words) {
  if (words.empty()) throw std::invalid_argument{"loss: no words"};
  sequence_batch<Rows, Block> rows;
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t first = 0; first < words.size(); first += Rows) {
    for (std::size_t k = 0; k < Rows; ++k) {
      if (first + k < words.size()) rows.put(k, words[first + k]);
      else rows.clear(k);
    }
    nn::bindings<float> b = model;
    b.training = false;
    b.inputs[0] = rows.inputs->data();
    b.inputs[1] = rows.targets->data();
    const std::size_t n = rows.counted();
    sum += static_cast<double>(*program.forward(b)) * static_cast<double>(n);
    count += n;
  }
  return sum / static_cast<double>(count);
}

}  // namespace ctgrad::makemore
