// makemore's neural models: the neural bigram approaches the count model, the MLP's static gradient agrees
// with finite differences of a double-precision reference, training reduces the loss without allocating,
// and checkpoints give back identical losses and samples (and reject other kinds and shapes).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include <makemore/makemore.hpp>
#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <makemore/neural_bigram.hpp>

#include "makemore_test_support.hpp"
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12, once std::allocator's calls are inlined into this file's code, pairs the counting operator new
// (malloc) with the counting operator delete (free) and warns that they mismatch; they do not.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <support/counting_allocator.hpp>

using namespace ctgrad::makemore;

namespace {

// A tiny MLP for the exact checks: block 2, embedding 3, hidden 8, batch 4.
using tiny_mlp = mlp<2, 3, 8, 4>;
static_assert(CharacterModel<tiny_mlp>);
static_assert(CharacterModel<mlp<3, 10, 200, 32>>);

/// The tiny MLP's mean loss on one batch, in double, straight from the course's formulas.
double reference_loss(const tiny_mlp& m, std::span<const token> xs, std::span<const token> ys, std::size_t v) {
  double total = 0;
  for (std::size_t r = 0; r < tiny_mlp::batch; ++r) {
    std::vector<double> emb;
    for (std::size_t j = 0; j < tiny_mlp::block_size; ++j) {
      for (std::size_t d = 0; d < tiny_mlp::embedding; ++d) emb.push_back(m.c(static_cast<std::size_t>(xs[r * tiny_mlp::block_size + j]), d));
    }
    std::vector<double> h(tiny_mlp::hidden);
    for (std::size_t k = 0; k < tiny_mlp::hidden; ++k) {
      double s = m.b1(k);
      for (std::size_t i = 0; i < tiny_mlp::inputs; ++i) s += emb[i] * m.w1(i, k);
      h[k] = std::tanh(s);
    }
    std::vector<double> logits(v);
    double top = -1e300;
    for (std::size_t j = 0; j < v; ++j) {
      double s = m.b2(j);
      for (std::size_t k = 0; k < tiny_mlp::hidden; ++k) s += h[k] * m.w2(k, j);
      logits[j] = s;
      top = std::max(top, s);
    }
    double z = 0;
    for (const double l : logits) z += std::exp(l - top);
    total += std::log(z) + top - logits[static_cast<std::size_t>(ys[r])];
  }
  return total / static_cast<double>(tiny_mlp::batch);
}

}  // namespace

TEST_CASE("nbigram: full-batch gradient descent approaches the count model", "[makemore][neural]") {
  const auto words = makemore_test::generated_words(300, 5);
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 1);
  const double counts = nll(count_model::fit(words, vocab, 1, 0.0), std::span<const std::string>{words});
  neural_bigram model{vocab, 2147483647};
  const double first = model.loss(train);
  double last = first;
  for (int k = 0; k < 300; ++k) last = model.step(train, 50.0f);
  INFO("count model " << counts << ", neural bigram " << first << " -> " << last);
  CHECK(last < first);
  CHECK(model.loss(train) == Approx(nll(model, std::span<const std::string>{words})).epsilon(1e-5));
  CHECK(std::abs(model.loss(train) - counts) < 0.01);
}

TEST_CASE("nbigram: the full-batch gradient is the mean of softmax - onehot", "[makemore][neural]") {
  const auto words = makemore_test::generated_words(150, 9);  // over 512 examples: chunks and single examples both run
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 1);
  REQUIRE(train.size() > neural_bigram::chunk);
  REQUIRE(train.size() % neural_bigram::chunk != 0);
  neural_bigram model{vocab, 3};
  const std::size_t v = vocab.size();
  std::vector<double> expected(v * v, 0.0);
  std::vector<double> p(v);
  for (std::size_t i = 0; i < train.size(); ++i) {
    const auto x = static_cast<std::size_t>(train.contexts[i]);
    model.probabilities(train.context(i), p);
    for (std::size_t j = 0; j < v; ++j) expected[x * v + j] += (p[j] - (static_cast<std::size_t>(train.targets[i]) == j ? 1.0 : 0.0)) / static_cast<double>(train.size());
  }
  model.step(train, 0.0f);
  for (std::size_t i = 0; i < v; ++i) {
    for (std::size_t j = 0; j < v; ++j) {
      INFO("dW[" << i << ", " << j << "]");
      CHECK(model.gradient(i, j) == Approx(expected[i * v + j]).margin(1e-6));
    }
  }
}

