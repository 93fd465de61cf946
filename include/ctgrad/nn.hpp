// ctgrad/nn.hpp: Sequential models of layers (Linear, BatchNorm1d, LayerNorm, Tanh, ReLU, GELU, Embedding,
// FlattenConsecutive), Neuron, Layer and MLP with compile-time shapes, their losses, SGD, AdamW and the trainer, in
// one include: layer-level nodes of a static tensor graph whose rules run the ctgrad::simd kernels.
#pragma once

#include <ctgrad/nn/adamw.hpp>
#include <ctgrad/nn/concepts.hpp>
#include <ctgrad/nn/graph.hpp>
#include <ctgrad/nn/init.hpp>
#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/layer_sequence.hpp>
#include <ctgrad/nn/layers/activation.hpp>
#include <ctgrad/nn/layers/attention.hpp>
#include <ctgrad/nn/layers/batch_norm.hpp>
#include <ctgrad/nn/layers/embedding.hpp>
#include <ctgrad/nn/layers/flatten.hpp>
#include <ctgrad/nn/layers/layer_norm.hpp>
#include <ctgrad/nn/layers/linear.hpp>
#include <ctgrad/nn/layers/position_embedding.hpp>
#include <ctgrad/nn/layers/residual.hpp>
#include <ctgrad/nn/leaf.hpp>
#include <ctgrad/nn/loss.hpp>
#include <ctgrad/nn/model.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/activation.hpp>
#include <ctgrad/nn/ops/affine.hpp>
#include <ctgrad/nn/ops/arithmetic.hpp>
#include <ctgrad/nn/ops/attention.hpp>
#include <ctgrad/nn/ops/batch_norm.hpp>
#include <ctgrad/nn/ops/embedding.hpp>
#include <ctgrad/nn/ops/flatten.hpp>
#include <ctgrad/nn/ops/layer_norm.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/ops/position.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/sequential.hpp>
#include <ctgrad/nn/sgd.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/nn/trainer.hpp>
