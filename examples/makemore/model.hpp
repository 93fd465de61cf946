// ctgrad::makemore character models: the CharacterModel concept, context windows, NLL and sampling.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <makemore/sampling.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/random.hpp>

namespace ctgrad::makemore {

/// A character-level language model: from the last `context_length()` tokens (`.`-padded at the start of
/// a word) it gives the probability of each next token. The count models and the MLP both are one, so
/// `nll` and `sample_word` serve all of them.
template <typename M>
concept CharacterModel = requires(const M& m, std::span<const token> context, std::span<double> out) {
  { m.vocab() } -> std::convertible_to<const vocabulary&>;
  { m.context_length() } -> std::convertible_to<std::size_t>;
  m.probabilities(context, out);  // out.size() == vocab().size(), sums to 1
};

/// Calls `f(context, target)` for every prediction the words hold, in the course's order: for "emma" with a
/// context of 3, `... -> e`, `..e -> m`, `.em -> m`, `emm -> a`, `mma -> .`. A character outside the
/// vocabulary throws std::invalid_argument naming the word.
template <typename F>
  requires std::invocable<F&, std::span<const token>, token>
void for_each_example(std::span<const std::string> words, const vocabulary& vocab, std::size_t context_length, F&& f) {
  std::vector<token> context(context_length, 0);
  for (const auto& word : words) {
    const std::vector<token> tokens = vocab.encode(word);
    std::fill(context.begin(), context.end(), 0);
    for (std::size_t i = 0; i <= tokens.size(); ++i) {
      const token target = i < tokens.size() ? tokens[i] : 0;
      f(std::span<const token>{context}, target);
      if (context_length > 0) {
        std::shift_left(context.begin(), context.end(), 1);
        context.back() = target;
      }
    }
  }
}

/// The course's `build_dataset`: X (one row of `block_size` tokens per example) and Y (the next token).
struct example_set {
  std::size_t block_size = 0;
  std::vector<token> contexts;  ///< size() * block_size tokens, row-major
  std::vector<token> targets;   ///< one per example

  /// Number of examples.
  [[nodiscard]] std::size_t size() const noexcept { return targets.size(); }
  /// The context of example i.
  [[nodiscard]] std::span<const token> context(std::size_t i) const {
    return std::span<const token>{contexts}.subspan(i * block_size, block_size);
  }
};

/// `targets.size()` examples of `data` drawn uniformly with replacement by `gen` into `contexts` (block_size
/// tokens each) and `targets`: the course's `ix = torch.randint(0, Xtr.shape[0], (batch_size,))`.
/// std::invalid_argument if `data` has no examples or `contexts` is not of the size the draws need.
inline void draw_minibatch(const example_set& data, generator& gen, std::span<token> contexts, std::span<token> targets) {
  if (data.size() == 0 || contexts.size() != targets.size() * data.block_size) {
    throw std::invalid_argument{"draw_minibatch: no examples, or contexts of another block size"};
  }
  for (std::size_t r = 0; r < targets.size(); ++r) {
    const auto i = static_cast<std::size_t>(gen.below(data.size()));
    std::copy_n(data.contexts.data() + i * data.block_size, data.block_size, contexts.data() + r * data.block_size);
    targets[r] = data.targets[i];
  }
}

/// X and Y of `words` for a model that sees `block_size` characters (see `for_each_example`).
///
///     auto train = build_examples(parts.train, vocab, 3);   // names.txt: about 182,000 examples
inline example_set build_examples(std::span<const std::string> words, const vocabulary& vocab, std::size_t block_size) {
  example_set set{block_size, {}, {}};
  for_each_example(words, vocab, block_size, [&](std::span<const token> context, token target) {
    set.contexts.insert(set.contexts.end(), context.begin(), context.end());
    set.targets.push_back(target);
  });
  return set;
}

/// Average negative log-likelihood of the words under the model: -(1/n) sum log p(target | context), over
/// every example `for_each_example` yields (the course's loss; lower is better, log(27) = 3.30 is uniform).
/// An example of probability 0 makes it +infinity.
///
///     double loss = nll(model, words);   // names.txt bigram, add-one smoothing: 2.4546
template <CharacterModel M>
double nll(const M& model, std::span<const std::string> words) {
  std::vector<double> p(model.vocab().size());
  double sum = 0;
  std::size_t n = 0;
  for_each_example(words, model.vocab(), model.context_length(), [&](std::span<const token> context, token target) {
    model.probabilities(context, std::span<double>{p});
    sum -= std::log(p[static_cast<std::size_t>(target)]);
    ++n;
  });
  if (n == 0) throw std::invalid_argument{"nll: no words"};
  return sum / static_cast<double>(n);
}

/// One word drawn from the model, as in the course: start from a context of `.`, draw the next token by
/// `multinomial`, stop at `.`. At most `max_length` characters are drawn (a model that rarely ends a word
/// cannot loop for ever); the result depends only on the model and the generator's state.
///
///     ctgrad::generator gen{2147483647};
///     std::string name = sample_word(model, gen);
template <CharacterModel M>
std::string sample_word(const M& model, generator& gen, std::size_t max_length = 1000) {
  const vocabulary& vocab = model.vocab();
  std::vector<token> context(model.context_length(), 0);
  std::vector<double> p(vocab.size());
  std::string word;
  while (word.size() < max_length) {
    model.probabilities(std::span<const token>{context}, std::span<double>{p});
    const auto next = static_cast<token>(multinomial(std::span<const double>{p}, gen));
    if (next == 0) break;
    word.push_back(vocab.character(next));
    if (!context.empty()) {
      std::shift_left(context.begin(), context.end(), 1);
      context.back() = next;
    }
  }
  return word;
}

/// `n` words drawn one after the other from the same generator.
template <CharacterModel M>
std::vector<std::string> sample_words(const M& model, generator& gen, std::size_t n, std::size_t max_length = 1000) {
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(sample_word(model, gen, max_length));
  return out;
}

}  // namespace ctgrad::makemore