TEST_CASE("nbigram on names.txt approaches the count model's NLL", "[makemore][neural][names]") {
  if (!makemore_test::have_names_txt()) {
    WARN("skipped: " << makemore_test::names_txt() << " is not there");
    return;
  }
  const auto words = load_words(makemore_test::names_txt());
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 1);
  const double counts = nll(count_model::fit(words, vocab, 1, 0.0), std::span<const std::string>{words});  // 2.4540
  neural_bigram model{vocab, 2147483647};
  for (int k = 0; k < 150; ++k) model.step(train, 50.0f);
  const double loss = model.loss(train);
  INFO("count model " << counts << ", neural bigram " << loss);
  CHECK(loss > counts - 1e-4);
  CHECK(loss - counts < 0.015);
}

TEST_CASE("nbigram: the course's set-up (W = 0, L2 0.01, lr 50, every word) matches a count-based computation in double",
          "[makemore][neural][names]") {
  if (!makemore_test::have_names_txt()) {
    WARN("skipped: " << makemore_test::names_txt() << " is not there");
    return;
  }
  const auto words = load_words(makemore_test::names_txt());
  const auto vocab = vocabulary::from_words(words);
  const auto all = build_examples(words, vocab, 1);  // the course's 228,146 bigrams
  REQUIRE(all.size() == 228146);
  // The reference: the same gradient descent from the bigram counts N (V x V) in double, independent of the
  // model's float graph: loss = -1/M sum N_ij log softmax(W_i)_j + l2 mean(W**2), dW_ij = (n_i p_ij - N_ij) / M
  // + 2 l2 W_ij / V**2.
  const std::size_t v = vocab.size();
  std::vector<double> n(v * v, 0.0), w(v * v, 0.0), p(v * v);
  for (std::size_t e = 0; e < all.size(); ++e) n[static_cast<std::size_t>(all.contexts[e]) * v + static_cast<std::size_t>(all.targets[e])] += 1;
  const double m = static_cast<double>(all.size()), l2 = 0.01, lr = 50;
  neural_bigram model = neural_bigram::zeros(vocab);
  for (int step = 0; step < 30; ++step) {
    double loss = 0, squares = 0;
    for (std::size_t i = 0; i < v; ++i) {
      double top = w[i * v], sum = 0, row = 0;
      for (std::size_t j = 0; j < v; ++j) top = std::max(top, w[i * v + j]);
      for (std::size_t j = 0; j < v; ++j) sum += std::exp(w[i * v + j] - top);
      for (std::size_t j = 0; j < v; ++j) {
        p[i * v + j] = std::exp(w[i * v + j] - top) / sum;
        loss -= n[i * v + j] * (w[i * v + j] - top - std::log(sum));
        row += n[i * v + j];
        squares += w[i * v + j] * w[i * v + j];
      }
      for (std::size_t j = 0; j < v; ++j) p[i * v + j] = (row * p[i * v + j] - n[i * v + j]) / m;  // now dW without L2
    }
    const double expected = loss / m + l2 * squares / static_cast<double>(v * v);
    for (std::size_t k = 0; k < v * v; ++k) w[k] -= lr * (p[k] + 2 * l2 * w[k] / static_cast<double>(v * v));
    const double got = model.step(all, static_cast<float>(lr), l2);
    INFO("step " << step);
    CHECK(got == Approx(expected).margin(1e-4));
  }
}

