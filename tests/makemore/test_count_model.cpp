// Count models: examples, counts, add-k smoothing, contexts of N characters, NLL (names.txt against an
// independent computation) and sampling.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <makemore/count_model.hpp>
#include <makemore/model.hpp>
#include <makemore/words.hpp>
#include <ctgrad/random.hpp>

#include "makemore_test_support.hpp"

using namespace ctgrad::makemore;
using Catch::Matchers::Contains;
using words_t = std::vector<std::string>;
using tokens = std::vector<token>;

namespace {

// Every context of n tokens over a vocabulary of v, in base-v order.
std::vector<tokens> all_contexts(std::size_t n, std::size_t v) {
  std::vector<tokens> out{tokens(n, 0)};
  for (;;) {
    tokens next = out.back();
    std::size_t i = n;
    while (i > 0 && static_cast<std::size_t>(++next[i - 1]) == v) next[--i] = 0;
    if (i == 0) return out;
    out.push_back(next);
  }
}

double row_sum(const count_model& m, std::span<const token> context) {
  std::vector<double> p(m.vocab().size());
  m.probabilities(context, p);
  return std::accumulate(p.begin(), p.end(), 0.0);
}

}  // namespace

TEST_CASE("examples: the course's build_dataset windows, '.'-padded", "[makemore][count]") {
  const words_t words{"emma"};
  const auto vocab = vocabulary::from_words(words);  // . a e m
  const auto set = build_examples(words, vocab, 3);
  REQUIRE(set.size() == 5);
  CHECK(set.block_size == 3);
  // ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .
  CHECK(vocab.decode(set.context(0)).empty());
  CHECK(std::vector<token>(set.context(2).begin(), set.context(2).end()) == tokens{0, 2, 3});
  CHECK(std::vector<token>(set.context(4).begin(), set.context(4).end()) == tokens{3, 3, 1});
  CHECK(set.targets == tokens{2, 3, 3, 1, 0});
  CHECK(build_examples(words, vocab, 0).contexts.empty());
  CHECK(build_examples(words, vocab, 0).size() == 5);
}

TEST_CASE("count model: bigram counts and add-k probabilities, by hand", "[makemore][count]") {
  const words_t words{"ab"};
  const auto vocab = vocabulary::from_words(words);  // . a b; examples .->a, a->b, b->.
  const auto model = count_model::fit(words, vocab);
  CHECK(model.context_length() == 1);
  CHECK(model.smoothing() == 1.0);
  CHECK(model.count(tokens{0}, 1) == 1);
  CHECK(model.count(tokens{0}, 2) == 0);
  CHECK(model.total(tokens{1}) == 1);
  std::vector<double> p(3);
  model.probabilities(tokens{0}, p);  // (N + 1) / (1 + 3)
  CHECK(p == std::vector<double>{0.25, 0.5, 0.25});
  model.probabilities(tokens{1}, p);
  CHECK(p == std::vector<double>{0.25, 0.25, 0.5});
  CHECK(nll(model, words) == Approx(std::log(2.0)).epsilon(1e-15));  // each of the 3 steps has p = 1/2

  auto unsmoothed = count_model::fit(words, vocab, 1, 0.0);
  CHECK(unsmoothed.probability(tokens{0}, 1) == 1.0);
  CHECK(nll(unsmoothed, words) == 0.0);
  CHECK(std::isinf(nll(unsmoothed, words_t{"ba"})));  // P(b | .) = 0: the course's "infinite loss"

  unsmoothed.set_smoothing(2.0);  // counts stay, k changes: (1 + 2) / (1 + 6)
  CHECK(unsmoothed.probability(tokens{0}, 1) == Approx(3.0 / 7.0));
}

