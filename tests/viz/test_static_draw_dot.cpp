// draw_dot of a static expression: the tape's look, one node per distinct subexpression.
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>

namespace {
std::size_t count(const std::string& text, const std::string& pattern) {
  const std::regex re{pattern};
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}
}  // namespace

TEST_CASE("draw_dot of the static chain matches the tape's drawing node for node", "[viz][static]") {
  using namespace ctgrad;
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  constexpr auto c = var<"c">;
  constexpr auto e = var<"e">;
  std::ostringstream out;
  viz::draw_dot((a + b) * c + e, out, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
  const std::string dot = out.str();
  CHECK(dot.find("rankdir=LR") != std::string::npos);
  CHECK(count(dot, "shape=record") == 7);
  CHECK(count(dot, R"(op \[label=)") == 3);
  CHECK(count(dot, " -> ") == 9);
  CHECK(dot.find(R"(label="{ a | data 2.0000 | grad 5.0000 }")") != std::string::npos);
  CHECK(dot.find(R"(label="{ c | data 5.0000 | grad -1.0000 }")") != std::string::npos);
  CHECK(dot.find(R"(label="{ e | data 10.0000 | grad 1.0000 }")") != std::string::npos);
  CHECK(dot.find(R"(label="{  | data 5.0000 | grad 1.0000 }")") != std::string::npos);   // l
  CHECK(dot.find(R"(label="{  | data -1.0000 | grad 5.0000 }")") != std::string::npos);  // d = a + b

  // the tape's drawing of the same chain has the same records once labels are set aside
  tape::graph g;
  tape::value ta = g.leaf(2.0, "a"), tb = g.leaf(-3.0, "b"), tc = g.leaf(5.0, "c"), te = g.leaf(10.0, "e");
  tape::value l = (ta + tb) * tc + te;
  l.backward();
  std::ostringstream tape_out;
  viz::draw_dot(l, tape_out);
  const std::regex record{R"(data -?\d+\.\d+ \| grad -?\d+\.\d+)"};
  std::multiset<std::string> static_records, tape_records;
  const std::string tape_dot = tape_out.str();
  for (auto it = std::sregex_iterator(dot.begin(), dot.end(), record); it != std::sregex_iterator(); ++it)
    static_records.insert(it->str());
  for (auto it = std::sregex_iterator(tape_dot.begin(), tape_dot.end(), record); it != std::sregex_iterator(); ++it)
    tape_records.insert(it->str());
  CHECK(static_records == tape_records);
}

TEST_CASE("a shared subexpression is drawn once", "[viz][static]") {
  using namespace ctgrad;
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  const auto d = a * b;
  std::ostringstream out;
  viz::draw_dot(d * d, out, 3.0, 2.0);
  const std::string dot = out.str();
  CHECK(count(dot, "shape=record") == 4);  // a, b, d, d*d
  CHECK(count(dot, R"(op \[label="\*"\])") == 2);
  CHECK(dot.find(R"(label="{ a | data 3.0000 | grad 24.0000 }")") != std::string::npos);  // 2 a b^2
}