TEST_CASE("mlp: the static gradient agrees with finite differences of a double reference", "[makemore][neural]") {
  const vocabulary vocab{"abcdefg"};
  tiny_mlp model{vocab, 17};
  // Larger weights than the scaled initialisation, so every parameter matters.
  ctgrad::generator gen{4};
  for (std::size_t j = 0; j < vocab.size(); ++j) model.b2(j) = static_cast<float>(gen.uniform(-1, 1));
  for (std::size_t i = 0; i < tiny_mlp::hidden; ++i) {
    for (std::size_t j = 0; j < vocab.size(); ++j) model.w2(i, j) = static_cast<float>(gen.uniform(-1, 1));
  }
  const std::vector<token> xs{0, 0, 1, 3, 3, 3, 6, 2};  // a repeated token: scatter-add must add both rows
  const std::vector<token> ys{1, 3, 0, 5};
  const std::span<const token, 8> x{xs.data(), 8};
  const std::span<const token, 4> y{ys.data(), 4};
  const float loss = model.gradient(x, y);
  const std::size_t v = vocab.size();
  CHECK(loss == Approx(reference_loss(model, xs, ys, v)).epsilon(1e-5));
  const auto grads = model.gradients();
  const auto check = [&](const char* name, float& p, std::size_t at) {
    const float saved = p;
    const double h = 1e-2;
    p = static_cast<float>(saved + h);
    const double up = reference_loss(model, xs, ys, v);
    const double h_up = static_cast<double>(p) - saved;
    p = static_cast<float>(saved - h);
    const double down = reference_loss(model, xs, ys, v);
    const double h_down = saved - static_cast<double>(p);
    p = saved;
    const double fd = (up - down) / (h_up + h_down);
    INFO(name << " at parameter " << at);
    CHECK(static_cast<double>(grads[at]) == Approx(fd).margin(2e-4).epsilon(2e-3));
  };
  for (std::size_t t = 0; t < v; ++t) {
    for (std::size_t d = 0; d < tiny_mlp::embedding; ++d) check("C", model.c(t, d), tiny_mlp::c_offset + t * tiny_mlp::embedding + d);
  }
  for (std::size_t i = 0; i < tiny_mlp::inputs; ++i) {
    for (std::size_t j = 0; j < tiny_mlp::hidden; ++j) check("W1", model.w1(i, j), tiny_mlp::w1_offset + i * tiny_mlp::hidden + j);
  }
  for (std::size_t j = 0; j < tiny_mlp::hidden; ++j) check("b1", model.b1(j), tiny_mlp::w1_offset + tiny_mlp::inputs * tiny_mlp::hidden + j);
  for (std::size_t i = 0; i < tiny_mlp::hidden; ++i) {
    for (std::size_t j = 0; j < v; ++j) check("W2", model.w2(i, j), tiny_mlp::w2_offset + i * tiny_mlp::capacity + j);
  }
  for (std::size_t j = 0; j < v; ++j) check("b2", model.b2(j), tiny_mlp::w2_offset + tiny_mlp::hidden * tiny_mlp::capacity + j);
  // Columns past the vocabulary get no gradient.
  for (std::size_t j = v; j < tiny_mlp::capacity; ++j) CHECK(grads[tiny_mlp::w2_offset + tiny_mlp::hidden * tiny_mlp::capacity + j] == 0.0f);
}

