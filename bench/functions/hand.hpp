// bench/functions/hand.hpp: the hand-written derivatives of bench_functions' workloads (hand.cpp), the baseline
// every other implementation is checked against and timed beside.
//
// Every gradient in bench_functions is a plain non-inlined function, called as an optimizer calls its objective;
// the arrays are the workloads' layouts in workloads.hpp. Jacobians are row-major, one row per residual.
#pragma once

#include "workloads.hpp"

namespace functions {

/// ba_reprojection: residuals[2] and the 2×12 Jacobian (columns: camera[9], then point[3]).
[[gnu::noinline]] void ba_reprojection_hand(const double* camera, const double* point, const double* observed,
                                            double* residuals, double* jacobian);

/// ba_reprojection on eight observations at once, on xsimd batches (8 lanes with AVX-512; 8 / width passes on
/// narrower instruction sets), each lane taking its own branch of the rotation. The arrays hold the eight
/// observations one after the other: cameras[8·9], points[8·3], observed[8·2], residuals[8·2], jacobians[8·24].
[[gnu::noinline]] void ba_reprojection_x8_hand(const double* cameras, const double* points, const double* observed,
                                               double* residuals, double* jacobians);

/// rosenbrock_<N>: returns f(x); gradient[N].
[[gnu::noinline]] double rosenbrock_16_hand(const double* x, double* gradient);
[[gnu::noinline]] double rosenbrock_256_hand(const double* x, double* gradient);

/// gmm_k5_d10: returns ℓ; gradient[105] w.r.t. parameters (μ, α, q); x is data.
[[gnu::noinline]] double gmm_k5_d10_hand(const double* parameters, const double* x, double* gradient);

/// black_scholes_greeks: the closed forms.
[[gnu::noinline]] greeks black_scholes_greeks_hand(const option_contract& option);

}  // namespace functions
