// ctgrad::viz::draw_dot: the course's draw_dot for a tape value, written as DOT and rendered by Graphviz.
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>

#include <ctgrad/tape/graph.hpp>
#include <ctgrad/viz/dot.hpp>
#include <ctgrad/viz/render.hpp>

namespace ctgrad::viz {

/// Writes the graph that `root` depends on (root included) as DOT to `out`.
/// Time and memory are linear in the tape up to `root`; nothing is allocated per node.
inline void draw_dot(tape::value root, std::ostream& out) {
  dot_writer dot{out};
  tape::graph& g = root.owner();
  g.for_each_reachable(root.index(), [&](std::uint32_t i) {
    const tape::node& n = g[i];
    dot.value(i, g.label(n), n.data, n.grad);
    if (n.op == tape::op_kind::leaf) return;
    const auto children = g.children(n);
    dot.op(i, g.op_text(n), children);
  });
  dot.finish();
}

/// What `draw_dot` wrote to disk.
struct drawing {
  std::filesystem::path dot_file;  ///< always written
  render_result image;             ///< the rendered image, or why there is none
};

/// The course's `draw_dot(root)`: writes `<stem>.dot`, then `<stem>.<format>` when Graphviz is installed.
///
///     auto drawn = ctgrad::viz::draw_dot(l, "chain");   // chain.dot, chain.svg
///     std::cout << drawn.image.message << '\n';
inline drawing draw_dot(tape::value root, const std::filesystem::path& stem, std::string_view format = "svg") {
  drawing result;
  result.dot_file = stem;
  result.dot_file += ".dot";
  {
    std::ofstream file{result.dot_file};
    if (!file) throw std::runtime_error("ctgrad::viz::draw_dot: cannot write " + result.dot_file.string());
    draw_dot(root, file);
    if (!file.flush()) throw std::runtime_error("ctgrad::viz::draw_dot: failed writing " + result.dot_file.string());
  }
  result.image = render(result.dot_file, format);
  return result;
}

}  // namespace ctgrad::viz
