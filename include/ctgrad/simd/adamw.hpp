// ctgrad/simd/adamw.hpp: the AdamW update of N parameters (Loshchilov and Hutter's decoupled weight decay), as
// torch.optim.AdamW writes it: the decay of the parameters first, then the bias-corrected moments' step.
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <cmath>
#include <cstddef>

namespace ctgrad::simd {

/// The scalars of one AdamW step: the learning rate, the moments' decay rates, eps and the weight decay, and the
/// bias corrections of step t (1 − β1^t, 1 − β2^t).
template <Element T>
struct adamw_step {
  T learning_rate;
  T beta1, beta2, eps, weight_decay;
  T bias_correction1, bias_correction2;
};

namespace detail {

template <std::size_t N, class A>
struct adamw_fn {
  template <Element T>
  void operator()(adamw_step<T> const& s, const T* g, T* p, T* m, T* v) const noexcept {
    using b = batch<T, A>;
    const b decay(T(1) - s.learning_rate * s.weight_decay), beta1(s.beta1), beta2(s.beta2), one_minus_beta1(T(1) - s.beta1),
        one_minus_beta2(T(1) - s.beta2), step_size(s.learning_rate / s.bias_correction1),
        bias_correction2_sqrt(std::sqrt(s.bias_correction2)), eps(s.eps);
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      const b gi = load_n<A, n>(g + i);
      const b mi = xsimd::fma(one_minus_beta1, gi - load_n<A, n>(m + i), load_n<A, n>(m + i));  // m.lerp_(g, 1 − β1)
      const b vi = xsimd::fma(beta2, load_n<A, n>(v + i), one_minus_beta2 * gi * gi);
      const b denominator = xsimd::sqrt(vi) / bias_correction2_sqrt + eps;
      store_n<A, n>(m + i, mi);
      store_n<A, n>(v + i, vi);
      store_n<A, n>(p + i, decay * load_n<A, n>(p + i) - step_size * mi / denominator);
    });
  }
};

}  // namespace detail

/// adamw<N>(s, g, p, m, v): for i < N, with the first and second moments m and v kept between steps,
///   p_i ← p_i·(1 − lr·wd);  m_i ← β1·m_i + (1 − β1)·g_i;  v_i ← β2·v_i + (1 − β2)·g_i²;
///   p_i ← p_i − (lr / (1 − β1^t))·m_i / (√v_i / √(1 − β2^t) + eps).
/// Example: `ctgrad::simd::adamw<6000>(step, grad.data(), w.data(), m.data(), v.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::adamw_fn<N, Arch> adamw{};

}  // namespace ctgrad::simd
