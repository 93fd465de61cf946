// libFuzzer target: the checkpoint reader. Arbitrary bytes may be rejected only with checkpoint_error; so
// that the fuzzer also reaches the structure behind the checksum, half of the inputs are applied as edits to
// a valid count checkpoint whose checksum is then recomputed. Whatever the reader accepts must round-trip.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <makemore/makemore.hpp>

namespace mm = ctgrad::makemore;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

std::vector<unsigned char> valid_checkpoint() {
  const std::vector<std::string> words{"emma", "olivia", "ava", "ann-marie", "mia"};
  return mm::count_model::fit(words, mm::vocabulary::from_words(words), 2, 0.5).to_checkpoint().serialize();
}

void read(std::span<const unsigned char> bytes) {
  try {
    const mm::checkpoint ck = mm::checkpoint::parse(bytes, "fuzz.ckpt");
    require(mm::checkpoint::parse(ck.serialize(), "again").serialize() == ck.serialize());
    if (ck.kind() == mm::count_model::kind) {
      const auto model = mm::count_model::from_checkpoint(ck);
      ctgrad::generator gen{1};
      (void)mm::sample_word(model, gen, 64);
      require(model == mm::count_model::from_checkpoint(model.to_checkpoint()));
    }
  } catch (const mm::checkpoint_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    read(std::span<const unsigned char>{data + 1, size - 1});
    return 0;
  }
  // Edits: (offset, xor) byte pairs on a valid checkpoint, optionally cut short; then resealed.
  static const std::vector<unsigned char> base = valid_checkpoint();
  std::vector<unsigned char> bytes = base;
  std::size_t i = 1;
  if (data[0] & 2U) {
    const std::size_t keep = size > 2 ? (static_cast<std::size_t>(data[1]) << 8U | data[2]) % (bytes.size() + 1) : 0;
    bytes.resize(std::max<std::size_t>(keep, 24));
    i = 3;
  }
  for (; i + 2 < size; i += 3) {
    const std::size_t at = (static_cast<std::size_t>(data[i]) << 8U | data[i + 1]) % bytes.size();
    bytes[at] ^= data[i + 2];
  }
  if (bytes.size() >= 4) {
    const std::uint32_t c = mm::crc32(std::span<const unsigned char>{bytes}.first(bytes.size() - 4));
    for (std::size_t k = 0; k < 4; ++k) bytes[bytes.size() - 4 + k] = static_cast<unsigned char>(c >> (8 * k));
  }
  read(bytes);
  return 0;
}
