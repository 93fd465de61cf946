// Vector kernels (dot, axpy, scale, add) and activations (tanh, ReLU) against their scalar references.
#include <ctgrad/simd/activation.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/dot.hpp>
#include <ctgrad/simd/reference.hpp>

#include "simd_test_support.hpp"

#include <cmath>

namespace simd = ctgrad::simd;
namespace ref = ctgrad::simd::reference;
using namespace simd_test;

TEMPLATE_TEST_CASE("dot<N> matches the reference for N = 1..67", "[simd][dot]", float, double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      const auto x = random_values<T>(n, 1);
      const auto y = random_values<T>(n, 2);
      const T scale = ref::dot<n>(absolute(x).data(), absolute(y).data());
      check_close(simd::dot<n, A>(x.data(), y.data()), ref::dot<n>(x.data(), y.data()), scale, sum_tolerance<T>,
                  label("dot", {n}, arch_name<A>()));
    });
  });
}

TEMPLATE_TEST_CASE("axpy, scale and add match the reference for N = 1..67", "[simd][axpy]", float, double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      const T a = T(0.75);
      const auto x = random_values<T>(n, 3);
      auto y = random_values<T>(n, 4);
      auto want = y;
      // One fused multiply-add against a multiply then an add: at most one rounding apart.
      unaligned<T> scale(n);
      for (std::size_t i = 0; i < n; ++i) scale[i] = std::abs(a * x[i]) + std::abs(y[i]);
      simd::axpy<n, A>(a, x.data(), y.data());
      ref::axpy<n>(a, x.data(), want.data());
      check_close(y, want, scale, sum_tolerance<T>, label("axpy", {n}, arch_name<A>()));

      want = y;  // scale and add are exact: start them from the same values
      simd::scale<n, A>(a, y.data());
      ref::scale<n>(a, want.data());
      check_equal(y, want, label("scale", {n}, arch_name<A>()));

      simd::add<n, A>(x.data(), y.data());
      ref::add<n>(x.data(), want.data());
      check_equal(y, want, label("add", {n}, arch_name<A>()));
    });
  });
}

TEMPLATE_TEST_CASE("tanh_forward and tanh_backward match the reference for N = 1..67", "[simd][tanh]", float,
                   double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      // Both branches of a tanh implementation: small |x| (a polynomial) and large (through exp).
      const auto x = random_values<T>(n, 5, T(-4), T(4));
      unaligned<T> y(n), want(n), scale(n);
      simd::tanh_forward<n, A>(x.data(), y.data());
      ref::tanh_forward<n>(x.data(), want.data());
      for (std::size_t i = 0; i < n; ++i) scale[i] = std::abs(want[i]);
      check_close(y, want, scale, function_tolerance<T>, label("tanh_forward", {n}, arch_name<A>()));

      const auto dy = random_values<T>(n, 6);
      unaligned<T> dx(n), dx_want(n);
      simd::tanh_backward<n, A>(want.data(), dy.data(), dx.data());
      ref::tanh_backward<n>(want.data(), dy.data(), dx_want.data());
      // (1 − y²)·dy with a fused 1 − y·y: a couple of roundings, relative to the terms' size.
      for (std::size_t i = 0; i < n; ++i) scale[i] = (T(1) + want[i] * want[i]) * std::abs(dy[i]);
      check_close(dx, dx_want, scale, sum_tolerance<T>, label("tanh_backward", {n}, arch_name<A>()));
    });
  });
}

TEMPLATE_TEST_CASE("relu_forward and relu_backward match the reference for N = 1..67", "[simd][relu]", float,
                   double) {
  using T = TestType;
  for_each_arch([](auto arch) {
    using A = decltype(arch);
    for_each_size([](auto size) {
      constexpr std::size_t n = size;
      auto x = random_values<T>(n, 7);
      x[0] = T(0);  // the kink: no gradient at 0
      unaligned<T> y(n), want(n);
      simd::relu_forward<n, A>(x.data(), y.data());
      ref::relu_forward<n>(x.data(), want.data());
      check_equal(y, want, label("relu_forward", {n}, arch_name<A>()));

      const auto dy = random_values<T>(n, 8);
      unaligned<T> dx(n), dx_want(n);
      simd::relu_backward<n, A>(want.data(), dy.data(), dx.data());
      ref::relu_backward<n>(want.data(), dy.data(), dx_want.data());
      check_equal(dx, dx_want, label("relu_backward", {n}, arch_name<A>()));
    });
  });
}

TEMPLATE_TEST_CASE("vector kernels give hand-computed values", "[simd][dot][axpy][tanh][relu]", float, double) {
  using T = TestType;
  const T x[] = {1, 2, 3};
  const T y[] = {4, 5, 6};
  CHECK(simd::dot<3>(x, y) == T(32));  // 4 + 10 + 18

  T z[] = {1, 1, 1};
  simd::axpy<3>(T(2), x, z);
  CHECK(z[0] == T(3));
  CHECK(z[1] == T(5));
  CHECK(z[2] == T(7));
  simd::scale<3>(T(0.5), z);
  CHECK(z[2] == T(3.5));
  simd::add<3>(y, z);
  CHECK(z[0] == T(5.5));

  const T t[] = {0, 1, -1};
  T th[3];
  simd::tanh_forward<3>(t, th);
  CHECK(th[0] == T(0));
  CHECK(th[1] == Approx(0.7615941559557649).epsilon(1e-6));
  CHECK(th[2] == Approx(-0.7615941559557649).epsilon(1e-6));
  const T yh[] = {0.5, 0, -0.5};
  const T dy[] = {2, 3, 4};
  T dx[3];
  simd::tanh_backward<3>(yh, dy, dx);
  CHECK(dx[0] == T(1.5));  // (1 − 0.25)·2
  CHECK(dx[1] == T(3));
  CHECK(dx[2] == T(3));

  const T r[] = {-1, 0, 2};
  T ry[3];
  simd::relu_forward<3>(r, ry);
  CHECK(ry[0] == T(0));
  CHECK(ry[1] == T(0));
  CHECK(ry[2] == T(2));
  const T rd[] = {5, 5, 5};
  T rdx[3];
  simd::relu_backward<3>(ry, rd, rdx);
  CHECK(rdx[0] == T(0));
  CHECK(rdx[1] == T(0));  // micrograd: (out.data > 0) * out.grad
  CHECK(rdx[2] == T(5));
}
