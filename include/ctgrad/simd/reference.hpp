// ctgrad/simd/reference.hpp: ctgrad::simd::reference, plain scalar C++ versions of every SIMD kernel, in the
// textbook order of operations: what the kernels are tested against.
#pragma once

#include <ctgrad/simd/element.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>

namespace ctgrad::simd::reference {

/// Σ_i x_i y_i, summed left to right.
template <std::size_t N, Element T>
T dot(const T* x, const T* y) {
  T s = 0;
  for (std::size_t i = 0; i < N; ++i) s += x[i] * y[i];
  return s;
}

/// y += a x.
template <std::size_t N, Element T>
void axpy(T a, const T* x, T* y) {
  for (std::size_t i = 0; i < N; ++i) y[i] += a * x[i];
}

/// x *= a.
template <std::size_t N, Element T>
void scale(T a, T* x) {
  for (std::size_t i = 0; i < N; ++i) x[i] *= a;
}

/// y += x.
template <std::size_t N, Element T>
void add(const T* x, T* y) {
  for (std::size_t i = 0; i < N; ++i) y[i] += x[i];
}

/// y = A x (accumulate: y += A x), A: M×N.
template <std::size_t M, std::size_t N, Element T>
void gemv(const T* a, const T* x, T* y, bool accumulate = false) {
  for (std::size_t i = 0; i < M; ++i) {
    T s = accumulate ? y[i] : T(0);
    for (std::size_t j = 0; j < N; ++j) s += a[i * N + j] * x[j];
    y[i] = s;
  }
}

/// y = Aᵀ x (accumulate: y += Aᵀ x), A: M×N.
template <std::size_t M, std::size_t N, Element T>
void gemv_t(const T* a, const T* x, T* y, bool accumulate = false) {
  for (std::size_t j = 0; j < N; ++j) {
    T s = accumulate ? y[j] : T(0);
    for (std::size_t i = 0; i < M; ++i) s += a[i * N + j] * x[i];
    y[j] = s;
  }
}

/// C = A·B (accumulate: C += A·B), A: M×K, B: K×N.
template <std::size_t M, std::size_t K, std::size_t N, Element T>
void gemm(const T* a, const T* b, T* c, bool accumulate = false) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      T s = accumulate ? c[i * N + j] : T(0);
      for (std::size_t k = 0; k < K; ++k) s += a[i * K + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  }
}

/// C = A·B + 1·biasᵀ.
template <std::size_t M, std::size_t K, std::size_t N, Element T>
void gemm_bias(const T* a, const T* b, const T* bias, T* c) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      T s = bias[j];
      for (std::size_t k = 0; k < K; ++k) s += a[i * K + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  }
}

/// C += Aᵀ·B, A stored K×M, B: K×N.
template <std::size_t M, std::size_t K, std::size_t N, Element T>
void gemm_tn_add(const T* a, const T* b, T* c) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      T s = c[i * N + j];
      for (std::size_t k = 0; k < K; ++k) s += a[k * M + i] * b[k * N + j];
      c[i * N + j] = s;
    }
  }
}

/// C = A·Bᵀ (accumulate: C += A·Bᵀ), A: M×K, B stored N×K.
template <std::size_t M, std::size_t K, std::size_t N, Element T>
void gemm_nt(const T* a, const T* b, T* c, bool accumulate = false) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      T s = 0;
      for (std::size_t k = 0; k < K; ++k) s += a[i * K + k] * b[j * K + k];
      c[i * N + j] = accumulate ? c[i * N + j] + s : s;
    }
  }
}

/// y += Σ_rows A, A: M×N.
template <std::size_t M, std::size_t N, Element T>
void col_sum_add(const T* a, T* y) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) y[j] += a[i * N + j];
  }
}

/// A += α x yᵀ, A: M×N.
template <std::size_t M, std::size_t N, Element T>
void ger(T alpha, const T* x, const T* y, T* a) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) a[i * N + j] += alpha * x[i] * y[j];
  }
}

/// y = tanh(x).
template <std::size_t N, Element T>
void tanh_forward(const T* x, T* y) {
  for (std::size_t i = 0; i < N; ++i) y[i] = std::tanh(x[i]);
}

/// dx = (1 − y²)·dy.
template <std::size_t N, Element T>
void tanh_backward(const T* y, const T* dy, T* dx) {
  for (std::size_t i = 0; i < N; ++i) dx[i] = (T(1) - y[i] * y[i]) * dy[i];
}

/// y = max(x, 0).
template <std::size_t N, Element T>
void relu_forward(const T* x, T* y) {
  for (std::size_t i = 0; i < N; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
}

/// dx = dy where y > 0, else 0.
template <std::size_t N, Element T>
void relu_backward(const T* y, const T* dy, T* dx) {
  for (std::size_t i = 0; i < N; ++i) dx[i] = y[i] > T(0) ? dy[i] : T(0);
}

/// Mean softmax cross-entropy of the N rows of C logits whose target is not negative, and
/// dlogits = (softmax − onehot)/N for them, 0 for the others.
template <std::size_t R, std::size_t C, Element T, std::integral I>
T softmax_cross_entropy(const T* logits, const I* targets, T* dlogits) {
  std::size_t n = 0;
  for (std::size_t r = 0; r < R; ++r) n += targets[r] >= 0 ? 1 : 0;
  T loss = 0;
  for (std::size_t r = 0; r < R; ++r) {
    const T* l = logits + r * C;
    if (targets[r] < 0) {
      for (std::size_t j = 0; j < C; ++j) dlogits[r * C + j] = T(0);
      continue;
    }
    T m = l[0];
    for (std::size_t j = 1; j < C; ++j) m = l[j] > m ? l[j] : m;
    T s = 0;
    for (std::size_t j = 0; j < C; ++j) s += std::exp(l[j] - m);
    const auto t = static_cast<std::size_t>(targets[r]);
    loss += std::log(s) + m - l[t];
    for (std::size_t j = 0; j < C; ++j) {
      dlogits[r * C + j] = (std::exp(l[j] - m) / s - (j == t ? T(1) : T(0))) / static_cast<T>(n);
    }
  }
  return n > 0 ? loss / static_cast<T>(n) : T(0);
}

/// The softmax of x[0..n) in place, x[n..N) = 0.
template <std::size_t N, Element T>
void softmax_prefix(T* x, std::size_t n) {
  T m = x[0];
  for (std::size_t j = 1; j < n; ++j) m = x[j] > m ? x[j] : m;
  T s = 0;
  for (std::size_t j = 0; j < n; ++j) s += std::exp(x[j] - m);
  for (std::size_t j = 0; j < N; ++j) x[j] = j < n ? std::exp(x[j] - m) / s : T(0);
}

/// out[i, :] = table[index_i, :], table V×D.
template <std::size_t V, std::size_t D, std::size_t Count, Element T, std::integral I>
void gather_rows(const T* table, const I* index, T* out) {
  for (std::size_t i = 0; i < Count; ++i) {
    for (std::size_t j = 0; j < D; ++j) out[i * D + j] = table[static_cast<std::size_t>(index[i]) * D + j];
  }
}

/// table[index_i, :] += rows[i, :], in order.
template <std::size_t V, std::size_t D, std::size_t Count, Element T, std::integral I>
void scatter_add_rows(const T* rows, const I* index, T* table) {
  for (std::size_t i = 0; i < Count; ++i) {
    for (std::size_t j = 0; j < D; ++j) table[static_cast<std::size_t>(index[i]) * D + j] += rows[i * D + j];
  }
}

}  // namespace ctgrad::simd::reference
