// simd_test_support.hpp: size sweeps, random inputs and tolerance checks shared by the ctgrad::simd tests.
#pragma once

#include <ctgrad/simd/element.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace simd_test {

/// The sizes every kernel is swept over: 1 to 67, all of them (every tail length of every register width).
inline constexpr std::size_t first_size = 1;
inline constexpr std::size_t last_size = 67;

/// Calls f(std::integral_constant<std::size_t, n>{}) for n = first_size .. last_size.
/// For kernels of two or three dimensions, one sweep of n = 1..67 with shape (n, reversed<n>, shuffled<n>):
/// each dimension takes every value 1..67 once (three permutations of 1..67), in 67 instantiations instead
/// of 3·67, and the shapes mix small and large dimensions.
template <std::size_t n>
inline constexpr std::size_t reversed = last_size + first_size - n;
template <std::size_t n>
inline constexpr std::size_t shuffled = (n * 29) % 67 + 1;  // 29 is prime to 67: a permutation of 1..67

template <class F>
void for_each_size(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::integral_constant<std::size_t, first_size + I>{}), ...);
  }(std::make_index_sequence<last_size - first_size + 1>{});
}

/// The architectures tested: the default one of the build's flags, and AVX2 (masked loads of 256-bit
/// registers) when the build also has AVX-512, so both tail paths run on this machine. The matrix kernels'
/// tests, the costly ones to compile, use the default architecture only (for_each_arch<false>); their
/// partial registers go through the same load_n / store_n that the element-wise tests run on AVX2.
#if XSIMD_WITH_AVX512F && XSIMD_WITH_FMA3_AVX2
using architectures = std::tuple<xsimd::default_arch, xsimd::fma3<xsimd::avx2>>;
#else
using architectures = std::tuple<xsimd::default_arch>;
#endif

template <bool every_architecture = true, class F>
void for_each_arch(F&& f) {
  if constexpr (every_architecture) {
    std::apply([&](auto... arch) { (f(arch), ...); }, architectures{});
  } else {
    f(xsimd::default_arch{});
  }
}

/// Relative tolerance of a kernel against its scalar reference when only the order of a sum of products
/// differs. Both orders are within γ_K·Σ|a_k b_k| of the exact sum (γ_K ≈ K·u, u the unit roundoff; Higham,
/// "Accuracy and Stability", §3.1), so the check is |kernel − reference| ≤ tol·Σ|a_k b_k|. For the sizes
/// tested (K ≤ 200) the worst case K·u is about 1.2e-5 for float and 2.2e-14 for double; actual errors grow
/// like √K·u, and these bounds leave a wide margin.
template <class T>
inline constexpr T sum_tolerance = std::is_same_v<T, float> ? T(1e-5) : T(1e-12);

/// Relative tolerance of an element-wise result that involves one transcendental function (tanh, exp, log):
/// xsimd's implementations are within a few ulp of the C library's.
template <class T>
inline constexpr T function_tolerance = std::is_same_v<T, float> ? T(1e-5) : T(1e-12);

/// Storage with one extra leading element: the kernels are handed data() + 1, an address that is not
/// aligned to a register, as a caller's sub-array would be.
template <class T>
struct unaligned {
  explicit unaligned(std::size_t n) : storage(n + 1) {}
  T* data() { return storage.data() + 1; }
  const T* data() const { return storage.data() + 1; }
  T& operator[](std::size_t i) { return storage[i + 1]; }
  const T& operator[](std::size_t i) const { return storage[i + 1]; }
  std::size_t size() const { return storage.size() - 1; }
  ctgrad::simd::aligned_vector<T> storage;
};

template <class T>
unaligned<T> random_values(std::size_t n, unsigned seed, T low = T(-1), T high = T(1)) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<T> dist(low, high);
  unaligned<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = dist(engine);
  return v;
}

template <class T>
unaligned<T> absolute(const unaligned<T>& v) {
  unaligned<T> a(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) a[i] = std::abs(v[i]);
  return a;
}

/// Checks |got_i − want_i| ≤ tol·scale_i for every i, reporting the first failure with its context.
template <class T>
void check_close(const unaligned<T>& got, const unaligned<T>& want, const unaligned<T>& scale, T tol,
                 const std::string& what) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!(std::abs(got[i] - want[i]) <= tol * scale[i])) {
      std::ostringstream message;
      message << what << ": element " << i << " is " << got[i] << ", reference " << want[i]
              << " (allowed error " << tol * scale[i] << ")";
      FAIL(message.str());
    }
  }
  SUCCEED();
}

/// Checks |got − want| ≤ tol·scale for one number.
template <class T>
void check_close(T got, T want, T scale, T tol, const std::string& what) {
  if (!(std::abs(got - want) <= tol * scale)) {
    std::ostringstream message;
    message << what << ": " << got << ", reference " << want << " (allowed error " << tol * scale << ")";
    FAIL(message.str());
  }
}

/// Checks every element is exactly the reference (kernels that only move or add one term per element).
template <class T>
void check_equal(const unaligned<T>& got, const unaligned<T>& want, const std::string& what) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!(got[i] == want[i])) {
      std::ostringstream message;
      message << what << ": element " << i << " is " << got[i] << ", reference " << want[i];
      FAIL(message.str());
    }
  }
}

template <class A>
std::string arch_name() {
  return A::name();
}

inline std::string label(const std::string& kernel, std::initializer_list<std::size_t> shape,
                         const std::string& arch) {
  std::ostringstream s;
  s << kernel << "<";
  const char* sep = "";
  for (auto n : shape) {
    s << sep << n;
    sep = ", ";
  }
  s << "> on " << arch;
  return s.str();
}

}  // namespace simd_test