TEST_CASE("count model: a context of N characters", "[makemore][count]") {
  const words_t words{"abab"};
  const auto vocab = vocabulary::from_words(words);  // . a b
  // examples: .. -> a, .a -> b, ab -> a, ba -> b, ab -> .
  const auto model = count_model::fit(words, vocab, 2, 0.5);
  CHECK(model.observed_contexts() == 4);
  CHECK(model.count(tokens{1, 2}, 1) == 1);
  CHECK(model.count(tokens{1, 2}, 0) == 1);
  CHECK(model.total(tokens{1, 2}) == 2);
  CHECK(model.probability(tokens{1, 2}, 1) == Approx(1.5 / 3.5));
  CHECK(model.probability(tokens{1, 2}, 2) == Approx(0.5 / 3.5));
  CHECK(model.probability(tokens{2, 2}, 0) == Approx(1.0 / 3.0));  // never seen: uniform

  const auto unigram = count_model::fit(words, vocab, 0, 1.0);  // no context: character frequencies
  CHECK(unigram.probability(tokens{}, 1) == Approx(3.0 / 8.0));  // (2 + 1) / (5 + 3)

  CHECK_THROWS_WITH(model.probability(tokens{1}, 0), Contains("context of 1 tokens, expected 2"));
  CHECK_THROWS_WITH(model.probability(tokens{1, 3}, 0), Contains("token 3"));
  CHECK_THROWS_AS(count_model(vocab, 1, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(count_model(vocab, 1, std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_WITH(count_model(vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 14), Contains("too long"));  // 27^14 > 2^63
  CHECK_NOTHROW(count_model(vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 13));
  CHECK_THROWS_WITH(count_model(vocab, 33), Contains("at most 32"));
  CHECK_THROWS_WITH(count_model::fit(words_t{"abc"}, vocab), Contains("'c'"));
}

TEST_CASE("count model: every row sums to 1, seen or unseen, for N = 1, 2, 3 and k = 1, 0.5, 0",
          "[makemore][count]") {
  const words_t words{"emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia"};
  const auto vocab = vocabulary::from_words(words);
  for (const std::size_t n : {1U, 2U, 3U}) {
    for (const double k : {1.0, 0.5, 0.0}) {
      const auto model = count_model::fit(words, vocab, n, k);
      for (const auto& context : all_contexts(n, vocab.size())) {
        INFO("N = " << n << ", k = " << k);
        CHECK(row_sum(model, context) == Approx(1.0).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("count model: a huge k tends to the uniform distribution without overflow", "[makemore][count]") {
  const words_t words{"emma", "ava"};
  const auto vocab = vocabulary::from_words(words);  // . a e m v
  const auto model = count_model::fit(words, vocab, 1, 1e308);  // k * V overflows a double
  std::vector<double> p(vocab.size());
  model.probabilities(tokens{0}, p);
  for (const double x : p) CHECK(x == Approx(0.2).epsilon(1e-12));
  ctgrad::generator gen{4};
  CHECK_NOTHROW(sample_word(model, gen, 20));
  CHECK(count_model::fit(words, vocab, 1, 3.0).probability(tokens{0}, 1) == Approx(4.0 / 17.0));  // (1 + 3) / (2 + 15)
}

TEST_CASE("count model: sampling follows the counts and is reproducible", "[makemore][count]") {
  const words_t words{"abc"};
  const auto chain = count_model::fit(words, vocabulary::from_words(words), 1, 0.0);
  ctgrad::generator gen{5};
  for (int i = 0; i < 20; ++i) CHECK(sample_word(chain, gen) == "abc");  // the only path of non-zero probability

  const words_t names{"emma", "olivia", "ava", "isabella", "sophia"};
  const auto model = count_model::fit(names, vocabulary::from_words(names), 2, 0.1);
  ctgrad::generator a{2147483647};
  ctgrad::generator b{2147483647};
  const auto first = sample_words(model, a, 30);
  CHECK(first == sample_words(model, b, 30));
  for (const auto& w : first) {
    CHECK(w.size() <= 1000);
    CHECK(w.find_first_not_of(model.vocab().characters()) == std::string::npos);
  }
  ctgrad::generator c{1};
  CHECK(sample_word(count_model::fit(names, vocabulary::from_words(names), 1, 1000.0), c, 5).size() <= 5);  // capped
}

TEST_CASE("count model: NLL on makemore's names.txt equals an independent computation", "[makemore][count][names]") {
  if (!makemore_test::have_names_txt()) {
    WARN("skipped: " << makemore_test::names_txt() << " is not there");
    return;
  }
  // Reference values: /usr/bin/python3, plain floats and dicts, no ctgrad code:
  //   words = [w.strip() for w in open('names.txt').read().splitlines() if w.strip()]
  //   stoi = {c: i + 1 for i, c in enumerate(sorted(set(''.join(words))))}; stoi['.'] = 0
  //   for each word, context = [0] * n; for ch in list(w) + ['.']: examples.append((tuple(context), stoi[ch]));
  //       context = context[1:] + [stoi[ch]]
  //   N[context][ix] counted over the examples;
  //   nll = -sum(log((N[c][ix] + k) / (sum(N[c]) + k * 27)) for c, ix in examples) / len(examples)
  // which gives 228146 examples and, for (n, k): (1, 1) 2.454576820116076, (1, 0.5) 2.454271790192117,
  // (2, 1) 2.2125824222348083, (3, 1) 2.0891041119290175, (3, 0.5) 2.0183678492387283.
  // The course reports "about 2.454" for the bigram (it sums float32 logs).
  const auto words = load_words(makemore_test::names_txt());
  const auto vocab = vocabulary::from_words(words);
  CHECK(build_examples(words, vocab, 1).size() == 228146);

  const double bigram = nll(count_model::fit(words, vocab), words);
  CHECK(std::round(bigram * 1e4) / 1e4 == Approx(2.4546).margin(1e-12));  // 4 decimals
  CHECK(bigram == Approx(2.454576820116076).epsilon(1e-12));
  CHECK(nll(count_model::fit(words, vocab, 1, 0.5), words) == Approx(2.454271790192117).epsilon(1e-12));
  CHECK(nll(count_model::fit(words, vocab, 2, 1.0), words) == Approx(2.2125824222348083).epsilon(1e-12));
  CHECK(nll(count_model::fit(words, vocab, 3, 1.0), words) == Approx(2.0891041119290175).epsilon(1e-12));
  CHECK(nll(count_model::fit(words, vocab, 3, 0.5), words) == Approx(2.0183678492387283).epsilon(1e-12));

  const auto model = count_model::fit(words, vocab);
  CHECK(model.count(tokens{0}, vocab.index('a')) == 4410);  // the course's N[0, 1]: 4410 names start with 'a'
  CHECK(model.observed_contexts() == 27);
}
