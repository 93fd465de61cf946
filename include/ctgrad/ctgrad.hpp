// ctgrad/ctgrad.hpp: everything ctgrad offers, in one include.
#pragma once

#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>
#include <ctgrad/makemore.hpp>
#include <ctgrad/nn.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/record.hpp>
#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>
