// gemm, gemm_add and gemm_bias (C = A·B, C += A·B, C = A·B + 1 biasᵀ) against their scalar references.
#include <ctgrad/simd/gemm.hpp>
#include <ctgrad/simd/reference.hpp>

#include "simd_test_support.hpp"

namespace simd = ctgrad::simd;
namespace ref = ctgrad::simd::reference;
using namespace simd_test;

namespace {

// Error scale of C = start + A·B: |start| + |A|·|B|, element by element.
template <std::size_t M, std::size_t K, std::size_t N, class A, class T>
[[gnu::noinline]] void check_gemm_forms() {
  const auto a = random_values<T>(M * K, 11);
  const auto b = random_values<T>(K * N, 12);
  const auto bias = random_values<T>(N, 13);
  const auto c0 = random_values<T>(M * N, 14);
  unaligned<T> scale(M * N);
  ref::gemm<M, K, N>(absolute(a).data(), absolute(b).data(), scale.data());

  unaligned<T> c(M * N), want(M * N);
  simd::gemm<M, K, N, A>(a.data(), b.data(), c.data());
  ref::gemm<M, K, N>(a.data(), b.data(), want.data());
  check_close(c, want, scale, sum_tolerance<T>, label("gemm", {M, K, N}, arch_name<A>()));

  simd::gemm_bias<M, K, N, A>(a.data(), b.data(), bias.data(), c.data());
  ref::gemm_bias<M, K, N>(a.data(), b.data(), bias.data(), want.data());
  auto bias_scale = scale;
  for (std::size_t i = 0; i < M * N; ++i) bias_scale[i] += std::abs(bias[i % N]);
  check_close(c, want, bias_scale, sum_tolerance<T>, label("gemm_bias", {M, K, N}, arch_name<A>()));

  c = c0;
  want = c0;
  simd::gemm_add<M, K, N, A>(a.data(), b.data(), c.data());
  ref::gemm<M, K, N>(a.data(), b.data(), want.data(), true);
  auto add_scale = scale;
  for (std::size_t i = 0; i < M * N; ++i) add_scale[i] += std::abs(c0[i]);
  check_close(c, want, add_scale, sum_tolerance<T>, label("gemm_add", {M, K, N}, arch_name<A>()));
}

}  // namespace

TEMPLATE_TEST_CASE("gemm, gemm_bias and gemm_add match the reference, every dimension 1..67", "[simd][gemm]", float,
                   double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      // Every row-tile split, every depth, every register tail.
      check_gemm_forms<n, reversed<n>, shuffled<n>, A, T>();
    });
  });
}

TEMPLATE_TEST_CASE("gemm forms match the reference at the makemore layer shapes", "[simd][gemm]", float, double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    check_gemm_forms<32, 30, 200, A, T>();  // Linear(30 → 200), batch 32
    check_gemm_forms<32, 200, 27, A, T>();  // Linear(200 → 27)
    check_gemm_forms<1, 2, 3, A, T>();
  });
}

TEMPLATE_TEST_CASE("gemm forms give hand-computed values", "[simd][gemm]", float, double) {
  using T = TestType;
  const T a[] = {1, 2, 3, 4};  // [[1, 2], [3, 4]]
  const T b[] = {5, 6, 7, 8};  // [[5, 6], [7, 8]]
  T c[4];
  simd::gemm<2, 2, 2>(a, b, c);
  CHECK(c[0] == T(19));
  CHECK(c[1] == T(22));
  CHECK(c[2] == T(43));
  CHECK(c[3] == T(50));
  const T bias[] = {1, -1};
  simd::gemm_bias<2, 2, 2>(a, b, bias, c);
  CHECK(c[0] == T(20));
  CHECK(c[1] == T(21));
  CHECK(c[2] == T(44));
  CHECK(c[3] == T(49));
  simd::gemm_add<2, 2, 2>(a, b, c);
  CHECK(c[0] == T(39));
  CHECK(c[3] == T(99));
  // A 1×3 row times a 3×1 column: a dot product through the matrix kernel.
  const T row[] = {1, 2, 3};
  const T col[] = {4, 5, 6};
  T s[1];
  simd::gemm<1, 3, 1>(row, col, s);
  CHECK(s[0] == T(32));
}
