// ctgrad/ctgrad.hpp: everything the ctgrad library offers, in one include.
#pragma once

#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>
#include <ctgrad/nn.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/record.hpp>
#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>
