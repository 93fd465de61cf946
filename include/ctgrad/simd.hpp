// ctgrad/simd.hpp: the SIMD kernel layer, in one include: vector, matrix, activation, loss and embedding
// kernels of compile-time shape, and their scalar references.
#pragma once

#include <ctgrad/simd/activation.hpp>
#include <ctgrad/simd/adamw.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/cross_entropy.hpp>
#include <ctgrad/simd/dot.hpp>
#include <ctgrad/simd/element.hpp>
#include <ctgrad/simd/embedding.hpp>
#include <ctgrad/simd/gemm.hpp>
#include <ctgrad/simd/gemv.hpp>
#include <ctgrad/simd/ger.hpp>
#include <ctgrad/simd/reference.hpp>
