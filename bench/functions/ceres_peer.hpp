// bench/functions/ceres_peer.hpp: bench_functions' workloads differentiated by Ceres Solver's ceres::Jet (forward
// mode, one dual component per parameter, as AutoDiffCostFunction does), implementation `ceres` (ceres_peer.cpp,
// compiled only when Ceres is found). Same arrays and results as hand.hpp.
#pragma once

#include "workloads.hpp"

namespace functions {

[[gnu::noinline]] void ba_reprojection_ceres(const double* camera, const double* point, const double* observed,
                                             double* residuals, double* jacobian);
[[gnu::noinline]] double rosenbrock_16_ceres(const double* x, double* gradient);
[[gnu::noinline]] double rosenbrock_256_ceres(const double* x, double* gradient);
[[gnu::noinline]] double gmm_k5_d10_ceres(const double* parameters, const double* x, double* gradient);
/// gamma by nested Jets: Jet<Jet<double, 1>, 4>, the inner Jet carrying ∂/∂S through the outer's ∂/∂(S, T, r, σ).
[[gnu::noinline]] greeks black_scholes_greeks_ceres(const option_contract& option);

}  // namespace functions
