// Data-parallel training: the thread team runs every share of every job; the gradient on N threads equals the
// one-thread gradient to float rounding (mlp and nbigram); a thread count gives the same bits run to run;
// training on threads reduces the loss as on one thread.
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <makemore/makemore.hpp>
#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <makemore/neural_bigram.hpp>
#include <makemore/parallel.hpp>

#include "makemore_test_support.hpp"

using namespace ctgrad::makemore;

namespace {

using course_mlp = mlp<3, 10, 200, 32>;

/// |a − b| ≤ 1e-6 + 1e-4·|b|: what float rounding in a different order of the same sums leaves (the gradients
/// are O(1e-2), sums of 32 rows).
bool close(float a, float b) { return std::abs(a - b) <= 1e-6f + 1e-4f * std::abs(b); }

/// A minibatch of names-like tokens (V = 27) from a seeded generator.
struct minibatch {
  std::array<token, 96> x{};
  std::array<token, 32> y{};
  explicit minibatch(std::uint64_t seed) {
    ctgrad::generator gen{seed};
    for (auto& t : x) t = static_cast<token>(gen.below(27));
    for (auto& t : y) t = static_cast<token>(gen.below(27));
  }
  [[nodiscard]] std::span<const token, 96> contexts() const { return std::span<const token, 96>{x}; }
  [[nodiscard]] std::span<const token, 32> targets() const { return std::span<const token, 32>{y}; }
};

template <std::size_t Threads>
void check_mlp_gradient() {
  const vocabulary vocab{"abcdefghijklmnopqrstuvwxyz"};
  course_mlp one{vocab, 3}, many{vocab, 3};
  mlp_trainer<course_mlp, Threads> trainer{many};
  for (std::uint64_t seed : {1, 2, 3}) {
    const minibatch mb{seed};
    const float l1 = one.gradient(mb.contexts(), mb.targets());
    const float ln = trainer.gradient(mb.contexts(), mb.targets());
    INFO(Threads << " threads, minibatch " << seed);
    CHECK(std::abs(ln - l1) <= 1e-6f * l1);
    std::size_t differ = 0, nonzero = 0;
    for (std::size_t i = 0; i < course_mlp::parameter_count; ++i) {
      if (!close(many.gradients()[i], one.gradients()[i])) ++differ;
      if (one.gradients()[i] != 0.0f) ++nonzero;
    }
    CHECK(differ == 0);
    CHECK(nonzero > course_mlp::parameter_count / 2);  // the comparison is not one of zeros
  }
}

}  // namespace

TEST_CASE("thread_team: every thread runs its share of every job, the results seen by the caller", "[makemore][threads]") {
  for (std::size_t n : {1, 2, 3, 8}) {
    thread_team team{n};
    REQUIRE(team.size() == n);
    std::vector<std::size_t> hits(n, 0);
    std::size_t total = 0;
    for (std::size_t round = 0; round < 2000; ++round) {
      auto job = [&](std::size_t i) noexcept { hits[i] += round + i; };  // plain writes: the team orders them
      team.run(job);
      for (std::size_t i = 0; i < n; ++i) total += i;
    }
    INFO(n << " threads");
    for (std::size_t i = 0; i < n; ++i) CHECK(hits[i] == 2000 * 1999 / 2 + 2000 * i);
    CHECK(total == 2000 * n * (n - 1) / 2);
  }
  CHECK_THROWS_WITH(thread_team{0}, Catch::Contains("1 to 64"));
  CHECK_THROWS_WITH(thread_team{max_threads + 1}, Catch::Contains("1 to 64"));
}

TEST_CASE("thread_team: arrive_and_wait separates the phases of a job", "[makemore][threads]") {
  for (std::size_t n : {1, 2, 3}) {
    thread_team team{n};
    std::vector<std::size_t> mine(n), seen(n);
    bool all_right = true;
    for (std::size_t round = 0; round < 2000; ++round) {
      auto job = [&](std::size_t i) noexcept {
        mine[i] = round * 10 + i;  // phase 1: each thread its own slot
        team.arrive_and_wait();
        std::size_t sum = 0;  // phase 2: every slot, as the others wrote it
        for (const std::size_t v : mine) sum += v;
        seen[i] = sum;
      };
      team.run(job);
      for (std::size_t i = 0; i < n; ++i) all_right = all_right && seen[i] == round * 10 * n + n * (n - 1) / 2;
    }
    INFO(n << " threads");
    CHECK(all_right);
  }
}

TEST_CASE("mlp_trainer: the gradient on 2 and 4 threads equals the one-thread gradient to float rounding", "[makemore][neural][threads]") {
  check_mlp_gradient<2>();
  check_mlp_gradient<4>();
}

