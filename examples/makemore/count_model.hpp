// ctgrad::makemore::count_model: the course's bigram, generalised to a context of N characters, add-k smoothed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <makemore/checkpoint.hpp>
#include <makemore/model.hpp>
#include <makemore/vocabulary.hpp>

namespace ctgrad::makemore {

/// A count model: how often each token follows each context of N tokens in the training words, turned into
/// probabilities with add-k smoothing,
///
///     P(next | context) = (N[context, next] + k) / (sum_j N[context, j] + k * V),
///
/// where V is the vocabulary's size. N = 1 is the course's bigram (its `N` matrix, `P = (N + 1) / ...`);
/// k = 1 is its "model smoothing". Only contexts that occur are stored, so long contexts stay small. A
/// context never seen in training gets the uniform distribution 1/V (which is what add-k gives for k > 0,
/// and the maximum-entropy choice for k = 0).
///
///     auto model = count_model::fit(words, vocabulary::from_words(words));   // bigram, k = 1
///     double loss = nll(model, words);                                       // names.txt: 2.4546
///     ctgrad::generator gen{2147483647};
///     std::string name = sample_word(model, gen);
class count_model {
 public:
  /// The model kind its checkpoints carry.
  static constexpr std::string_view kind = "count";
  /// The longest context a model may have.
  static constexpr std::size_t max_context = 32;

  /// A model with no counts yet. Throws std::invalid_argument when `smoothing` is negative or not finite, or
  /// when V^context_length does not fit 63 bits (contexts are numbered in base V).
  explicit count_model(vocabulary vocab, std::size_t context_length = 1, double smoothing = 1.0)
      : vocab_{std::move(vocab)}, context_length_{context_length} {
    set_smoothing(smoothing);
    if (context_length_ > max_context) {
      throw std::invalid_argument{"count model: context of " + std::to_string(context_length_) + " characters; at most " +
                                  std::to_string(max_context)};
    }
    std::uint64_t n = 1;
    for (std::size_t i = 0; i < context_length_; ++i) {
      if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / vocab_.size()) {
        throw std::invalid_argument{"count model: a context of " + std::to_string(context_length_) + " characters over " +
                                    std::to_string(vocab_.size()) + " tokens is too long to number; at most " +
                                    std::to_string(i) + " with this vocabulary"};
      }
      n *= vocab_.size();
    }
    context_space_ = n;
  }

  /// The model of `words` (see the class comment): counts every example `for_each_example` yields.
  static count_model fit(std::span<const std::string> words, vocabulary vocab, std::size_t context_length = 1,
                         double smoothing = 1.0) {
    count_model m{std::move(vocab), context_length, smoothing};
    m.add(words);
    return m;
  }

  /// Counts the examples of more words. A character outside the vocabulary throws std::invalid_argument.
  void add(std::span<const std::string> words) {
    for_each_example(words, vocab_, context_length_, [&](std::span<const token> context, token next) {
      const std::size_t r = row_or_insert(context_id(context));
      auto& c = counts_[r * vocab_.size() + static_cast<std::size_t>(next)];
      if (c == std::numeric_limits<std::uint32_t>::max()) throw std::overflow_error{"count model: a count exceeds 2^32 - 1"};
      ++c;
      ++totals_[r];
    });
  }

  /// The vocabulary.
  [[nodiscard]] const vocabulary& vocab() const noexcept { return vocab_; }
  /// N: how many preceding tokens the model looks at.
  [[nodiscard]] std::size_t context_length() const noexcept { return context_length_; }
  /// k of add-k smoothing.
  [[nodiscard]] double smoothing() const noexcept { return smoothing_; }
  /// Changes k (the counts stay): k >= 0 and finite, otherwise std::invalid_argument.
  void set_smoothing(double k) {
    if (!(k >= 0) || !std::isfinite(k)) throw std::invalid_argument{"count model: smoothing must be finite and >= 0"};
    smoothing_ = k;
  }
  /// How many distinct contexts occurred in training.
  [[nodiscard]] std::size_t observed_contexts() const noexcept { return ids_.size(); }

