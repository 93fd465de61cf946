// The words loader (line ends, BOM, blanks, the vocabulary policy, non-text, empty sets) and the vocabulary.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <makemore/vocabulary.hpp>
#include <makemore/words.hpp>

#include "makemore_test_support.hpp"

using namespace ctgrad::makemore;
using Catch::Matchers::Contains;
using words_t = std::vector<std::string>;

namespace {

// The data_error that parsing `text` throws (a test fails if none is thrown).
data_error parse_error(std::string_view text, const vocabulary_policy& policy = {}) {
  try {
    (void)parse_words(text, "words.txt", policy);
  } catch (const data_error& e) {
    return e;
  }
  FAIL("parse_words accepted a bad text");
  return data_error{"", 0, ""};
}

}  // namespace

TEST_CASE("words: CRLF, a byte-order mark, surrounding blanks and empty lines are handled", "[makemore][words]") {
  CHECK(parse_words("emma\nolivia\nava\n", "t") == words_t{"emma", "olivia", "ava"});
  CHECK(parse_words("emma\r\nolivia\r\nava\r\n", "t") == words_t{"emma", "olivia", "ava"});
  CHECK(parse_words("emma\r\nolivia", "t") == words_t{"emma", "olivia"});  // no final line end
  CHECK(parse_words("\xEF\xBB\xBF" "emma\nava\n", "t") == words_t{"emma", "ava"});
  CHECK(parse_words("  emma \t\n\tolivia\r\n", "t") == words_t{"emma", "olivia"});
  CHECK(parse_words("\n\nemma\n   \n\r\n\t\nava\n\n", "t") == words_t{"emma", "ava"});
  CHECK(parse_words("\xEF\xBB\xBF\r\n  emma \r\n\r\n", "t") == words_t{"emma"});
}

TEST_CASE("words: a character outside the policy names the file, the line and the character", "[makemore][words]") {
  const data_error e = parse_error("emma\n\nol1via\n");
  CHECK(e.file() == "words.txt");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Contains("words.txt:3:") && Contains("'1'") && Contains("ol1via") && Contains("a-z"));

  CHECK_THAT(parse_error("emma\nAva\n").what(), Contains("words.txt:2:") && Contains("'A'"));
  CHECK_THAT(parse_error("mary ann\n").what(), Contains("words.txt:1:") && Contains("a space"));
  CHECK_THAT(parse_error("a.b\n").what(), Contains("'.'"));  // '.' is the start/end marker
  // valid UTF-8 outside ASCII: named by its code point
  CHECK_THAT(parse_error("emma\nzo\xC3\xAB\n").what(), Contains("words.txt:2:") && Contains("U+00EB"));
  // a byte-order mark anywhere but at the start is a character like any other
  CHECK_THAT(parse_error("emma\n\xEF\xBB\xBF" "ava\n").what(), Contains("words.txt:2:") && Contains("U+FEFF"));
}

TEST_CASE("words: non-text (NUL bytes, invalid UTF-8, control characters) is an error with file:line", "[makemore][words]") {
  using namespace std::string_view_literals;
  const data_error nul = parse_error("emma\nav\0a\n"sv);
  CHECK(nul.line() == 2);
  CHECK_THAT(nul.what(), Contains("words.txt:2:") && Contains("NUL byte") && Contains("not a text file"));
  CHECK_THAT(parse_error("\0\0\0\0"sv).what(), Contains("words.txt:1:") && Contains("NUL"));

  CHECK_THAT(parse_error("emma\n\xFF\xFE" "a\n").what(), Contains("words.txt:2:") && Contains("invalid UTF-8") && Contains("0xFF"));
  CHECK_THAT(parse_error("\xC3\n").what(), Contains("invalid UTF-8"));                  // cut-off sequence
  CHECK_THAT(parse_error("\xC0\xAF\n").what(), Contains("invalid UTF-8"));              // overlong '/'
  CHECK_THAT(parse_error("\xED\xA0\x80\n").what(), Contains("invalid UTF-8"));          // surrogate
  CHECK_THAT(parse_error("\x89PNG\r\n\x1a\n").what(), Contains("words.txt:1:") && Contains("invalid UTF-8"));
  CHECK_THAT(parse_error("em\x01ma\n").what(), Contains("control character U+0001"));
  CHECK_THAT(parse_error("em\rma\n").what(), Contains("control character U+000D"));  // a lone CR inside a word
}

