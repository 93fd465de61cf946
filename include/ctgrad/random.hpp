// ctgrad::generator: a small, seedable, reproducible random number generator (xoshiro256**).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

namespace ctgrad {

/// A local random number generator, like `torch.Generator`: its stream depends only on its seed, never on
/// global state, and is the same on every platform and compiler (unlike `std::uniform_real_distribution`).
/// Algorithm: xoshiro256** (Blackman and Vigna), state seeded through splitmix64.
///
///     ctgrad::generator gen{42};
///     double w = gen.uniform(-1.0, 1.0);
///     double z = gen.normal();
class generator {
 public:
  using result_type = std::uint64_t;

  constexpr explicit generator(std::uint64_t seed = 0x2545F4914F6CDD1DULL) noexcept { this->seed(seed); }

  /// Restart the stream as if newly constructed with `s`.
  constexpr void seed(std::uint64_t s) noexcept {
    for (auto& word : state_) {
      // splitmix64: spreads any seed (even 0) over the whole state.
      s += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = s;
      z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31U);
    }
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  /// The next 64 random bits.
  constexpr result_type operator()() noexcept {
    const std::uint64_t result = std::rotl(state_[1] * 5U, 7) * 9U;
    const std::uint64_t t = state_[1] << 17U;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = std::rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), with 53 random bits.
  constexpr double uniform() noexcept { return static_cast<double>((*this)() >> 11U) * 0x1.0p-53; }

  /// Uniform in [lo, hi).
  constexpr double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

  /// A standard normal draw (Box–Muller on two uniforms; the second normal is discarded, so each call consumes
  /// exactly two numbers): `torch.randn`'s distribution, not its stream.
  double normal() noexcept {
    const double u1 = 1.0 - uniform();  // (0, 1]: its log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// Uniform integer in [0, n), n > 0, without modulo bias: draws below the largest multiple of n are kept.
  constexpr std::uint64_t below(std::uint64_t n) noexcept {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const std::uint64_t r = (*this)();
      if (r >= threshold) return r % n;
    }
  }

 private:
  std::uint64_t state_[4]{};
};

}  // namespace ctgrad