TEST_CASE("mlp: minibatch SGD reduces the loss and a step allocates nothing", "[makemore][neural]") {
  const makemore_test::generated_split data{3000, 21, 3};
  const auto& vocab = data.vocab;
  const auto& parts = data.parts;
  const auto &train = data.train, &dev = data.dev;
  mlp<3, 10, 200, 32> model{vocab, 42};
  ctgrad::generator gen{43};
  const double train_before = model.loss(train);
  const double dev_before = model.loss(dev);
  CHECK(train_before == Approx(std::log(static_cast<double>(vocab.size()))).epsilon(0.02));  // the scaled init: log V
  model.train_step(train, gen, 0.1f);
  const std::size_t allocations = ctgrad::test::count_allocations([&] {
    for (int k = 0; k < 100; ++k) model.train_step(train, gen, 0.1f);
  });
  CHECK(allocations == 0);
  for (int k = 0; k < 1000; ++k) model.train_step(train, gen, 0.1f);
  const double train_after = model.loss(train);
  const double dev_after = model.loss(dev);
  INFO("train " << train_before << " -> " << train_after << ", dev " << dev_before << " -> " << dev_after);
  CHECK(train_after < train_before - 0.2);
  CHECK(dev_after < dev_before - 0.15);
  CHECK(model.loss(dev) == Approx(nll(model, std::span<const std::string>{parts.dev})).epsilon(1e-5));

  neural_bigram bigram{vocab, 1};
  const auto pairs = build_examples(parts.train, vocab, 1);
  bigram.step(pairs, 1.0f);
  CHECK(ctgrad::test::count_allocations([&] { bigram.step(pairs, 1.0f); }) == 0);
}

TEST_CASE("mlp_trainer and nbigram on threads: a step allocates nothing", "[makemore][neural][threads]") {
  const auto words = makemore_test::generated_words(1000, 22);
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 3);
  mlp<3, 10, 200, 32> model{vocab, 42};
  ctgrad::generator gen{43};
  {
    mlp_trainer<mlp<3, 10, 200, 32>, 2> two{model};
    mlp_trainer<mlp<3, 10, 200, 32>, 4> four{model};
    two.train_step(train, gen, 0.1f);
    four.train_step(train, gen, 0.1f);
    CHECK(ctgrad::test::count_allocations([&] {
            for (int k = 0; k < 100; ++k) two.train_step(train, gen, 0.1f);
            for (int k = 0; k < 100; ++k) four.train_step(train, gen, 0.1f);
          }) == 0);
  }
  neural_bigram bigram{vocab, 1};
  bigram.set_threads(3);
  const auto pairs = build_examples(words, vocab, 1);
  REQUIRE(pairs.size() > 3 * neural_bigram::chunk);
  bigram.step(pairs, 1.0f);
  CHECK(ctgrad::test::count_allocations([&] {
          for (int k = 0; k < 10; ++k) bigram.step(pairs, 1.0f);
        }) == 0);
}

TEST_CASE("mlp and nbigram: save -> load gives identical losses and samples", "[makemore][neural][checkpoint]") {
  const auto words = makemore_test::generated_words(300, 8);
  const auto vocab = vocabulary::from_words(words);
  const auto data = build_examples(words, vocab, 3);
  makemore_test::scratch_dir dir;

  mlp<3, 10, 200, 32> model{vocab, 5};
  ctgrad::generator gen{6};
  for (int k = 0; k < 300; ++k) model.train_step(data, gen, 0.1f);
  save_checkpoint(model.to_checkpoint(), dir / "mlp.ckpt");
  const auto back = mlp<3, 10, 200, 32>::from_checkpoint(load_checkpoint(dir / "mlp.ckpt", "mlp"));
  CHECK(back.loss(data) == model.loss(data));
  for (std::size_t i = 0; i < back.parameters().size(); ++i) REQUIRE(back.parameters()[i] == model.parameters()[i]);
  ctgrad::generator g1{7}, g2{7};
  CHECK(sample_words(back, g1, 20) == sample_words(model, g2, 20));

  neural_bigram bigram{vocab, 5};
  const auto pairs = build_examples(words, vocab, 1);
  for (int k = 0; k < 20; ++k) bigram.step(pairs, 50.0f);
  save_checkpoint(bigram.to_checkpoint(), dir / "nbigram.ckpt");
  const auto bigram_back = neural_bigram::from_checkpoint(load_checkpoint(dir / "nbigram.ckpt", "nbigram"));
  CHECK(bigram_back.loss(pairs) == bigram.loss(pairs));
  ctgrad::generator g3{7}, g4{7};
  CHECK(sample_words(bigram_back, g3, 20) == sample_words(bigram, g4, 20));
}

