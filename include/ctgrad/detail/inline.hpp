// CTGRAD_INLINE: forces a function inline (GCC and clang). Private header: not part of the public API.
#pragma once

// What a static gradient runs (grad, the sweep, the op rules) is forced inline, so the whole gradient
// compiles to straight-line code inside the caller, like a hand-written derivative. Left to their own
// size estimate, made before the slot code simplifies, compilers keep `grad` as an out-of-line call.
#define CTGRAD_INLINE [[gnu::always_inline]] inline
