// softmax_cross_entropy, softmax_prefix, gather_rows and scatter_add_rows against their scalar references.
#include <ctgrad/simd/cross_entropy.hpp>
#include <ctgrad/simd/embedding.hpp>
#include <ctgrad/simd/reference.hpp>
#include <ctgrad/simd/softmax.hpp>

#include "simd_test_support.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace simd = ctgrad::simd;
namespace ref = ctgrad::simd::reference;
using namespace simd_test;

namespace {

template <std::size_t R, std::size_t C, class A, class T, bool Ignored = false>
[[gnu::noinline]] void check_cross_entropy() {
  // Logits of either sign and a wide range, so the row maximum matters.
  const auto logits = random_values<T>(R * C, 41, T(-8), T(8));
  std::vector<std::int32_t> targets(R);
  for (std::size_t r = 0; r < R; ++r) targets[r] = static_cast<std::int32_t>((r * 7 + 3) % C);
  if (Ignored && R > 1) targets[R / 2] = targets[R - 1] = -1;  // rows that do not count
  unaligned<T> d(R * C), want(R * C);
  const T loss = simd::softmax_cross_entropy<R, C, A>(logits.data(), targets.data(), d.data());
  const T loss_want = ref::softmax_cross_entropy<R, C>(logits.data(), targets.data(), want.data());
  // The loss is a mean of log Σ exp + m − l_t: the error of exp and log relative to the terms' size.
  T loss_scale = 0;
  for (std::size_t i = 0; i < R * C; ++i) loss_scale = std::max(loss_scale, std::abs(logits[i]));
  check_close(loss, loss_want, loss_scale + T(1), function_tolerance<T>,
              label("softmax_cross_entropy loss", {R, C}, arch_name<A>()));
  // dlogits = (p − onehot)/R: the error of each probability, relative to 1/R.
  unaligned<T> scale(R * C);
  for (std::size_t i = 0; i < R * C; ++i) scale[i] = T(1) / T(R);  // ≤ 1/N
  check_close(d, want, scale, function_tolerance<T>, label("softmax_cross_entropy dlogits", {R, C}, arch_name<A>()));
}

template <std::size_t N, class A, class T>
[[gnu::noinline]] void check_softmax_prefix() {
  for (std::size_t n : {std::size_t{1}, (N + 1) / 2, N}) {
    auto x = random_values<T>(N, 45, T(-8), T(8));
    auto want = x;
    simd::softmax_prefix<N, A>(x.data(), n);
    ref::softmax_prefix<N>(want.data(), n);
    // Each weight's error relative to 1 (they sum to 1); past n, exactly 0.
    unaligned<T> scale(N);
    for (std::size_t j = 0; j < N; ++j) scale[j] = T(1);
    check_close(x, want, scale, function_tolerance<T>, label("softmax_prefix", {N, n}, arch_name<A>()));
    for (std::size_t j = n; j < N; ++j) CHECK(x[j] == T(0));
  }
}

template <std::size_t V, std::size_t D, std::size_t Count, class A, class T>
[[gnu::noinline]] void check_embedding() {
  const auto table = random_values<T>(V * D, 42);
  std::vector<std::uint16_t> index(Count);
  for (std::size_t i = 0; i < Count; ++i) index[i] = static_cast<std::uint16_t>((i * 3 + 1) % V);  // repeats
  unaligned<T> out(Count * D), want(Count * D);
  simd::gather_rows<V, D, Count, A>(table.data(), index.data(), out.data());
  ref::gather_rows<V, D, Count>(table.data(), index.data(), want.data());
  check_equal(out, want, label("gather_rows", {V, D, Count}, arch_name<A>()));

  const auto rows = random_values<T>(Count * D, 43);
  auto grad = random_values<T>(V * D, 44);
  auto grad_want = grad;
  simd::scatter_add_rows<V, D, Count, A>(rows.data(), index.data(), grad.data());
  ref::scatter_add_rows<V, D, Count>(rows.data(), index.data(), grad_want.data());
  // Same additions in the same order: exactly equal.
  check_equal(grad, grad_want, label("scatter_add_rows", {V, D, Count}, arch_name<A>()));
}

}  // namespace

