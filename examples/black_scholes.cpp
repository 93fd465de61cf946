// black_scholes: a European call's price and Greeks (delta, gamma, vega, theta, rho) from one `hessian` call on the
// static graph, next to the textbook closed forms; the same definition (black_scholes.hpp) on the tape gives the
// first-order Greeks again.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <numbers>
#include <string_view>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

#include "black_scholes.hpp"

namespace {

struct contract {
  double spot, strike, maturity, rate, volatility;  // S, K, T (years), r, sigma
};

struct greeks {
  double price, delta, gamma, vega, theta, rho;
};

/// The closed forms, with phi the standard normal density: delta = N(d1), gamma = phi(d1) / (S sigma sqrt T),
/// vega = S phi(d1) sqrt T, theta = -S phi(d1) sigma / (2 sqrt T) - r K e^{-rT} N(d2), rho = K T e^{-rT} N(d2).
greeks closed_form(const contract& c) {
  const auto cdf = [](double x) { return std::erfc(-x / std::numbers::sqrt2) / 2; };
  const double sqrt_t = std::sqrt(c.maturity);
  const double d1 = (std::log(c.spot / c.strike) + (c.rate + c.volatility * c.volatility / 2) * c.maturity) /
                    (c.volatility * sqrt_t);
  const double d2 = d1 - c.volatility * sqrt_t;
  const double density = std::exp(-d1 * d1 / 2) / std::sqrt(2 * std::numbers::pi);
  const double discounted_strike = c.strike * std::exp(-c.rate * c.maturity);
  return {.price = c.spot * cdf(d1) - discounted_strike * cdf(d2),
          .delta = cdf(d1),
          .gamma = density / (c.spot * c.volatility * sqrt_t),
          .vega = c.spot * density * sqrt_t,
          .theta = -c.spot * density * c.volatility / (2 * sqrt_t) - c.rate * discounted_strike * cdf(d2),
          .rho = discounted_strike * c.maturity * cdf(d2)};
}

// The price as one expression: S, T, r, sigma are variables, the strike K is data (bound per call, not differentiated).
constexpr auto price = example::call_price(ctgrad::var<"S">, ctgrad::data<"K">, ctgrad::var<"T">, ctgrad::var<"r">,
                                           ctgrad::var<"sigma">);

/// The position of the variable `label` in the gradient (the order of variables_of: labels sorted).
constexpr std::size_t position(std::string_view label) {
  const auto labels = ctgrad::variables_of(price);
  return static_cast<std::size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
}

/// Price and Greeks by automatic differentiation: one `hessian` call gives the value, the gradient and every second
/// derivative, of which gamma is d2C / dS2.
greeks by_hessian(const contract& c) {
  const auto h = ctgrad::hessian(price, ctgrad::at<"S">(c.spot), ctgrad::at<"K">(c.strike), ctgrad::at<"T">(c.maturity),
                                 ctgrad::at<"r">(c.rate), ctgrad::at<"sigma">(c.volatility));
  return {.price = h.value,
          .delta = h.gradient[position("S")],
          .gamma = h(ctgrad::var<"S">, ctgrad::var<"S">),
          .vega = h.gradient[position("sigma")],
          .theta = -h.gradient[position("T")],
          .rho = h.gradient[position("r")]};
}

/// Price and first-order Greeks on the tape (a first-order tool: no gamma), from the same definition.
greeks on_tape(const contract& c) {
  ctgrad::tape::graph g;
  const ctgrad::tape::value spot = g.leaf(c.spot, "S"), maturity = g.leaf(c.maturity, "T"), rate = g.leaf(c.rate, "r"),
                            volatility = g.leaf(c.volatility, "sigma");
  const ctgrad::tape::value call = example::call_price(spot, c.strike, maturity, rate, volatility);
  call.backward();
  return {.price = call.data(),
          .delta = spot.grad(),
          .gamma = NAN,
          .vega = volatility.grad(),
          .theta = -maturity.grad(),
          .rho = rate.grad()};
}

double relative_difference(double x, double expected) { return std::abs(x - expected) / std::abs(expected); }

}  // namespace

int main() {
  constexpr std::array<contract, 3> contracts{{
      {100.0, 105.0, 0.75, 0.03, 0.25},  // slightly out of the money, nine months
      {120.0, 100.0, 2.0, 0.05, 0.4},    // in the money, two years
      {50.0, 50.0, 0.1, 0.01, 0.15},     // at the money, five weeks
  }};
  double worst = 0;
  for (const contract& c : contracts) {
    const greeks ad = by_hessian(c), exact = closed_form(c), tape = on_tape(c);
    std::printf("call S = %g, K = %g, T = %g, r = %g, sigma = %g\n", c.spot, c.strike, c.maturity, c.rate,
                c.volatility);
    std::printf("  %-6s %22s %22s %10s %22s\n", "", "hessian (static)", "closed form", "rel. diff", "tape");
    const auto row = [&](const char* name, double x, double expected, double taped) {
      const double d = relative_difference(x, expected);
      worst = std::max(worst, d);
      worst = std::max(worst, std::isnan(taped) ? 0.0 : relative_difference(taped, expected));
      if (std::isnan(taped))
        std::printf("  %-6s %22.15g %22.15g %10.2e %22s\n", name, x, expected, d, "(first order only)");
      else std::printf("  %-6s %22.15g %22.15g %10.2e %22.15g\n", name, x, expected, d, taped);
    };
    row("price", ad.price, exact.price, tape.price);
    row("delta", ad.delta, exact.delta, tape.delta);
    row("gamma", ad.gamma, exact.gamma, tape.gamma);
    row("vega", ad.vega, exact.vega, tape.vega);
    row("theta", ad.theta, exact.theta, tape.theta);
    row("rho", ad.rho, exact.rho, tape.rho);
  }
  if (!(worst <= 1e-10)) {
    std::printf("FAILED: largest relative difference from the closed forms %.3e, above 1e-10\n", worst);
    return 1;
  }
  std::printf("every Greek within %.1e of its closed form (relative; limit 1e-10)\n", worst);
  return 0;
}
