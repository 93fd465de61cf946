// gemv, gemv_add, gemv_t, gemv_t_add and ger against their scalar references.
#include <ctgrad/simd/gemv.hpp>
#include <ctgrad/simd/ger.hpp>
#include <ctgrad/simd/reference.hpp>

#include "simd_test_support.hpp"

namespace simd = ctgrad::simd;
namespace ref = ctgrad::simd::reference;
using namespace simd_test;

namespace {

template <std::size_t M, std::size_t N, class A, class T>
[[gnu::noinline]] void check_gemv() {
  const auto a = random_values<T>(M * N, 31);
  const auto x = random_values<T>(N, 32);
  const auto xt = random_values<T>(M, 33);
  const auto y0 = random_values<T>(M, 34);
  const auto yt0 = random_values<T>(N, 35);

  unaligned<T> scale(M), y(M), want(M);
  ref::gemv<M, N>(absolute(a).data(), absolute(x).data(), scale.data());
  simd::gemv<M, N, A>(a.data(), x.data(), y.data());
  ref::gemv<M, N>(a.data(), x.data(), want.data());
  check_close(y, want, scale, sum_tolerance<T>, label("gemv", {M, N}, arch_name<A>()));
  y = y0;
  want = y0;
  simd::gemv_add<M, N, A>(a.data(), x.data(), y.data());
  ref::gemv<M, N>(a.data(), x.data(), want.data(), true);
  for (std::size_t i = 0; i < M; ++i) scale[i] += std::abs(y0[i]);
  check_close(y, want, scale, sum_tolerance<T>, label("gemv_add", {M, N}, arch_name<A>()));

  unaligned<T> scale_t(N), yt(N), want_t(N);
  ref::gemv_t<M, N>(absolute(a).data(), absolute(xt).data(), scale_t.data());
  simd::gemv_t<M, N, A>(a.data(), xt.data(), yt.data());
  ref::gemv_t<M, N>(a.data(), xt.data(), want_t.data());
  check_close(yt, want_t, scale_t, sum_tolerance<T>, label("gemv_t", {M, N}, arch_name<A>()));
  yt = yt0;
  want_t = yt0;
  simd::gemv_t_add<M, N, A>(a.data(), xt.data(), yt.data());
  ref::gemv_t<M, N>(a.data(), xt.data(), want_t.data(), true);
  for (std::size_t j = 0; j < N; ++j) scale_t[j] += std::abs(yt0[j]);
  check_close(yt, want_t, scale_t, sum_tolerance<T>, label("gemv_t_add", {M, N}, arch_name<A>()));
}

template <std::size_t M, std::size_t N, class A, class T>
[[gnu::noinline]] void check_ger() {
  const T alpha = T(-1.5);
  const auto x = random_values<T>(M, 36);
  const auto y = random_values<T>(N, 37);
  auto a = random_values<T>(M * N, 38);
  auto want = a;
  unaligned<T> scale(M * N);
  for (std::size_t i = 0; i < M * N; ++i) scale[i] = std::abs(a[i]) + std::abs(alpha * x[i / N] * y[i % N]);
  simd::ger<M, N, A>(alpha, x.data(), y.data(), a.data());
  ref::ger<M, N>(alpha, x.data(), y.data(), want.data());
  // (α x_i)·y_j + a fused, against α x_i y_j then + a: a few roundings of the terms.
  check_close(a, want, scale, sum_tolerance<T>, label("ger", {M, N}, arch_name<A>()));
}

}  // namespace

TEMPLATE_TEST_CASE("gemv forms match the reference, every dimension 1..67", "[simd][gemv]", float, double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_gemv<n, shuffled<n>, A, T>();
    });
    check_gemv<27, 200, A, T>();
    check_gemv<200, 30, A, T>();
  });
}

TEMPLATE_TEST_CASE("ger matches the reference, every dimension 1..67", "[simd][ger]", float, double) {
  using T = TestType;
  for_each_arch<false>([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      check_ger<n, shuffled<n>, A, T>();
    });
  });
}

TEMPLATE_TEST_CASE("gemv forms and ger give hand-computed values", "[simd][gemv][ger]", float, double) {
  using T = TestType;
  const T a[] = {1, 2, 3, 4};  // [[1, 2], [3, 4]]
  const T ones[] = {1, 1};
  T y[2];
  simd::gemv<2, 2>(a, ones, y);
  CHECK(y[0] == T(3));
  CHECK(y[1] == T(7));
  simd::gemv_add<2, 2>(a, ones, y);
  CHECK(y[1] == T(14));
  simd::gemv_t<2, 2>(a, ones, y);
  CHECK(y[0] == T(4));
  CHECK(y[1] == T(6));
  simd::gemv_t_add<2, 2>(a, ones, y);
  CHECK(y[1] == T(12));
  T m[4] = {0, 0, 0, 0};
  const T x[] = {1, 2};
  const T z[] = {3, 4};
  simd::ger<2, 2>(T(2), x, z, m);
  CHECK(m[0] == T(6));
  CHECK(m[1] == T(8));
  CHECK(m[2] == T(12));
  CHECK(m[3] == T(16));
}
