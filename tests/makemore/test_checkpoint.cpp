// Checkpoints: the format round-trips, save -> load keeps losses and samples, and every damaged or
// mismatched file is a clear error; a failed save leaves the existing file alone.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <makemore/checkpoint.hpp>
#include <makemore/count_model.hpp>
#include <ctgrad/random.hpp>

#include "makemore_test_support.hpp"

using namespace ctgrad::makemore;
using Catch::Matchers::Contains;
using bytes_t = std::vector<unsigned char>;

namespace {

checkpoint sample_checkpoint() {
  checkpoint ck{"mlp"};
  const std::vector<float> w{1.5F, -2.25F, 3.0F, 0.1F, -0.0F, 1e-30F};
  const std::vector<double> b{0.125, -1e300};
  const std::vector<std::int64_t> ids{-1, 0, INT64_MAX, INT64_MIN};
  ck.add("W1", std::span<const float>{w}, {2, 3});
  ck.add("b1", std::span<const double>{b}, {2});
  ck.add("ids", std::span<const std::int64_t>{ids}, {4});
  ck.add_text("vocabulary", "abc");
  ck.add_scalar("learning_rate", 0.1);
  ck.add_integer("block_size", 3);
  return ck;
}

std::string error_of(std::span<const unsigned char> bytes) {
  try {
    (void)checkpoint::parse(bytes, "model.ckpt");
  } catch (const checkpoint_error& e) {
    return e.what();
  }
  return "(no error)";
}

// Rewrites the checksum after a deliberate edit, so that the edit itself is what the reader meets.
void reseal(bytes_t& bytes) {
  const std::uint32_t c = crc32(std::span<const unsigned char>{bytes}.first(bytes.size() - 4));
  for (std::size_t k = 0; k < 4; ++k) bytes[bytes.size() - 4 + k] = static_cast<unsigned char>(c >> (8 * k));
}

const std::vector<std::string> names{"emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia"};

}  // namespace

TEST_CASE("checkpoint: CRC-32 is zlib's", "[makemore][checkpoint]") {
  const std::string check = "123456789";
  CHECK(crc32(std::span<const unsigned char>{reinterpret_cast<const unsigned char*>(check.data()), check.size()}) ==
        0xCBF43926U);
  CHECK(crc32({}) == 0U);
}

TEST_CASE("checkpoint: a file written before the checksum came from zlib reads, and is written again byte for byte", "[makemore][checkpoint]") {
  // makemore bigram --data ab.txt --save old.ckpt (ab.txt: "ab", "ba"), by the tool of commit 9a9f7ed, whose CRC-32
  // was its own table
  const bytes_t old{
    0x89, 0x43, 0x54, 0x47, 0x52, 0x41, 0x44, 0x0a, 0x01, 0x00, 0x00, 0x00, 0xfd, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x05, 0x00, 0x00,
    0x00, 0x0a, 0x00, 0x00, 0x00, 0x76, 0x6f, 0x63, 0x61, 0x62, 0x75, 0x6c, 0x61, 0x72, 0x79, 0x04,
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x62, 0x07, 0x00, 0x00, 0x00, 0x63,
    0x6f, 0x6e, 0x74, 0x65, 0x78, 0x74, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x09, 0x00, 0x00, 0x00, 0x73, 0x6d, 0x6f, 0x6f, 0x74, 0x68, 0x69, 0x6e, 0x67, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f, 0x08, 0x00, 0x00, 0x00, 0x63, 0x6f, 0x6e, 0x74, 0x65,
    0x78, 0x74, 0x73, 0x03, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x73, 0x03,
    0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0xb6, 0x4b, 0x25,
  };
  const checkpoint ck = checkpoint::parse(old, "old.ckpt");
  CHECK(ck.serialize() == old);
  const count_model model = count_model::from_checkpoint(ck);
  CHECK(model.vocab().characters() == "ab");
  CHECK(model.context_length() == 1);
  CHECK(nll(model, std::vector<std::string>{"ab", "ba"}) == Approx(0.9163).margin(1e-4));  // as the tool reported
}

