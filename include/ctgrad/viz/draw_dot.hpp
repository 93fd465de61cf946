// ctgrad::viz::draw_dot: the course's draw_dot for a tape value or a static expression, as DOT and rendered.
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <ctgrad/expr/visit.hpp>
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
    if (!n.is_leaf()) dot.op(i, g.op_text(n), g.children(n));
  });
  dot.finish();
}

/// Writes a static expression's graph as DOT to `out`, looking exactly like a tape graph: each distinct
/// node once (a shared subexpression is one node), data and grad filled from one evaluation of `f` at
/// `inputs` (bound as for `grad`: by label with `at<"a">(2.0)`, or by position).
///
///     ctgrad::viz::draw_dot((a + b) * c + e, std::cout, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
template <expr::Expression F, class... In>
  requires(sizeof...(In) > 0)
void draw_dot(F const& f, std::ostream& out, In const&... inputs) {
  dot_writer dot{out};
  expr::for_each_node(
      f,
      [&](auto const& n) {
        dot.value(n.index, n.is_variable ? n.text : std::string_view{}, static_cast<double>(n.value),
                  static_cast<double>(n.grad));
        if (!n.is_leaf) dot.op(n.index, n.text, n.children);
      },
      inputs...);
  dot.finish();
}

/// What `draw_dot` wrote to disk.
struct drawing {
  std::filesystem::path dot_file;  ///< always written
  render_result image;             ///< the rendered image, or why there is none
};

namespace detail {
/// Writes `<stem>.dot` with `write(stream)`, then renders it to `<stem>.<format>`.
template <class Write>
drawing draw_to_files(const std::filesystem::path& stem, std::string_view format, Write&& write) {
  drawing result;
  result.dot_file = stem;
  result.dot_file += ".dot";
  {
    std::ofstream file{result.dot_file};
    if (!file) throw std::runtime_error("ctgrad::viz::draw_dot: cannot write " + result.dot_file.string());
    write(file);
    if (!file.flush()) throw std::runtime_error("ctgrad::viz::draw_dot: failed writing " + result.dot_file.string());
  }
  result.image = render(result.dot_file, format);
  return result;
}
}  // namespace detail

/// The course's `draw_dot(root)`: writes `<stem>.dot`, then `<stem>.<format>` ("svg" or "png") when
/// Graphviz is installed; when it is not, `image.message` says so.
///
///     auto drawn = ctgrad::viz::draw_dot(l, "chain");   // chain.dot, chain.svg
///     std::cout << drawn.image.message << '\n';
inline drawing draw_dot(tape::value root, const std::filesystem::path& stem, std::string_view format = "svg") {
  return detail::draw_to_files(stem, format, [&](std::ostream& out) { draw_dot(root, out); });
}

/// `draw_dot` of a static expression to `<stem>.dot`, then `<stem>.svg` when Graphviz is installed.
template <expr::Expression F, class... In>
  requires(sizeof...(In) > 0)
drawing draw_dot(F const& f, const std::filesystem::path& stem, In const&... inputs) {
  return detail::draw_to_files(stem, "svg", [&](std::ostream& out) { draw_dot(f, out, inputs...); });
}

}  // namespace ctgrad::viz
