# Install rules: `cmake --install <build> --prefix <prefix>` gives a package that another CMake
# project uses with
#     find_package(displace 0.1 REQUIRED)
#     target_link_libraries(my_tool PRIVATE displace::engine)
# Exported: displace::common and displace::engine (the library a caller builds a run with). The
# I/O stages (geo, storms, scenarios, output, app) are not exported; a full build installs the `displace`
# executable instead. tests/consumer builds such a project against the installed package.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DISPLACE_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/displace)

install(TARGETS displace_common displace_engine EXPORT displaceTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Public headers. Not installed: displace/common/sha256.hpp (displace_digest, OpenSSL, used by
# the CLI only). The engine's internals live in engine/src/detail, outside the include folder.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/common/include/ ${PROJECT_SOURCE_DIR}/engine/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp"
  PATTERN "sha256.hpp" EXCLUDE)
install(EXPORT displaceTargets NAMESPACE displace:: DESTINATION ${DISPLACE_CMAKE_INSTALL_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/displaceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/displaceConfig.cmake
  INSTALL_DESTINATION ${DISPLACE_CMAKE_INSTALL_DIR})
# 0.x: a minor version may change the interface, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/displaceConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/displaceConfig.cmake
              ${PROJECT_BINARY_DIR}/displaceConfigVersion.cmake
  DESTINATION ${DISPLACE_CMAKE_INSTALL_DIR})

if(TARGET displace)
  install(TARGETS displace RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
