// gemm_tn_add (C += Aᵀ·B), gemm_nt and gemm_nt_add (C = / += A·Bᵀ) and col_sum_add against their references.
#include <ctgrad/simd/gemm.hpp>
#include <ctgrad/simd/reference.hpp>

#include "simd_test_support.hpp"

namespace simd = ctgrad::simd;
namespace ref = ctgrad::simd::reference;
using namespace simd_test;

namespace {

template <std::size_t M, std::size_t K, std::size_t N, class A, class T>
[[gnu::noinline]] void check_tn() {
  const auto a = random_values<T>(K * M, 21);  // stored K×M
  const auto b = random_values<T>(K * N, 22);
  const auto c0 = random_values<T>(M * N, 23);
  unaligned<T> scale = absolute(c0);
  ref::gemm_tn_add<M, K, N>(absolute(a).data(), absolute(b).data(), scale.data());
  auto c = c0;
  auto want = c0;
  simd::gemm_tn_add<M, K, N, A>(a.data(), b.data(), c.data());
  ref::gemm_tn_add<M, K, N>(a.data(), b.data(), want.data());
  check_close(c, want, scale, sum_tolerance<T>, label("gemm_tn_add", {M, K, N}, arch_name<A>()));
}

template <std::size_t M, std::size_t K, std::size_t N, class A, class T>
[[gnu::noinline]] void check_nt() {
  const auto a = random_values<T>(M * K, 24);
  const auto b = random_values<T>(N * K, 25);  // stored N×K
  const auto c0 = random_values<T>(M * N, 26);
  unaligned<T> scale(M * N);
  ref::gemm_nt<M, K, N>(absolute(a).data(), absolute(b).data(), scale.data());
  unaligned<T> c(M * N), want(M * N);
  simd::gemm_nt<M, K, N, A>(a.data(), b.data(), c.data());
  ref::gemm_nt<M, K, N>(a.data(), b.data(), want.data());
  check_close(c, want, scale, sum_tolerance<T>, label("gemm_nt", {M, K, N}, arch_name<A>()));

  c = c0;
  want = c0;
  simd::gemm_nt_add<M, K, N, A>(a.data(), b.data(), c.data());
  ref::gemm_nt<M, K, N>(a.data(), b.data(), want.data(), true);
  for (std::size_t i = 0; i < M * N; ++i) scale[i] += std::abs(c0[i]);
  check_close(c, want, scale, sum_tolerance<T>, label("gemm_nt_add", {M, K, N}, arch_name<A>()));
}

template <std::size_t M, std::size_t N, class A, class T>
[[gnu::noinline]] void check_col_sum() {
  const auto a = random_values<T>(M * N, 27);
  const auto y0 = random_values<T>(N, 28);
  auto scale = absolute(y0);
  ref::col_sum_add<M, N>(absolute(a).data(), scale.data());
  auto y = y0;
  auto want = y0;
  simd::col_sum_add<M, N, A>(a.data(), y.data());
  ref::col_sum_add<M, N>(a.data(), want.data());
  check_close(y, want, scale, sum_tolerance<T>, label("col_sum_add", {M, N}, arch_name<A>()));
}

}  // namespace

TEMPLATE_TEST_CASE("gemm_tn_add matches the reference, every dimension 1..67", "[simd][gemm]", float, double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_tn<n, reversed<n>, shuffled<n>, A, T>();
    });
    check_tn<30, 32, 200, A, T>();  // dW of Linear(30 → 200), batch 32
    check_tn<200, 32, 27, A, T>();  // dW of Linear(200 → 27)
  });
}

TEMPLATE_TEST_CASE("gemm_nt and gemm_nt_add match the reference, every dimension 1..67", "[simd][gemm]", float,
                   double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_nt<shuffled<n>, n, reversed<n>, A, T>();  // n: every tail of the reduction
    });
  });
  // The final horizontal sums differ by architecture (permutations on AVX-512, xsimd::haddp elsewhere).
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    check_nt<32, 200, 30, A, T>();  // dX of Linear(30 → 200), batch 32
    check_nt<32, 27, 200, A, T>();  // dH of Linear(200 → 27)
    check_nt<7, 13, 5, A, T>();
  });
}

TEMPLATE_TEST_CASE("col_sum_add matches the reference, every dimension 1..67", "[simd][gemm]", float, double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_col_sum<n, shuffled<n>, A, T>();
    });
    check_col_sum<32, 200, A, T>();
  });
}

TEMPLATE_TEST_CASE("backward gemm forms give hand-computed values", "[simd][gemm]", float, double) {
  using T = TestType;
  const T a[] = {1, 2, 3, 4};  // [[1, 2], [3, 4]]
  const T b[] = {5, 6, 7, 8};  // [[5, 6], [7, 8]]
  T c[4] = {0, 0, 0, 0};
  simd::gemm_tn_add<2, 2, 2>(a, b, c);  // [[1, 3], [2, 4]]·[[5, 6], [7, 8]]
  CHECK(c[0] == T(26));
  CHECK(c[1] == T(30));
  CHECK(c[2] == T(38));
  CHECK(c[3] == T(44));
  simd::gemm_nt<2, 2, 2>(a, b, c);  // [[1, 2], [3, 4]]·[[5, 7], [6, 8]]
  CHECK(c[0] == T(17));
  CHECK(c[1] == T(23));
  CHECK(c[2] == T(39));
  CHECK(c[3] == T(53));
  simd::gemm_nt_add<2, 2, 2>(a, b, c);
  CHECK(c[0] == T(34));
  CHECK(c[3] == T(106));
  T y[2] = {1, 1};
  simd::col_sum_add<2, 2>(a, y);
  CHECK(y[0] == T(5));
  CHECK(y[1] == T(7));
}
