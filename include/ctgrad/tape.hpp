// ctgrad/tape.hpp: the dynamic tape layer (micrograd's Value, Neuron, Layer, MLP).
#pragma once

#include <ctgrad/tape/graph.hpp>
#include <ctgrad/tape/nn.hpp>
