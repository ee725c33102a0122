# displace_version_info(<out_var>): the source file that bakes the engine version and git
# revision into displace_common. The revision is read at BUILD time: an always-run target
# (displace_version_info) asks git on every build and rewrites the generated file only when the
# text changed (a new commit, a dirty or clean tree), so a run file never records a stale revision
# and an unchanged tree rebuilds nothing.
find_package(Git QUIET)
function(displace_version_info out_var)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/version_info.cpp)
  add_custom_target(displace_version_info
    COMMAND ${CMAKE_COMMAND}
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
            -DPROJECT_VERSION=${PROJECT_VERSION}
            -DINPUT=${CMAKE_CURRENT_SOURCE_DIR}/src/version_info.cpp.in
            -DOUTPUT=${generated}
            -P ${PROJECT_SOURCE_DIR}/cmake/WriteVersionInfo.cmake
    BYPRODUCTS ${generated}
    COMMENT "Reading the git revision"
    VERBATIM)
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
