// examples/black_scholes.hpp: the Black-Scholes price of a European call, written once for the static graph, the
// tape and numbers.
#pragma once

#include <ctgrad/expr.hpp>

namespace example {

/// C(S, K, T, r, sigma) = S N(d1) - K e^{-rT} N(d2), the price of a European call of strike K and maturity T (years)
/// on a spot S at the rate r and volatility sigma, with N(d) = erfc(-d / sqrt 2) / 2 the normal distribution
/// function, d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt T) and d2 = d1 - sigma sqrt T. Written with
/// e = d / sqrt 2, so that every constant is rational (a literal of the static graph):
///   e1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt(2T)),  e2 = e1 - sigma sqrt(2T) / 2,
///   C = (S erfc(-e1) - K e^{-rT} erfc(-e2)) / 2.
/// Expressions (variables, and the strike as data), tape values or numbers:
///
///     constexpr auto c = example::call_price(var<"S">, data<"K">, var<"T">, var<"r">, var<"sigma">);
///     auto h = ctgrad::hessian(c, at<"S">(100.0), at<"K">(105.0), at<"T">(0.75), at<"r">(0.03), at<"sigma">(0.25));
template <class Spot, class Strike, class Maturity, class Rate, class Volatility>
[[nodiscard]] constexpr auto call_price(Spot const& spot, Strike const& strike, Maturity const& maturity,
                                        Rate const& rate, Volatility const& volatility) {
  using ctgrad::lit, ctgrad::math::erfc, ctgrad::math::exp, ctgrad::math::log, ctgrad::math::sqrt, ctgrad::math::square;
  auto const vol_sqrt_2t = volatility * sqrt(lit<2> * maturity);
  auto const e1 = (log(spot / strike) + (rate + lit<1, 2> * square(volatility)) * maturity) / vol_sqrt_2t;
  auto const e2 = e1 - lit<1, 2> * vol_sqrt_2t;
  return lit<1, 2> * (spot * erfc(-e1) - strike * exp(-rate * maturity) * erfc(-e2));
}

}  // namespace example
