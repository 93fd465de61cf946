# ctgrad's dependencies, found the same way by ctgrad's own build and by find_package(ctgrad).
include_guard(GLOBAL)
include(CMakeFindDependencyMacro)
find_dependency(Boost 1.74)   # Boost.Hana (header-only): Boost::headers
find_dependency(xsimd 8.1)    # target `xsimd`, no namespace
# Debian's xsimd 8.1 target lists `xtl` as a link library without finding it, so a consumer without xtl-dev
# would link with -lxtl and fail. xsimd uses xtl only for xtl::xcomplex, which ctgrad never touches: when no
# xtl target exists, an empty one stands in for it.
if(NOT TARGET xtl)
  add_library(xtl INTERFACE IMPORTED)
endif()
