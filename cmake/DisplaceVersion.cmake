# Engine version and git revision, baked into the binary and recorded in every output file.
find_package(Git QUIET)
set(DISPLACE_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE DISPLACE_GIT_REVISION
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _git_rc)
  if(NOT _git_rc EQUAL 0 OR DISPLACE_GIT_REVISION STREQUAL "")
    set(DISPLACE_GIT_REVISION "unknown")
  endif()
endif()