  /// N[context, next]: how often `next` followed `context`.
  [[nodiscard]] std::uint64_t count(std::span<const token> context, token next) const {
    check_token(next);
    const auto it = rows_.find(context_id(context));
    return it == rows_.end() ? 0 : counts_[it->second * vocab_.size() + static_cast<std::size_t>(next)];
  }
  /// sum_j N[context, j].
  [[nodiscard]] std::uint64_t total(std::span<const token> context) const {
    const auto it = rows_.find(context_id(context));
    return it == rows_.end() ? 0 : totals_[it->second];
  }

  /// P(· | context) into `out` (size V). `context` holds context_length() tokens, oldest first, `.`-padded.
  void probabilities(std::span<const token> context, std::span<double> out) const {
    const std::size_t v = vocab_.size();
    if (out.size() != v) throw std::invalid_argument{"count model: probabilities need " + std::to_string(v) + " outputs"};
    const auto it = rows_.find(context_id(context));
    if (it == rows_.end() || (totals_[it->second] == 0 && smoothing_ == 0)) {
      std::fill(out.begin(), out.end(), 1.0 / static_cast<double>(v));
      return;
    }
    const std::uint32_t* row = &counts_[it->second * v];
    const auto total = static_cast<double>(totals_[it->second]);
    if (smoothing_ <= 1) {
      const double denominator = total + smoothing_ * static_cast<double>(v);
      for (std::size_t j = 0; j < v; ++j) out[j] = (static_cast<double>(row[j]) + smoothing_) / denominator;
    } else {  // the same fraction divided through by k, so that k * V cannot overflow for a huge k
      const double denominator = total / smoothing_ + static_cast<double>(v);
      for (std::size_t j = 0; j < v; ++j) out[j] = (static_cast<double>(row[j]) / smoothing_ + 1) / denominator;
    }
  }

  /// P(next | context).
  [[nodiscard]] double probability(std::span<const token> context, token next) const {
    check_token(next);
    std::vector<double> p(vocab_.size());
    probabilities(context, p);
    return p[static_cast<std::size_t>(next)];
  }