TEMPLATE_TEST_CASE("softmax_cross_entropy matches the reference, rows and classes 1..67", "[simd][cross_entropy]",
                   float, double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_cross_entropy<shuffled<n>, n, A, T>();
    });
    check_cross_entropy<32, 27, A, T>();  // makemore's output layer
    check_cross_entropy<32 * 16, 27, A, T, true>();  // makemore's Transformer: 16 positions, some after the word
  });
}

TEMPLATE_TEST_CASE("softmax_cross_entropy: a negative target's row does not count", "[simd][cross_entropy]", float, double) {
  using T = TestType;
  // Rows 0 and 2 as in a batch of two rows; row 1 is ignored: the same loss, the same gradients (÷ 2), row 1's 0.
  const T logits[] = {0, 0, 3, -1, 1000, 0};
  const int targets[] = {0, -1, 1};
  T d[6];
  const T loss = simd::softmax_cross_entropy<3, 2>(logits, targets, d);
  CHECK(loss == Approx((std::log(2.0) + 1000.0) / 2).epsilon(1e-6));
  CHECK(d[0] == Approx(-0.25));
  CHECK(d[2] == 0);
  CHECK(d[3] == 0);
  CHECK(d[4] == Approx(0.5));
  const int none[] = {-1, -1, -1};
  CHECK(simd::softmax_cross_entropy<3, 2>(logits, none, d) == 0);
  CHECK(d[0] == 0);
}

TEMPLATE_TEST_CASE("softmax_cross_entropy gives hand-computed values and survives huge logits",
                   "[simd][cross_entropy]", float, double) {
  using T = TestType;
  // Row 0: equal logits, target 0: loss log 2, p = (1/2, 1/2). Row 1: logit 1000 (exp overflows unless the
  // maximum is subtracted), target 1: loss 1000, p = (1, 0).
  const T logits[] = {0, 0, 1000, 0};
  const int targets[] = {0, 1};
  T d[4];
  const T loss = simd::softmax_cross_entropy<2, 2>(logits, targets, d);
  CHECK(loss == Approx((std::log(2.0) + 1000.0) / 2).epsilon(1e-6));
  CHECK(d[0] == Approx(-0.25));  // (1/2 − 1)/2
  CHECK(d[1] == Approx(0.25));
  CHECK(d[2] == Approx(0.5));  // (1 − 0)/2
  CHECK(d[3] == Approx(-0.5));
  CHECK(std::isfinite(loss));
}

TEMPLATE_TEST_CASE("softmax_prefix matches the reference, rows 1..67, prefixes of 1, half and all", "[simd][softmax]", float, double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) { check_softmax_prefix<decltype(size)::value, A, T>(); });
    check_softmax_prefix<16, A, T>();  // makemore's Transformer: 16 positions
  });
}

TEMPLATE_TEST_CASE("gather_rows and scatter_add_rows match the reference, row lengths 1..67", "[simd][embedding]",
                   float, double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_embedding<5, n, 7, A, T>();
    });
    check_embedding<27, 10, 32 * 3, A, T>();  // makemore: C[X], 27 letters, 10 dimensions, batch 32 × block 3
  });
}

TEMPLATE_TEST_CASE("gather_rows and scatter_add_rows give hand-computed values", "[simd][embedding]", float, double) {
  using T = TestType;
  const T table[] = {1, 2, 3, 4, 5, 6};  // [[1, 2], [3, 4], [5, 6]]
  const std::int64_t index[] = {2, 0, 2};
  T out[6];
  simd::gather_rows<3, 2, 3>(table, index, out);
  CHECK(out[0] == T(5));
  CHECK(out[1] == T(6));
  CHECK(out[2] == T(1));
  CHECK(out[3] == T(2));
  CHECK(out[4] == T(5));
  CHECK(out[5] == T(6));
  const T rows[] = {1, 1, 2, 2, 3, 3};
  T grad[6] = {0, 0, 0, 0, 0, 0};
  simd::scatter_add_rows<3, 2, 3>(rows, index, grad);
  CHECK(grad[0] == T(2));
  CHECK(grad[1] == T(2));
  CHECK(grad[2] == T(0));
  CHECK(grad[4] == T(4));  // row 2 received rows 0 and 2
  CHECK(grad[5] == T(4));
}