TEST_CASE("words: an empty set is an error naming the file", "[makemore][words]") {
  for (const std::string_view text : {"", "\n", "  \r\n\t\n\n", "\xEF\xBB\xBF"}) {
    const data_error e = parse_error(text);
    CHECK(e.line() == 0);
    CHECK_THAT(e.what(), Contains("words.txt: no words"));
  }
}

TEST_CASE("words: the policy folds case and admits the characters it lists", "[makemore][words]") {
  const auto names = vocabulary_policy::english_first_names();
  CHECK(names.fold_case);
  CHECK(names.allowed == "-abcdefghijklmnopqrstuvwxyz");
  CHECK(names.describe() == "a-z-, case folded");
  CHECK(parse_words("Ann-Marie\nJO\n", "t", names) == words_t{"ann-marie", "jo"});
  CHECK_THAT(parse_error("O'Brien\n", names).what(), Contains("'''") && Contains("a-z-, case folded"));

  const auto apostrophe = vocabulary_policy::parse("a-z'-");
  CHECK(apostrophe.describe() == "'a-z-");
  CHECK(parse_words("o'brien\nann-marie\n", "t", apostrophe) == words_t{"o'brien", "ann-marie"});
  CHECK(vocabulary_policy::parse("-a-c").allowed == "-abc");
  CHECK(vocabulary_policy::parse("cab").describe() == "a-c");
  CHECK(vocabulary_policy::parse("ab").describe() == "ab");
  CHECK(vocabulary_policy{}.describe() == "a-z");

  CHECK_THROWS_WITH(vocabulary_policy::parse("z-a"), Contains("reversed range"));
  CHECK_THROWS_WITH(vocabulary_policy::parse(""), Contains("empty"));
  CHECK_THROWS_WITH(vocabulary_policy::parse("a-z."), Contains("'.'"));
  CHECK_THROWS_WITH(vocabulary_policy::parse("a z"), Contains("U+0020"));
}

TEST_CASE("words: files are read byte for byte; a missing file or a directory is a clear error", "[makemore][words]") {
  const makemore_test::scratch_dir dir;
  makemore_test::write_file(dir / "crlf.txt", "\xEF\xBB\xBF" "emma\r\n\r\n olivia \r\n");
  CHECK(load_words(dir / "crlf.txt") == words_t{"emma", "olivia"});

  makemore_test::write_file(dir / "bad.txt", "emma\nolivia\nava\nisab3lla\n");
  CHECK_THROWS_WITH(load_words(dir / "bad.txt"), Contains((dir / "bad.txt").string() + ":4:") && Contains("'3'"));

  CHECK_THROWS_WITH(load_words(dir / "missing.txt"),
                    Contains((dir / "missing.txt").string() + ": cannot open") && Contains("No such file"));
  CHECK_THROWS_WITH(load_words(dir.path()), Contains("is a directory"));
  makemore_test::write_file(dir / "empty.txt", "");
  CHECK_THROWS_WITH(load_words(dir / "empty.txt"), Contains((dir / "empty.txt").string() + ": no words"));
}

TEST_CASE("words: unique_words keeps the first occurrence of each word, in order", "[makemore][words]") {
  const words_t words{"ava", "emma", "ava", "zoe", "emma", "al"};
  CHECK(unique_words(words) == words_t{"ava", "emma", "zoe", "al"});
}