TEST_CASE("mlp_trainer: one thread is the model's own step, bit for bit", "[makemore][neural][threads]") {
  const auto words = makemore_test::generated_words(500, 31);
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 3);
  course_mlp a{vocab, 7}, b{vocab, 7};
  mlp_trainer<course_mlp, 1> trainer{b};
  ctgrad::generator ga{8}, gb{8};
  for (int k = 0; k < 50; ++k) REQUIRE(a.train_step(train, ga, 0.1f) == trainer.train_step(train, gb, 0.1f));
  for (std::size_t i = 0; i < course_mlp::parameter_count; ++i) REQUIRE(a.parameters()[i] == b.parameters()[i]);
}

TEST_CASE("mlp_trainer: 2 threads give the same bits run to run and train like one thread", "[makemore][neural][threads]") {
  const makemore_test::generated_split data{3000, 21, 3};
  const auto &train = data.train, &dev = data.dev;
  const auto& vocab = data.vocab;
  course_mlp one{vocab, 42}, two{vocab, 42}, again{vocab, 42};
  mlp_trainer<course_mlp, 2> t2{two}, t2_again{again};
  ctgrad::generator g1{43}, g2{43}, g3{43};
  const double before = one.loss(train);
  for (int k = 0; k < 1000; ++k) {
    one.train_step(train, g1, 0.1f);
    const float l2 = t2.train_step(train, g2, 0.1f);
    REQUIRE(t2_again.train_step(train, g3, 0.1f) == l2);
  }
  for (std::size_t i = 0; i < course_mlp::parameter_count; ++i) REQUIRE(two.parameters()[i] == again.parameters()[i]);
  const double after1 = one.loss(train), after2 = two.loss(train);
  INFO("train loss " << before << " -> 1 thread " << after1 << ", 2 threads " << after2 << "; dev " << one.loss(dev) << ", " << two.loss(dev));
  CHECK(after2 < before - 0.2);
  CHECK(std::abs(after2 - after1) < 0.02);
  CHECK(std::abs(two.loss(dev) - one.loss(dev)) < 0.03);
}

TEST_CASE("with_mlp_trainer: the supported thread counts, and a readable error for others", "[makemore][threads]") {
  course_mlp model{vocabulary{"abc"}, 1};
  for (std::size_t n : supported_mlp_threads) {
    CHECK(with_mlp_trainer(model, n, [](auto& trainer) { return std::remove_cvref_t<decltype(trainer)>::threads; }) == n);
  }
  CHECK(describe_supported_mlp_threads() == "1, 2 or 4");
  CHECK_THROWS_WITH(with_mlp_trainer(model, 3, [](auto&) { return 0; }), "mlp: 3 threads; this build trains an mlp on 1, 2 or 4 threads");
}

TEST_CASE("nbigram on threads: the full-batch gradient equals one thread's to float rounding", "[makemore][neural][threads]") {
  const auto words = makemore_test::generated_words(700, 9);  // over 4 chunks of 512 and a remainder
  const auto vocab = vocabulary::from_words(words);
  const auto train = build_examples(words, vocab, 1);
  REQUIRE(train.size() > 4 * neural_bigram::chunk);
  REQUIRE(train.size() % neural_bigram::chunk != 0);
  const std::size_t v = vocab.size();
  neural_bigram one{vocab, 3};
  const double loss1 = one.step(train, 0.0f);
  for (std::size_t n : {2, 3, 8}) {  // 8: more threads than chunks, some have none
    neural_bigram many{vocab, 3};
    many.set_threads(n);
    REQUIRE(many.threads() == n);
    const double loss = many.step(train, 0.0f);
    INFO(n << " threads");
    CHECK(loss == Approx(loss1).epsilon(1e-9));
    std::size_t differ = 0;
    for (std::size_t i = 0; i < v; ++i) {
      for (std::size_t j = 0; j < v; ++j) differ += close(many.gradient(i, j), one.gradient(i, j)) ? 0 : 1;
    }
    CHECK(differ == 0);
    // and the same bits run to run
    neural_bigram again{vocab, 3};
    again.set_threads(n);
    again.step(train, 0.0f);
    for (std::size_t i = 0; i < v; ++i) {
      for (std::size_t j = 0; j < v; ++j) REQUIRE(again.gradient(i, j) == many.gradient(i, j));
    }
  }
  neural_bigram trained{vocab, 3};
  trained.set_threads(2);
  const double first = trained.step(train, 50.0f);
  double last = first;
  for (int k = 0; k < 100; ++k) last = trained.step(train, 50.0f);
  CHECK(last < first - 0.5);
  trained.set_threads(1);
  CHECK(trained.threads() == 1);
  CHECK_THROWS_WITH(trained.set_threads(0), Catch::Contains("from 1 to 64"));
}
