// ctgrad/simd/gemv.hpp: matrix-vector products of compile-time shape: gemv, gemv_add (y = / += A x) and
// gemv_t, gemv_t_add (y = / += Aᵀ x), A row-major.
#pragma once

#include <ctgrad/simd/detail/gemm_kernels.hpp>

#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t M, std::size_t N, class A, start init>
struct gemv_fn {
  // y (M×1) = A (M×N) · xᵀ with x one row of N: the dot kernel, several rows of A per pass over x.
  template <Element T>
  void operator()(const T* a, const T* x, T* y) const noexcept {
    dot_gemm<A, M, N, 1, N, N, 1, init>(a, x, y);
  }
};

template <std::size_t M, std::size_t N, class A, start init>
struct gemv_t_fn {
  // y (1×N) = x (1×M) · A (M×N): the broadcast kernel with one row, x_i broadcast against the rows of A.
  template <Element T>
  void operator()(const T* a, const T* x, T* y) const noexcept {
    broadcast_gemm<A, 1, M, N, M, 1, N, N, init>(x, a, static_cast<const T*>(nullptr), y);
  }
};

}  // namespace detail

/// gemv<M, N>(a, x, y): y = A x, i.e. y_i = Σ_j A_ij x_j, with A: M×N row-major, x: N, y: M.
/// Example: `ctgrad::simd::gemv<27, 200>(w.data(), h.data(), logits.data());`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::gemv_fn<M, N, Arch, detail::start::zero> gemv{};

/// gemv_add<M, N>(a, x, y): y += A x, shapes as gemv.
/// Example: `ctgrad::simd::gemv_add<27, 200>(w.data(), h.data(), logits.data());`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::gemv_fn<M, N, Arch, detail::start::from_c> gemv_add{};

/// gemv_t<M, N>(a, x, y): y = Aᵀ x, i.e. y_j = Σ_i A_ij x_i, with A: M×N row-major, x: M, y: N.
/// Example: `ctgrad::simd::gemv_t<30, 200>(w.data(), x.data(), y.data());  // one row of X·W`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::gemv_t_fn<M, N, Arch, detail::start::zero> gemv_t{};

/// gemv_t_add<M, N>(a, x, y): y += Aᵀ x, shapes as gemv_t.
/// Example: `ctgrad::simd::gemv_t_add<30, 200>(w.data(), x.data(), y.data());`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::gemv_t_fn<M, N, Arch, detail::start::from_c> gemv_t_add{};

}  // namespace ctgrad::simd
