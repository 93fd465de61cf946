// draw_dot: the DOT text of a tape graph, its structure, and rendering through Graphviz.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>

namespace {
using ctgrad::tape::graph;
using ctgrad::tape::value;

std::size_t count(const std::string& text, const std::regex& pattern) {
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), pattern),
                                                std::sregex_iterator()));
}

std::string dot_of(value root) {
  std::ostringstream out;
  ctgrad::viz::draw_dot(root, out);
  return out.str();
}
}  // namespace

TEST_CASE("draw_dot of the seed's chain: records, op nodes, edges, rankdir", "[viz]") {
  graph g;
  value a = g.leaf(2.0, "a"), b = g.leaf(-3.0, "b"), c = g.leaf(5.0, "c"), e = g.leaf(10.0, "e");
  value d = (a + b).label("d");
  value f = (c * d).label("f");
  value l = (f + e).label("l");
  l.backward();
  const std::string dot = dot_of(l);

  CHECK(dot.rfind("digraph {", 0) == 0);
  CHECK(dot.find("rankdir=LR") != std::string::npos);
  CHECK(count(dot, std::regex{R"(shape=record)"}) == 7);
  CHECK(count(dot, std::regex{R"(op \[label=)"}) == 3);
  CHECK(count(dot, std::regex{R"( -> )"}) == 3 + 6);  // op -> result, and two children per op
  CHECK(dot.find(R"(label="{ a | data 2.0000 | grad 5.0000 }")") != std::string::npos);
  CHECK(dot.find(R"(label="{ c | data 5.0000 | grad -1.0000 }")") != std::string::npos);
  CHECK(dot.find(R"(label="{ l | data 5.0000 | grad 1.0000 }")") != std::string::npos);
  // the two + nodes have ids of their own: they never merge
  const std::regex plus{R"re((n\d+op) \[label="\+"\])re"};
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(dot.begin(), dot.end(), plus); it != std::sregex_iterator(); ++it)
    ids.insert((*it)[1].str());
  CHECK(ids.size() == 2);
  // edges run child -> op -> result
  const std::string f_id = "n" + std::to_string(f.index());
  const std::string l_id = "n" + std::to_string(l.index());
  CHECK(dot.find(f_id + " -> " + l_id + "op;") != std::string::npos);
  CHECK(dot.find(l_id + "op -> " + l_id + ";") != std::string::npos);
  CHECK(dot.substr(dot.size() - 2) == "}\n");
}

TEST_CASE("draw_dot draws only what the root depends on, each node once", "[viz]") {
  graph g;
  value a = g.leaf(1.0, "a");
  value unused = (a * 3).label("unused");
  value y = (a + a).label("y");
  const std::string dot = dot_of(y);
  CHECK(count(dot, std::regex{"shape=record"}) == 2);
  CHECK(dot.find("unused") == std::string::npos);
  CHECK(count(dot, std::regex{"n0 -> "}) == 2);  // a feeds the + twice
  (void)unused;
}

TEST_CASE("record syntax in labels is escaped", "[viz]") {
  graph g;
  value a = g.leaf(1.0, "x|{y}<z>");
  const std::string dot = dot_of(a);
  CHECK(dot.find(R"({ x\|\{y\}\<z\> | data 1.0000 | grad 0.0000 })") != std::string::npos);
}

TEST_CASE("a 10,000-node graph is written whole", "[viz]") {
  graph g;
  value y = g.leaf(0.1, "x");
  for (int i = 0; i < 9'999; ++i) y = y.tanh();
  const std::string dot = dot_of(y);
  CHECK(count(dot, std::regex{"shape=record"}) == 10'000);
  CHECK(count(dot, std::regex{R"(op \[label="tanh"\])"}) == 9'999);
}

TEST_CASE("draw_dot to a file writes <stem>.dot and renders it when Graphviz is present", "[viz]") {
  const auto dir = std::filesystem::temp_directory_path() / "ctgrad-test-draw-dot";
  std::filesystem::create_directories(dir);
  graph g;
  value a = g.leaf(2.0, "a");
  value y = (a * a).label("y.final");
  y.backward();
  const auto drawn = ctgrad::viz::draw_dot(y, dir / "graph.v1");
  CHECK(drawn.dot_file == dir / "graph.v1.dot");
  std::ifstream in{drawn.dot_file};
  const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  CHECK(text == dot_of(y));
  if (ctgrad::viz::find_program("dot").empty()) {
    CHECK_FALSE(drawn.image.ok);
    CHECK(drawn.image.message.find("Graphviz") != std::string::npos);
  } else {
    CHECK(drawn.image.ok);
    CHECK(drawn.image.image == dir / "graph.v1.svg");
    CHECK(std::filesystem::file_size(drawn.image.image) > 100);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("render says clearly when Graphviz is not installed", "[viz]") {
  const char* saved = std::getenv("PATH");
  const std::string old_path = saved != nullptr ? saved : "";
  ::setenv("PATH", "/nonexistent-ctgrad-dir", 1);
  const auto result = ctgrad::viz::render("whatever.dot");
  ::setenv("PATH", old_path.c_str(), 1);
  CHECK_FALSE(result.ok);
  CHECK(result.message.find("Graphviz's `dot` is not installed") != std::string::npos);
}
