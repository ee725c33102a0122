# cmake -DSOURCE_DIR=... -DGIT_EXECUTABLE=... -DPROJECT_VERSION=... -DINPUT=... -DOUTPUT=...
#       -P WriteVersionInfo.cmake
# Run at build time (cmake/DisplaceVersion.cmake): writes OUTPUT from INPUT with the current
# `git describe --always --dirty`, or "unknown" outside a git checkout. configure_file leaves
# OUTPUT untouched when its text is unchanged, so nothing recompiles then.
set(DISPLACE_GIT_REVISION "unknown")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
    WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE revision
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND NOT revision STREQUAL "")
    set(DISPLACE_GIT_REVISION "${revision}")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
