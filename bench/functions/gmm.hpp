// bench/functions/gmm.hpp: gmm_k5_d10's Gaussian-mixture log-likelihood written once, in the style of the example
// headers (examples/*.hpp), for ctgrad's static graph and tape (bench_functions' `static` and `tape` rows).
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

#include <ctgrad/expr.hpp>

#include "workloads.hpp"

namespace functions::generic {

/// l = logsumexp_k(alpha_k + sum_d q_kd - 1/2 sum_d (exp(q_kd) (x_d - mu_kd))^2) - logsumexp_k(alpha_k) - (D/2) log 2
/// pi, the log-likelihood of the point x (D) under K Gaussians with diagonal covariances in ADBench's parametrisation
/// (workloads.hpp): means mu (K x D, row k component k), log weights alpha (K), log inverse scales q (K x D).
/// `v[idx<i>]` names element i: vector variables and vector data (an expression results), or arrays of tape values
/// or numbers. The constant (D/2) log 2 pi, not rational, is a plain double: in the static graph a runtime constant,
/// harmless at the root, which no other node lies above.
///
///     constexpr auto l = gmm_log_likelihood<5, 10>(var<"mu", 50>, var<"alpha", 5>, var<"q", 50>, data<"x", 10>);
template <std::size_t K, std::size_t D, class Mu, class Alpha, class Q, class X>
[[nodiscard]] constexpr auto gmm_log_likelihood(Mu const& mu, Alpha const& alpha, Q const& q, X const& x) {
  using ctgrad::idx, ctgrad::math::exp, ctgrad::math::square;
  auto const component = [&](auto k) {
    constexpr std::size_t row = decltype(k)::value * D;
    auto const sum_q = ctgrad::sum<D>([&](auto d) { return q[idx<row + decltype(d)::value>]; });
    auto const squares = ctgrad::sum<D>([&](auto d) {
      constexpr std::size_t i = row + decltype(d)::value;
      return square(exp(q[idx<i>]) * (x[d] - mu[idx<i>]));
    });
    return alpha[k] + sum_q - ctgrad::lit<1, 2> * squares;
  };
  // Each beta_k once: logsumexp reads its terms twice (for the largest, then the sum), which the static graph
  // shares but the tape would record twice.
  auto const beta = [&]<std::size_t... k>(std::index_sequence<k...>) {
    return std::tuple{component(idx<k>)...};
  }(std::make_index_sequence<K>{});
  return ctgrad::logsumexp<K>([&](auto k) { return std::get<decltype(k)::value>(beta); }) -
         ctgrad::logsumexp<K>([&](auto k) { return alpha[k]; }) - static_cast<double>(D) * half_log_two_pi;
}

}  // namespace functions::generic
