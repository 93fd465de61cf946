// ctgrad::nn::adamw: the AdamW optimizer (makemore's: β 0.9 and 0.99, eps 1e-8, weight decay 0.01), its moments
// kept for a block of N parameters, its update on ctgrad::simd::adamw.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include <ctgrad/simd/adamw.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {

/// AdamW's hyper-parameters; the defaults are makemore's (`torch.optim.AdamW(..., lr=5e-4, weight_decay=0.01,
/// betas=(0.9, 0.99), eps=1e-8)`).
struct adamw_options {
  double learning_rate = 5e-4;
  double beta1 = 0.9;
  double beta2 = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.01;
};

/// AdamW for N parameters of type T: the first and second moments (allocated once, here) and the step count.
/// `step(p, g)` updates the parameters from their gradient; a trainer's `step(xs, ys, opt)` calls it.
template <simd::Element T, std::size_t N>
class adamw {
 public:
  explicit adamw(adamw_options const& options = {}) : options_{options}, m_(N, T(0)), v_(N, T(0)) {}

  /// One update of `p` from its gradient `g` (step t = steps() + 1). Allocates nothing.
  void step(std::span<T, N> p, std::span<T const, N> g) noexcept {
    ++t_;
    const double t = static_cast<double>(t_);
    const simd::adamw_step<T> s{static_cast<T>(options_.learning_rate),
                                static_cast<T>(options_.beta1),
                                static_cast<T>(options_.beta2),
                                static_cast<T>(options_.eps),
                                static_cast<T>(options_.weight_decay),
                                static_cast<T>(1 - std::pow(options_.beta1, t)),
                                static_cast<T>(1 - std::pow(options_.beta2, t))};
    simd::adamw<N>(s, g.data(), p.data(), m_.data(), v_.data());
  }

  /// The learning rate of the steps from now on (a schedule's).
  void learning_rate(double lr) noexcept { options_.learning_rate = lr; }

  [[nodiscard]] std::size_t steps() const noexcept { return t_; }
  [[nodiscard]] adamw_options const& options() const noexcept { return options_; }

 private:
  adamw_options options_;
  simd::aligned_vector<T> m_, v_;
  std::size_t t_ = 0;
};

}  // namespace ctgrad::nn
