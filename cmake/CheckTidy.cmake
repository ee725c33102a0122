# cmake -DCLANG_TIDY=... -DBUILD_DIR=<build with compile_commands.json> -DSOURCE_DIR=...
#       -DMODULE=<folder> [-DEXTRA_CHECKS=<-check,...>] -P CheckTidy.cmake
# Runs clang-tidy (.clang-tidy at the top: every finding is an error) over MODULE/src/*.cpp and
# fails listing the findings. EXTRA_CHECKS, when given, is appended to the checks (the test that
# passes it says why, in tests/CMakeLists.txt).
file(GLOB_RECURSE files ${SOURCE_DIR}/${MODULE}/src/*.cpp)
set(args -p ${BUILD_DIR} --quiet)
if(EXTRA_CHECKS)
  list(APPEND args --checks=${EXTRA_CHECKS})
endif()
list(LENGTH files n)
execute_process(COMMAND ${CLANG_TIDY} ${args} ${files}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-tidy: findings in ${MODULE}/src (${n} files):\n${out}\n${err}")
endif()
message(STATUS "clang-tidy: ${MODULE}/src clean (${n} files)")