TEST_CASE("checkpoint: every section type round-trips bit for bit", "[makemore][checkpoint]") {
  const checkpoint ck = sample_checkpoint();
  const bytes_t bytes = ck.serialize();
  CHECK(std::equal(checkpoint::magic.begin(), checkpoint::magic.end(), bytes.begin()));
  const checkpoint back = checkpoint::parse(bytes, "memory");
  CHECK(back.kind() == "mlp");
  CHECK(back.source() == "memory");
  CHECK(back.names() == std::vector<std::string>{"W1", "b1", "ids", "vocabulary", "learning_rate", "block_size"});
  const auto w = back.f32("W1", {2, 3});
  CHECK(std::vector<float>(w.begin(), w.end()) == std::vector<float>{1.5F, -2.25F, 3.0F, 0.1F, -0.0F, 1e-30F});
  CHECK(std::signbit(w[4]));
  const auto b = back.f64("b1");
  CHECK(std::vector<double>(b.begin(), b.end()) == std::vector<double>{0.125, -1e300});
  const auto ids = back.i64("ids", {4});
  CHECK(std::vector<std::int64_t>(ids.begin(), ids.end()) == std::vector<std::int64_t>{-1, 0, INT64_MAX, INT64_MIN});
  CHECK(back.text("vocabulary") == "abc");
  CHECK(back.scalar("learning_rate") == 0.1);
  CHECK(back.integer("block_size") == 3);
  CHECK(back.type("W1") == element_type::f32);
  CHECK(back.shape("W1") == std::vector<std::uint64_t>{2, 3});
  CHECK(back.serialize() == bytes);  // canonical
}

TEST_CASE("checkpoint: reading the wrong type, shape or name is a clear error", "[makemore][checkpoint]") {
  const checkpoint ck = checkpoint::parse(sample_checkpoint().serialize(), "model.ckpt");
  CHECK_THROWS_WITH(ck.f64("W1"), Contains("model.ckpt: section 'W1' holds f32, expected f64"));
  CHECK_THROWS_WITH(ck.f32("W1", {3, 2}), Contains("model.ckpt: section 'W1' has shape [2, 3], expected [3, 2]"));
  CHECK_THROWS_WITH(ck.f32("W2"), Contains("model.ckpt: this 'mlp' checkpoint has no section 'W2'"));
  CHECK_THROWS_WITH(ck.integer("ids"), Contains("expected [] (a scalar)"));

  checkpoint bad{"x"};
  const std::vector<double> three{1, 2, 3};
  CHECK_THROWS_WITH(bad.add("a", std::span<const double>{three}, {2, 2}), Contains("holds 4 elements, given 3"));
  bad.add_scalar("a", 1.0);
  CHECK_THROWS_WITH(bad.add_scalar("a", 2.0), Contains("added twice"));
  CHECK_THROWS_AS(bad.add_scalar("has space", 1.0), std::invalid_argument);
  CHECK_THROWS_AS(checkpoint{""}, std::invalid_argument);
}

TEST_CASE("checkpoint: a count model saved and loaded gives identical losses and samples", "[makemore][checkpoint]") {
  const makemore_test::scratch_dir dir;
  for (const std::size_t n : {1U, 3U}) {
    const auto model = count_model::fit(names, vocabulary::from_words(names), n, 0.25);
    save_checkpoint(model.to_checkpoint(), dir / "model.ckpt");
    const auto loaded = count_model::from_checkpoint(load_checkpoint(dir / "model.ckpt", "count"));
    CHECK(loaded == model);
    CHECK(loaded.context_length() == n);
    CHECK(loaded.smoothing() == 0.25);
    CHECK(nll(loaded, names) == nll(model, names));  // exactly
    ctgrad::generator a{99};
    ctgrad::generator b{99};
    CHECK(sample_words(loaded, a, 25) == sample_words(model, b, 25));
  }
  CHECK(dir.entries() == 1);  // no temporary left behind
}

TEST_CASE("checkpoint: every truncation is reported as truncated", "[makemore][checkpoint]") {
  const bytes_t bytes = count_model::fit(names, vocabulary::from_words(names)).to_checkpoint().serialize();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    INFO("first " << n << " of " << bytes.size() << " bytes");
    CHECK_THAT(error_of(std::span<const unsigned char>{bytes}.first(n)), Contains("model.ckpt: truncated"));
  }
  const makemore_test::scratch_dir dir;
  makemore_test::write_file(dir / "cut.ckpt", std::string(bytes.begin(), bytes.begin() + 100));
  CHECK_THROWS_WITH(load_checkpoint(dir / "cut.ckpt"),
                    Contains((dir / "cut.ckpt").string() + ": truncated: 100 of " + std::to_string(bytes.size()) + " bytes"));
}