TEST_CASE("mlp and nbigram: a checkpoint of another kind or shape is an error", "[makemore][neural][checkpoint]") {
  const vocabulary vocab{"abcdefg"};
  const auto count_ck = count_model{vocab}.to_checkpoint();
  CHECK_THROWS_WITH(tiny_mlp::from_checkpoint(count_ck), Catch::Contains("holds a 'count' model, expected an 'mlp' model"));
  CHECK_THROWS_WITH(neural_bigram::from_checkpoint(count_ck), Catch::Contains("expected an 'nbigram' model"));

  const tiny_mlp model{vocab, 1};
  // Other hyper-parameters than the type's.
  CHECK_THROWS_WITH((mlp<3, 10, 200, 32>::from_checkpoint(model.to_checkpoint())), Catch::Contains("other hyper-parameters"));
  // A section of another shape: W1 with a row too few.
  checkpoint ck{"mlp", "broken.ckpt"};
  const auto good = model.to_checkpoint();
  for (const auto& name : good.names()) {
    if (good.type(name) == element_type::text) {
      ck.add_text(name, good.text(name));
    } else if (good.type(name) == element_type::i64) {
      ck.add_integer(name, good.integer(name));
    } else if (name == "W1") {
      const auto w = good.f32(name);
      ck.add(name, w.first(w.size() - tiny_mlp::hidden), {tiny_mlp::inputs - 1, tiny_mlp::hidden});
    } else {
      ck.add(name, good.f32(name), good.shape(name));
    }
  }
  CHECK_THROWS_AS(tiny_mlp::from_checkpoint(ck), checkpoint_error);
  CHECK_THROWS_WITH(tiny_mlp::from_checkpoint(ck), Catch::Contains("broken.ckpt") && Catch::Contains("W1"));

  // The nbigram's W of another vocabulary size.
  checkpoint nb{"nbigram", "nb.ckpt"};
  nb.add_text("vocabulary", "abc");
  const std::vector<float> w(5 * 5, 0.0f);
  nb.add("W", std::span<const float>{w}, {5, 5});
  CHECK_THROWS_WITH(neural_bigram::from_checkpoint(nb), Catch::Contains("nb.ckpt") && Catch::Contains("W"));

  // A vocabulary larger than the output layer.
  CHECK_THROWS_WITH((neural_bigram{vocabulary{"abcdefghijklmnopqrstuvwxyzABCDEFGH"}, 1}), Catch::Contains("at most 32"));
}

TEST_CASE("with_mlp compiles the configurations it is given and lists them when asked for another", "[makemore][neural]") {
  constexpr std::array<mlp_config, 2> configs{{{2, 3, 8, 4}, {1, 2, 4, 6}}};
  const vocabulary vocab{"abcdefg"};
  const auto which = [&](const mlp_config& c) {
    return with_mlp<configs>(c, [&]<class M>(std::type_identity<M>) {
      const M model{vocab, 1};
      return M::config;
    });
  };
  CHECK(which({2, 3, 8, 4}) == tiny_mlp::config);
  CHECK(which({1, 2, 4, 6}) == mlp_config{1, 2, 4, 6});
  CHECK_THROWS_WITH(which({3, 10, 200, 32}), "mlp: block 3, embedding 10, hidden 200, batch 32 is not compiled into this build; it has: "
                                             "block 2, embedding 3, hidden 8, batch 4; block 1, embedding 2, hidden 4, batch 6");

  // A minibatch of 6 is shared by 1 or 2 threads, not by 4.
  mlp_for<configs[1]> model{vocab, 1};
  const auto step = [&](std::size_t threads) {
    return with_mlp_trainer(model, threads, [&](auto& trainer) { return std::remove_cvref_t<decltype(trainer)>::batch; });
  };
  CHECK(step(1) == 6);
  CHECK(step(2) == 6);
  CHECK_THROWS_WITH(step(4), "mlp: a batch of 6 does not split evenly among 4 threads");
}
