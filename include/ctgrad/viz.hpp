// ctgrad/viz.hpp: drawing graphs (DOT writer, draw_dot, rendering through Graphviz).
#pragma once

#include <ctgrad/viz/dot.hpp>
#include <ctgrad/viz/draw_dot.hpp>
#include <ctgrad/viz/render.hpp>