  /// The model as a checkpoint: kind "count"; sections `vocabulary` (text), `context` and `smoothing`
  /// (scalars), `contexts` (i64 [R], the observed context numbers in base V, ascending) and `counts`
  /// (i64 [R, V]).
  [[nodiscard]] checkpoint to_checkpoint() const {
    checkpoint ck{std::string{kind}};
    ck.add_text("vocabulary", vocab_.characters());
    ck.add_integer("context", static_cast<std::int64_t>(context_length_));
    ck.add_scalar("smoothing", smoothing_);
    std::vector<std::size_t> order(ids_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids_[a] < ids_[b]; });
    const std::size_t v = vocab_.size();
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> counts;
    ids.reserve(order.size());
    counts.reserve(order.size() * v);
    for (const std::size_t r : order) {
      ids.push_back(static_cast<std::int64_t>(ids_[r]));
      counts.insert(counts.end(), counts_.begin() + static_cast<std::ptrdiff_t>(r * v),
                    counts_.begin() + static_cast<std::ptrdiff_t>((r + 1) * v));
    }
    ck.add("contexts", std::span<const std::int64_t>{ids}, {ids.size()});
    ck.add("counts", std::span<const std::int64_t>{counts}, {ids.size(), v});
    return ck;
  }

  /// The model a checkpoint holds, validated: another kind, missing sections, other shapes or values a
  /// count model cannot have throw checkpoint_error naming the file.
  static count_model from_checkpoint(const checkpoint& ck) {
    if (ck.kind() != kind) ck.fail("holds a '" + ck.kind() + "' model, expected a 'count' model");
    const std::int64_t n = ck.integer("context");
    if (n < 0 || n > static_cast<std::int64_t>(max_context)) ck.fail("context length " + std::to_string(n) + " is out of range");
    count_model m = [&] {
      try {
        return count_model{vocabulary{ck.text("vocabulary")}, static_cast<std::size_t>(n), ck.scalar("smoothing")};
      } catch (const std::invalid_argument& e) {
        ck.fail(e.what());
      }
    }();
    const auto ids = ck.i64("contexts");
    const std::size_t r = ids.size();
    const std::size_t v = m.vocab_.size();
    const auto counts = ck.i64("counts", {r, v});
    for (std::size_t i = 0; i < r; ++i) {
      if (ids[i] < 0 || static_cast<std::uint64_t>(ids[i]) >= m.context_space_ || (i > 0 && ids[i] <= ids[i - 1])) {
        ck.fail("context numbers are not ascending numbers below V^N");
      }
      const std::size_t row = m.row_or_insert(static_cast<std::uint64_t>(ids[i]));
      for (std::size_t j = 0; j < v; ++j) {
        const std::int64_t c = counts[i * v + j];
        if (c < 0 || c > std::numeric_limits<std::uint32_t>::max()) ck.fail("a count is out of range: " + std::to_string(c));
        m.counts_[row * v + j] = static_cast<std::uint32_t>(c);
        m.totals_[row] += static_cast<std::uint64_t>(c);
      }
    }
    return m;
  }

  /// Same vocabulary, context, smoothing and counts.
  friend bool operator==(const count_model& a, const count_model& b) {
    if (!(a.vocab_ == b.vocab_) || a.context_length_ != b.context_length_ || a.smoothing_ != b.smoothing_ ||
        a.ids_.size() != b.ids_.size()) {
      return false;
    }
    const std::size_t v = a.vocab_.size();
    for (std::size_t r = 0; r < a.ids_.size(); ++r) {
      const auto it = b.rows_.find(a.ids_[r]);
      if (it == b.rows_.end() ||
          !std::equal(a.counts_.begin() + static_cast<std::ptrdiff_t>(r * v), a.counts_.begin() + static_cast<std::ptrdiff_t>((r + 1) * v),
                      b.counts_.begin() + static_cast<std::ptrdiff_t>(it->second * v))) {
        return false;
      }
    }
    return true;
  }

 private:
  void check_token(token t) const {
    if (t < 0 || static_cast<std::size_t>(t) >= vocab_.size()) {
      throw std::invalid_argument{"count model: token " + std::to_string(t) + " is outside the vocabulary"};
    }
  }

  [[nodiscard]] std::uint64_t context_id(std::span<const token> context) const {
    if (context.size() != context_length_) {
      throw std::invalid_argument{"count model: a context of " + std::to_string(context.size()) + " tokens, expected " +
                                  std::to_string(context_length_)};
    }
    std::uint64_t id = 0;
    for (const token t : context) {
      check_token(t);
      id = id * vocab_.size() + static_cast<std::uint64_t>(t);
    }
    return id;
  }

  std::size_t row_or_insert(std::uint64_t id) {
    const auto [it, inserted] = rows_.try_emplace(id, ids_.size());
    if (inserted) {
      ids_.push_back(id);
      totals_.push_back(0);
      counts_.resize(counts_.size() + vocab_.size(), 0);
    }
    return it->second;
  }

  vocabulary vocab_;
  std::size_t context_length_;
  double smoothing_ = 1.0;
  std::uint64_t context_space_ = 1;
  std::vector<std::uint64_t> ids_;                      // context number of each row, in order of first sight
  std::unordered_map<std::uint64_t, std::size_t> rows_;  // context number -> row
  std::vector<std::uint32_t> counts_;                   // rows x V
  std::vector<std::uint64_t> totals_;                   // per row
};

static_assert(CharacterModel<count_model>);

}  // namespace ctgrad::makemore