TEST_CASE("checkpoint: any changed byte is detected", "[makemore][checkpoint]") {
  const bytes_t good = sample_checkpoint().serialize();
  for (std::size_t i = 0; i < good.size(); ++i) {
    bytes_t bad = good;
    bad[i] ^= 0x10U;
    INFO("byte " << i);
    const std::string e = error_of(bad);
    CHECK_THAT(e, Contains("model.ckpt: "));
    if (i < 8) CHECK_THAT(e, Contains("not a ctgrad checkpoint"));
    if (i >= 8 && i < 12) CHECK_THAT(e, Contains("format version"));
    if (i >= 20) CHECK_THAT(e, Contains("corrupt: checksum mismatch"));
  }
  bytes_t longer = good;
  longer.push_back(0);
  CHECK_THAT(error_of(longer), Contains("corrupt: the header says"));
  const std::string text = "emma\nolivia\n";
  CHECK_THAT(error_of(std::span<const unsigned char>{reinterpret_cast<const unsigned char*>(text.data()), text.size()}),
             Contains("not a ctgrad checkpoint"));
}

TEST_CASE("checkpoint: another format version or model kind is a clear error", "[makemore][checkpoint]") {
  bytes_t newer = sample_checkpoint().serialize();
  newer[8] = 2;  // version 2
  reseal(newer);
  CHECK_THAT(error_of(newer), Contains("model.ckpt: checkpoint format version 2 is not supported (this build reads version 1)"));

  const makemore_test::scratch_dir dir;
  save_checkpoint(sample_checkpoint(), dir / "mlp.ckpt");
  CHECK_THROWS_WITH(load_checkpoint(dir / "mlp.ckpt", "count"),
                    Contains((dir / "mlp.ckpt").string() + ": holds a 'mlp' model, expected a 'count' model"));
  CHECK_THROWS_WITH(count_model::from_checkpoint(load_checkpoint(dir / "mlp.ckpt")), Contains("expected a 'count' model"));
  CHECK_THROWS_WITH(load_checkpoint(dir / "absent.ckpt"), Contains("absent.ckpt: cannot open"));
  CHECK_THROWS_WITH(load_checkpoint(dir.path()), Contains("is a directory"));
}

TEST_CASE("checkpoint: a count checkpoint with inconsistent contents is rejected", "[makemore][checkpoint]") {
  const auto vocab = vocabulary::from_words(names);
  const auto good = count_model::fit(names, vocab).to_checkpoint();
  const auto ids = good.i64("contexts");
  const auto counts = good.i64("counts");
  const std::uint64_t rows = ids.size();
  const std::uint64_t v = vocab.size();
  // a count checkpoint built from parts, with one part replaced
  const auto build = [&](std::string vocabulary_text, std::int64_t context, std::vector<std::int64_t> id_values,
                         std::vector<std::int64_t> count_values, std::vector<std::uint64_t> count_shape) {
    checkpoint ck{"count", "bad.ckpt"};
    ck.add_text("vocabulary", vocabulary_text);
    ck.add_integer("context", context);
    ck.add_scalar("smoothing", 1.0);
    ck.add("contexts", std::span<const std::int64_t>{id_values}, {id_values.size()});
    ck.add("counts", std::span<const std::int64_t>{count_values}, std::move(count_shape));
    return ck;
  };
  const std::vector<std::int64_t> id_vec(ids.begin(), ids.end());
  const std::vector<std::int64_t> count_vec(counts.begin(), counts.end());
  CHECK_NOTHROW(count_model::from_checkpoint(build(std::string{vocab.characters()}, 1, id_vec, count_vec, {rows, v})));
  CHECK_THROWS_WITH(count_model::from_checkpoint(build("abc", 1, id_vec, count_vec, {rows, v})),
                    Contains("bad.ckpt: section 'counts' has shape"));
  CHECK_THROWS_WITH(count_model::from_checkpoint(build("a.c", 1, id_vec, count_vec, {rows, v})), Contains("bad.ckpt: vocabulary"));
  CHECK_THROWS_WITH(count_model::from_checkpoint(build(std::string{vocab.characters()}, -1, id_vec, count_vec, {rows, v})),
                    Contains("bad.ckpt: context length -1 is out of range"));
  auto reversed = id_vec;
  std::swap(reversed.front(), reversed.back());
  CHECK_THROWS_WITH(count_model::from_checkpoint(build(std::string{vocab.characters()}, 1, reversed, count_vec, {rows, v})),
                    Contains("not ascending"));
  auto negative = count_vec;
  negative[3] = -5;
  CHECK_THROWS_WITH(count_model::from_checkpoint(build(std::string{vocab.characters()}, 1, id_vec, negative, {rows, v})),
                    Contains("a count is out of range: -5"));
}

