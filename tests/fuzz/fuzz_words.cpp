// libFuzzer target: the words loader on arbitrary bytes. It may reject them only with data_error, and what it
// accepts must keep the loader's promises (non-empty words of admitted characters) and feed a count model.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <makemore/makemore.hpp>

namespace mm = ctgrad::makemore;

namespace {

void require(bool ok) {
  if (!ok) std::abort();  // a broken promise: libFuzzer reports it as a crash with the input
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the policy, the rest is the file.
  static const mm::vocabulary_policy policies[] = {
      mm::vocabulary_policy{}, mm::vocabulary_policy::english_first_names(),
      mm::vocabulary_policy::parse("!--/-~")};  // every printable character but space and '.'
  const mm::vocabulary_policy& policy = policies[data[0] % 3];
  const std::string_view text{reinterpret_cast<const char*>(data + 1), size - 1};
  try {
    const auto words = mm::parse_words(text, "fuzz.txt", policy);
    require(!words.empty());
    for (const auto& w : words) {
      require(!w.empty());
      for (const char c : w) require(policy.admits(c));
    }
    const auto vocab = mm::vocabulary::from_words(words);
    const auto model = mm::count_model::fit(words, vocab, 1 + data[0] % 3, 1.0);
    require(std::isfinite(mm::nll(model, words)));
  } catch (const mm::data_error& e) {
    require(e.line() <= size);  // a line that exists (0: the whole file)
  }
  return 0;
}