TEST_CASE("vocabulary: '.' is token 0, then the data's characters sorted", "[makemore][vocabulary]") {
  const words_t words{"emma", "zoe", "bob"};
  const auto vocab = vocabulary::from_words(words);
  CHECK(vocab.size() == 7);  // . a b e m o z
  CHECK(vocab.characters() == "abemoz");
  CHECK(vocab.index('.') == 0);
  CHECK(vocab.index('a') == 1);
  CHECK(vocab.index('z') == 6);
  CHECK(vocab.index('q') == -1);
  CHECK(vocab.character(0) == '.');
  CHECK(vocab.character(3) == 'e');
  CHECK(vocab.encode("zoe") == std::vector<token>{6, 5, 3});
  CHECK(vocab.decode(std::vector<token>{0, 6, 5, 3, 0}) == "zoe");
  CHECK_THROWS_WITH(vocab.encode("zoey"), Contains("\"zoey\"") && Contains("'y'"));
  CHECK_THROWS_WITH(vocab.encode("a.b"), Contains("'.'"));
  CHECK_THROWS_AS(vocabulary{""}, std::invalid_argument);
  CHECK_THROWS_AS(vocabulary{"ab\n"}, std::invalid_argument);
  CHECK(vocabulary{"cba"} == vocabulary{"abcabc"});
}

TEST_CASE("vocabulary: makemore's names.txt gives 27 tokens and 32,033 words", "[makemore][vocabulary][names]") {
  if (!makemore_test::have_names_txt()) {
    WARN("skipped: " << makemore_test::names_txt() << " is not there");
    return;
  }
  const auto words = load_words(makemore_test::names_txt());
  CHECK(words.size() == 32033);
  CHECK(words.front() == "emma");
  const auto vocab = vocabulary::from_words(words);
  CHECK(vocab.size() == 27);
  CHECK(vocab.characters() == "abcdefghijklmnopqrstuvwxyz");
}

TEST_CASE("words: an error quotes at most about 80 characters of the line, escaped for a terminal", "[makemore][words]") {
  using Catch::Matchers::EndsWith;
  using Catch::Matchers::StartsWith;
  // a megabyte-long line: the message stays short and shows the place of the bad character
  std::string long_line(1'000'000, 'a');
  long_line[500'000] = '7';
  const std::string message = parse_error(long_line + "\n").what();
  CHECK(message.size() < 300);
  CHECK_THAT(message, Contains("'7' U+0037 at column 500001") && Contains("in \"...aaaa") && Contains("aaaa7aaaa") && Contains("aaa...\" is outside"));

  // escape sequences, C1 controls, bidirectional overrides and invalid UTF-8 after the bad character are escaped
  const std::string escaped_line = parse_error("ab3\x1b[31mred\xc2\x9b" "1m\xe2\x80\xae" "cba\xff\n").what();
  CHECK_THAT(escaped_line, Contains("\"ab3\\u001B[31mred\\u009B1m\\u202Ecba\\xFF\""));
  for (const char c : escaped_line) {
    const auto u = static_cast<unsigned char>(c);
    CHECK((u >= 0x20 && u != 0x7F));  // no control byte reaches the terminal (the message is valid UTF-8 and printable)
  }
  CHECK(escaped_line.find("\xe2\x80\xae") == std::string::npos);

  // a character is named by its code point, shown whole
  CHECK_THAT(parse_error("zo\xC3\xAB\n").what(), Contains("character '\xC3\xAB' U+00EB at column 3"));
  // the file name is escaped too
  try {
    (void)parse_words("a1\n", "bad\x1b]0;title\x07.txt", vocabulary_policy{});
    FAIL("accepted a bad text");
  } catch (const data_error& e) {
    CHECK_THAT(e.what(), StartsWith("bad\\u001B]0;title\\u0007.txt:1: character '1'"));
    CHECK(e.file() == "bad\x1b]0;title\x07.txt");
  }
}
