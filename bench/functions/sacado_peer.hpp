// bench/functions/sacado_peer.hpp: bench_functions' workloads differentiated by Trilinos Sacado's static forward
// mode (expression templates, one derivative per parameter, sized at compile time), implementation `sacado`
// (sacado_peer.cpp, compiled only when Sacado's headers are found). Same arrays and results as hand.hpp.
#pragma once

#include "workloads.hpp"

namespace functions {

[[gnu::noinline]] void ba_reprojection_sacado(const double* camera, const double* point, const double* observed,
                                              double* residuals, double* jacobian);
[[gnu::noinline]] double rosenbrock_16_sacado(const double* x, double* gradient);
[[gnu::noinline]] double rosenbrock_256_sacado(const double* x, double* gradient);
[[gnu::noinline]] double gmm_k5_d10_sacado(const double* parameters, const double* x, double* gradient);
/// gamma by nested Fads: SFad<SFad<double, 1>, 4>, the inner one carrying ∂/∂S through the outer's ∂/∂(S, T, r, σ).
[[gnu::noinline]] greeks black_scholes_greeks_sacado(const option_contract& option);

}  // namespace functions
