// bench/functions/adolc_peer.hpp: bench_functions' workloads differentiated by ADOL-C (operator-overloading tape),
// implementation `adolc` (adolc_peer.cpp, compiled only when ADOL-C is found). Same arrays and results as hand.hpp.
//
// ADOL-C's fast use: record a workload's tape once (`*_adolc_record`, outside the timed loop), then evaluate its
// derivatives at each point by the tape's forward and reverse sweeps (the functions without `_record`). The data
// (observations, x, K) are tape parameters, set per call, so one tape serves every input; the rotation's
// small-angle branch is recorded with condassign, so one tape serves both branches too. On functions this small
// most of ADOL-C's time is the drivers' fixed cost per sweep, not the tape's arithmetic: perf puts ~70% of it in
// TapeInfos::copy, run as each driver call opens and releases the tape.
#pragma once

#include "workloads.hpp"

namespace functions {

/// Records the tape of ba_reprojection (both branches of the rotation; any observation will do).
void ba_reprojection_adolc_record(const double* camera, const double* point, const double* observed);
/// residuals and Jacobian from the tape: zero-order forward sweep, then a vector reverse sweep with both rows.
[[gnu::noinline]] void ba_reprojection_adolc(const double* camera, const double* point, const double* observed,
                                             double* residuals, double* jacobian);

void rosenbrock_16_adolc_record(const double* x);
void rosenbrock_256_adolc_record(const double* x);
/// f and gradient from the tape: zero-order forward, first-order reverse (what ADOL-C's gradient() runs).
[[gnu::noinline]] double rosenbrock_16_adolc(const double* x, double* gradient);
[[gnu::noinline]] double rosenbrock_256_adolc(const double* x, double* gradient);

void gmm_k5_d10_adolc_record(const double* parameters, const double* x);
[[gnu::noinline]] double gmm_k5_d10_adolc(const double* parameters, const double* x, double* gradient);

void black_scholes_greeks_adolc_record(const option_contract& option);
/// price, gradient and gamma from one second-order sweep pair: hos_forward in the direction of S (keeping the
/// Taylor coefficients), then hos_reverse, whose second column is the Hessian times that direction.
[[gnu::noinline]] greeks black_scholes_greeks_adolc(const option_contract& option);

}  // namespace functions
