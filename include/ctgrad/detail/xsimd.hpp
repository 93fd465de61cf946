// ctgrad/detail/xsimd.hpp (private): includes xsimd for ctgrad's headers, with one known compiler quirk handled.
#pragma once

// GCC 12 reports a false -W(maybe-)uninitialized inside its own AVX-512 intrinsics (the undefined
// pass-through operand of _mm512_extractf64x4_pd, used by xsimd::hadd) wherever they are inlined. GCC checks the pragma state
// at the warning's location, inside the intrinsics header, so including the headers under this pragma
// silences exactly that report and nothing in ctgrad's or a user's code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop
#else
#include <xsimd/xsimd.hpp>
#endif
