// ctgrad/simd/gemm.hpp: small matrix products of compile-time shape, in the forms a dense layer needs:
// gemm, gemm_bias, gemm_add (C = / += A·B), gemm_tn_add (C += Aᵀ·B), gemm_nt, gemm_nt_add (C = / += A·Bᵀ),
// and col_sum_add (y += Σ_rows A).
//
// All matrices are row-major and dense (row stride = number of columns). A dense layer keeps its weights
// W as In×Out (makemore's `emb @ W1 + b1`); then, with X: B×In and the upstream gradient dY: B×Out,
//   forward   Y  = X·W + 1·bᵀ   gemm_bias<B, In, Out>(X, W, b, Y)      vectorised along Out, B broadcast
//   backward  dW += Xᵀ·dY        gemm_tn_add<In, B, Out>(X, dY, dW)     vectorised along Out, X broadcast
//             db += Σ_rows dY    col_sum_add<B, Out>(dY, db)
//             dX  = dY·Wᵀ        gemm_nt<B, Out, In>(dY, W, dX)         rows of dY · rows of W, along Out
// The first two are outer-product ("broadcast") kernels along the long Out axis; the third reads both
// operands along Out too, as dot products reduced by a transposing horizontal add, so no product needs a
// transposed copy of W and every load is contiguous.
#pragma once

#include <ctgrad/simd/detail/gemm_kernels.hpp>

#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t M, std::size_t K, std::size_t N, class A, start init>
struct gemm_fn {
  template <Element T>
  void operator()(const T* a, const T* b, T* c) const noexcept {
    broadcast_gemm<A, M, K, N, K, 1, N, N, init>(a, b, static_cast<const T*>(nullptr), c);
  }
};

template <std::size_t M, std::size_t K, std::size_t N, class A>
struct gemm_bias_fn {
  template <Element T>
  void operator()(const T* a, const T* b, const T* bias, T* c) const noexcept {
    broadcast_gemm<A, M, K, N, K, 1, N, N, start::from_bias>(a, b, bias, c);
  }
};

template <std::size_t M, std::size_t K, std::size_t N, class A>
struct gemm_tn_add_fn {
  template <Element T>
  void operator()(const T* a, const T* b, T* c) const noexcept {
    broadcast_gemm<A, M, K, N, 1, M, N, N, start::from_c>(a, b, static_cast<const T*>(nullptr), c);
  }
};

template <std::size_t M, std::size_t K, std::size_t N, class A, start init>
struct gemm_nt_fn {
  template <Element T>
  void operator()(const T* a, const T* b, T* c) const noexcept {
    dot_gemm<A, M, K, N, K, K, N, init>(a, b, c);
  }
};

template <std::size_t M, std::size_t N, class A>
struct col_sum_add_fn {
  template <Element T>
  void operator()(const T* a, T* y) const noexcept {
    using B = batch<T, A>;
    constexpr std::size_t w = width<T, A>;
    constexpr std::size_t registers = (N + w - 1) / w;
    constexpr std::size_t last = N - (registers - 1) * w;
    // Up to four columns registers at a time: four independent chains of additions down the rows.
    constexpr std::size_t group = 4;
    const auto columns = [&](std::size_t col, auto count, auto tail_lanes) {
      constexpr std::size_t nv = decltype(count)::value;
      constexpr std::size_t tail = decltype(tail_lanes)::value;
      B acc[nv];
      static_for<nv>([&](auto v) { acc[v] = load_last<A, tail, v + 1 == nv && tail != w>(y + col + v * w); });
      for (std::size_t i = 0; i < M; ++i) {
        static_for<nv>([&](auto v) {
          acc[v] += load_last<A, tail, v + 1 == nv && tail != w>(a + i * N + col + v * w);
        });
      }
      static_for<nv>([&](auto v) {
        if constexpr (v + 1 == nv && tail != w) {
          store_n<A, tail>(y + col + v * w, acc[v]);
        } else {
          acc[v].store_unaligned(y + col + v * w);
        }
      });
    };
    using size = std::integral_constant<std::size_t, group>;
    using full = std::integral_constant<std::size_t, w>;
    constexpr std::size_t groups = (registers - 1) / group;  // whole groups before the final one
    std::size_t col = 0;
    for (std::size_t g = 0; g < groups; ++g, col += group * w) columns(col, size{}, full{});
    columns(col, std::integral_constant<std::size_t, registers - groups * group>{},
            std::integral_constant<std::size_t, last>{});
  }
};

}  // namespace detail

/// gemm<M, K, N>(a, b, c): C = A·B, i.e. C_ij = Σ_k A_ik B_kj, with A: M×K, B: K×N, C: M×N (row-major).
/// Example: `ctgrad::simd::gemm<32, 30, 200>(x.data(), w.data(), y.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_fn<M, K, N, Arch, detail::start::zero> gemm{};

/// gemm_add<M, K, N>(a, b, c): C += A·B, shapes as gemm.
/// Example: `ctgrad::simd::gemm_add<32, 30, 200>(x.data(), w.data(), y.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_fn<M, K, N, Arch, detail::start::from_c> gemm_add{};

/// gemm_bias<M, K, N>(a, b, bias, c): C = A·B + 1·biasᵀ, i.e. C_ij = bias_j + Σ_k A_ik B_kj; bias has N elements.
/// A dense layer's forward pass. Example: `ctgrad::simd::gemm_bias<32, 30, 200>(x.data(), w.data(), b.data(), y.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_bias_fn<M, K, N, Arch> gemm_bias{};

/// gemm_tn_add<M, K, N>(a, b, c): C += Aᵀ·B, i.e. C_ij += Σ_k A_ki B_kj, with A stored K×M, B: K×N, C: M×N.
/// A dense layer's weight gradient dW += Xᵀ·dY. Example:
/// `ctgrad::simd::gemm_tn_add<30, 32, 200>(x.data(), dy.data(), dw.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_tn_add_fn<M, K, N, Arch> gemm_tn_add{};

/// gemm_nt<M, K, N>(a, b, c): C = A·Bᵀ, i.e. C_ij = Σ_k A_ik B_jk, with A: M×K, B stored N×K, C: M×N.
/// A dense layer's input gradient dX = dY·Wᵀ. Example: `ctgrad::simd::gemm_nt<32, 200, 30>(dy.data(), w.data(), dx.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_nt_fn<M, K, N, Arch, detail::start::zero> gemm_nt{};

/// gemm_nt_add<M, K, N>(a, b, c): C += A·Bᵀ, shapes as gemm_nt.
/// Example: `ctgrad::simd::gemm_nt_add<32, 200, 30>(dy.data(), w.data(), dx.data());`
template <std::size_t M, std::size_t K, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && K > 0 && N > 0)
inline constexpr detail::gemm_nt_fn<M, K, N, Arch, detail::start::from_c> gemm_nt_add{};

/// col_sum_add<M, N>(a, y): y_j += Σ_i A_ij, with A: M×N and y of N elements. A bias gradient db += Σ_rows dY.
/// Example: `ctgrad::simd::col_sum_add<32, 200>(dy.data(), db.data());`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::col_sum_add_fn<M, N, Arch> col_sum_add{};

}  // namespace ctgrad::simd