TEST_CASE("checkpoint: a failed save never clobbers the existing file", "[makemore][checkpoint]") {
  const makemore_test::scratch_dir dir;
  const auto path = dir / "model.ckpt";
  save_checkpoint(sample_checkpoint(), path);
  const std::string before = makemore_test::read_file(path);

  // the writer fails half-way: the old file stays, byte for byte, and no temporary is left
  CHECK_THROWS_WITH(write_file_atomically(path,
                                          [](std::ostream& out) {
                                            out << "half a checkpoint";
                                            throw std::runtime_error{"disk on fire"};
                                          }),
                    Contains("disk on fire"));
  CHECK(makemore_test::read_file(path) == before);
  CHECK(dir.entries() == 1);
  CHECK_NOTHROW(load_checkpoint(path, "mlp"));

  // a save that cannot happen at all
  CHECK_THROWS_WITH(save_checkpoint(sample_checkpoint(), dir / "no" / "such" / "dir" / "m.ckpt"), Contains("does not exist"));
  std::filesystem::create_directory(dir / "taken");
  CHECK_THROWS_WITH(save_checkpoint(sample_checkpoint(), dir / "taken"), Contains("it is a directory"));
  CHECK(std::filesystem::is_directory(dir / "taken"));
  CHECK(dir.entries() == 2);

  // a successful save replaces the file whole
  const auto other = count_model::fit(names, vocabulary::from_words(names)).to_checkpoint();
  save_checkpoint(other, path);
  CHECK(load_checkpoint(path).kind() == "count");
  CHECK(dir.entries() == 2);
}

TEST_CASE("checkpoint: a save removes the temporaries a killed save left, and only those", "[makemore][checkpoint]") {
  const makemore_test::scratch_dir dir;
  const auto path = dir / "model.ckpt";
  for (const char* leaf : {".model.ckpt.tmp-0123abcd", ".model.ckpt.tmp-ffffffff", ".other.ckpt.tmp-0123abcd", ".model.ckpt.tmp-keep"}) {
    makemore_test::write_file(dir / leaf, "half");
  }
  save_checkpoint(sample_checkpoint(), path);
  CHECK(std::filesystem::exists(path));
  CHECK(!std::filesystem::exists(dir / ".model.ckpt.tmp-0123abcd"));
  CHECK(!std::filesystem::exists(dir / ".model.ckpt.tmp-ffffffff"));
  CHECK(std::filesystem::exists(dir / ".other.ckpt.tmp-0123abcd"));  // another file's
  CHECK(std::filesystem::exists(dir / ".model.ckpt.tmp-keep"));      // not a name a save makes
  CHECK(dir.entries() == 3);
}

TEST_CASE("checkpoint: SIGINT or SIGTERM during a save removes its temporary file", "[makemore][checkpoint]") {
  for (const int signal : {SIGINT, SIGTERM}) {
    const makemore_test::scratch_dir dir;
    const auto path = dir / "model.ckpt";
    save_checkpoint(sample_checkpoint(), path);
    const std::string before = makemore_test::read_file(path);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // the child dies of the signal half-way through writing
      write_file_atomically(path, [&](std::ostream& out) {
        out << "half a checkpoint";
        out.flush();
        std::raise(signal);
      });
      std::_Exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal);
    CHECK(makemore_test::read_file(path) == before);
    CHECK(dir.entries() == 1);  // no temporary left
  }
}
