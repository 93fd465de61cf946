// ctgrad::nn::op::causal_self_attention<Heads, Block>: masked multi-head self-attention (makemore's Transformer).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/simd/softmax.hpp>

namespace ctgrad::nn::op {

/// Causal self-attention of sequences of `Block` positions held as rows. X is (B·Block)×3C: each position's
/// query, key and value side by side (the output of makemore's `c_attn`), each split into `Heads` heads of
/// D = C/Heads numbers. For each sequence and head, A = softmax over s ≤ t of q_t·k_s/√D (the mask: a position
/// sees itself and the positions before it), and the output row of position t is Σ_s A[t, s] v_s, the heads side
/// by side: (B·Block)×C, what makemore's `c_proj` takes.
/// Vector-Jacobian: dA[t, s] = dY_t·v_s, dv_s += A[t, s] dY_t, dS[t, s] = A[t, s](dA[t, s] − Σ_s' A[t, s'] dA[t, s']),
/// dq_t = Σ_s dS[t, s] k_s/√D, dk_s += dS[t, s] q_t/√D.
template <std::size_t Heads, std::size_t Block>
  requires(Heads > 0 && Block > 0)
struct causal_self_attention {
  static constexpr std::string_view text = "causal_self_attention";

  template <class X>
  static constexpr detail::dims shape() {
    static_assert(detail::rows_v<X> % Block == 0, "ctgrad::nn::op::causal_self_attention: the rows must be whole sequences of Block positions");
    static_assert(detail::cols_v<X> % (3 * Heads) == 0,
                  "ctgrad::nn::op::causal_self_attention: each row must hold a query, a key and a value of Heads heads each");
    return {detail::rows_v<X>, detail::cols_v<X> / 3};
  }

  /// The attention weights A, Block×Block per sequence and head (0 above the diagonal).
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::rows_v<N> / Block * Heads * Block * Block> weights;
  };

  // Each sequence and head is worked on in registers' order: a head's keys (forward) or values (backward) are first
  // copied transposed, D rows of Block numbers, so that the scores of a position against every position, and their
  // gradients, are vector operations over the Block positions (the weights: simd::softmax_prefix); the rest runs along
  // the D numbers of a head.

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, c = detail::cols_v<typename V::node_type>, d = c / Heads;
    T const scale = T(1) / std::sqrt(T(d));
    auto const* x = v.template operand<0>();
    auto* y = v.value();
    auto& s = v.state();
    alignas(64) std::array<T, d * Block> keys;  // keys[i·Block + u] = k_u[i]
    for (std::size_t seq = 0; seq < rows / Block; ++seq) {
      T const* xs = x + seq * Block * 3 * c;
      for (std::size_t h = 0; h < Heads; ++h) {
        for (std::size_t u = 0; u < Block; ++u) {
          for (std::size_t i = 0; i < d; ++i) keys[i * Block + u] = xs[u * 3 * c + c + h * d + i];
        }
        T* a = s.weights.data() + (seq * Heads + h) * Block * Block;
        for (std::size_t t = 0; t < Block; ++t) {
          T const* q = xs + t * 3 * c + h * d;
          T* at = a + t * Block;  // the scores of position t against every position, then its weights
          std::fill(at, at + Block, T(0));
          for (std::size_t i = 0; i < d; ++i) {
            T const qi = q[i] * scale;
            for (std::size_t u = 0; u < Block; ++u) at[u] += qi * keys[i * Block + u];
          }
          simd::softmax_prefix<Block, detail::arch_for<T, Block>>(at, t + 1);
          T* yt = y + (seq * Block + t) * c + h * d;
          std::fill(yt, yt + d, T(0));
          for (std::size_t u = 0; u <= t; ++u) {
            T const* val = xs + u * 3 * c + 2 * c + h * d;
            for (std::size_t i = 0; i < d; ++i) yt[i] += at[u] * val[i];
          }
        }
      }
    }
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    if constexpr (V::template active<0>) {
      using T = typename V::value_type;
      constexpr std::size_t rows = detail::rows_v<typename V::node_type>, c = detail::cols_v<typename V::node_type>, d = c / Heads;
      T const scale = T(1) / std::sqrt(T(d));
      auto const* x = v.template operand<0>();
      auto const* dy = v.adjoint();
      auto* dx = v.template operand_adjoint<0>();
      if constexpr (V::template first<0>) std::fill(dx, dx + rows * 3 * c, T(0));
      auto const& s = v.state();
      alignas(64) std::array<T, d * Block> values;  // values[i·Block + u] = v_u[i]
      alignas(64) std::array<T, Block * d> dk, dv;  // this head's key and value gradients, position by position
      alignas(64) std::array<T, Block> da;
      alignas(64) std::array<T, d> dq;
      for (std::size_t seq = 0; seq < rows / Block; ++seq) {
        T const* xs = x + seq * Block * 3 * c;
        T* dxs = dx + seq * Block * 3 * c;
        for (std::size_t h = 0; h < Heads; ++h) {
          for (std::size_t u = 0; u < Block; ++u) {
            for (std::size_t i = 0; i < d; ++i) values[i * Block + u] = xs[u * 3 * c + 2 * c + h * d + i];
          }
          dk.fill(T(0));
          dv.fill(T(0));
          T const* a = s.weights.data() + (seq * Heads + h) * Block * Block;
          for (std::size_t t = 0; t < Block; ++t) {
            T const* at = a + t * Block;
            T const* dyt = dy + (seq * Block + t) * c + h * d;
            T const* q = xs + t * 3 * c + h * d;
            da.fill(T(0));
            for (std::size_t i = 0; i < d; ++i) {
              for (std::size_t u = 0; u < Block; ++u) da[u] += dyt[i] * values[i * Block + u];
            }
            T weighted = 0;
            for (std::size_t u = 0; u <= t; ++u) weighted += at[u] * da[u];
            dq.fill(T(0));
            for (std::size_t u = 0; u <= t; ++u) {
              T const g = at[u] * (da[u] - weighted) * scale;
              T const* k = xs + u * 3 * c + c + h * d;
              for (std::size_t i = 0; i < d; ++i) {
                dq[i] += g * k[i];
                dk[u * d + i] += g * q[i];
                dv[u * d + i] += at[u] * dyt[i];
              }
            }
            T* dqt = dxs + t * 3 * c + h * d;
            for (std::size_t i = 0; i < d; ++i) dqt[i] += dq[i];
          }
          for (std::size_t u = 0; u < Block; ++u) {
            T* dku = dxs + u * 3 * c + c + h * d;
            T* dvu = dxs + u * 3 * c + 2 * c + h * d;
            for (std::size_t i = 0; i < d; ++i) {
              dku[i] += dk[u * d + i];
              dvu[i] += dv[u * d + i];
            }
          }
        }
      }
    }
  }
};

}  // namespace ctgrad::nn::op
