# cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P CheckFormat.cmake
# Fails listing every C++ file whose formatting differs from .clang-format.
file(GLOB_RECURSE files
  ${SOURCE_DIR}/common/*.hpp ${SOURCE_DIR}/common/*.cpp
  ${SOURCE_DIR}/geo/*.hpp ${SOURCE_DIR}/geo/*.cpp
  ${SOURCE_DIR}/storms/*.hpp ${SOURCE_DIR}/storms/*.cpp
  ${SOURCE_DIR}/engine/*.hpp ${SOURCE_DIR}/engine/*.cpp
  ${SOURCE_DIR}/scenarios/*.hpp ${SOURCE_DIR}/scenarios/*.cpp
  ${SOURCE_DIR}/output/*.hpp ${SOURCE_DIR}/output/*.cpp
  ${SOURCE_DIR}/app/*.hpp ${SOURCE_DIR}/app/*.cpp
  ${SOURCE_DIR}/tests/*.hpp ${SOURCE_DIR}/tests/*.cpp
  ${SOURCE_DIR}/bench/*.hpp ${SOURCE_DIR}/bench/*.cpp)
set(bad "")
foreach(f IN LISTS files)
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${f}
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
    list(APPEND bad ${rel})
  endif()
endforeach()
list(LENGTH files n)
if(bad)
  list(JOIN bad "\n  " listed)
  message(FATAL_ERROR "clang-format: these files need formatting (run tools/format.sh):\n  ${listed}")
endif()
message(STATUS "clang-format: ${n} files clean")
