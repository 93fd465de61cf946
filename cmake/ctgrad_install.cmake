# Install and export ctgrad so that find_package(ctgrad CONFIG) gives ctgrad::ctgrad.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CTGRAD_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/cmake/ctgrad)
install(TARGETS ctgrad EXPORT ctgrad-targets FILE_SET HEADERS)
install(EXPORT ctgrad-targets NAMESPACE ctgrad:: DESTINATION ${CTGRAD_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ctgrad-config.cmake.in
  ${PROJECT_BINARY_DIR}/ctgrad-config.cmake INSTALL_DESTINATION ${CTGRAD_CMAKE_DIR})
# Header-only: any architecture may use it.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ctgrad-config-version.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/ctgrad-config.cmake ${PROJECT_BINARY_DIR}/ctgrad-config-version.cmake
              ${CMAKE_CURRENT_LIST_DIR}/ctgrad-dependencies.cmake
  DESTINATION ${CTGRAD_CMAKE_DIR})
