# displace_project_target(<target>): the flags every project target gets (C++20, strict warnings).
# Third-party headers are included as SYSTEM by their imported targets, so -Werror only bites our code.
function(displace_project_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion
    -Wformat=2 -Wimplicit-fallthrough)
  if(DISPLACE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(DISPLACE_RUNTIME_CHECKS)
    target_compile_definitions(${target} PUBLIC DISPLACE_RUNTIME_CHECKS=1)
  endif()
endfunction()

# displace_test(<name> SOURCES ... LIBS ... [THREADS 1 2 4] [LABELS ...] [PREFIX text])
# One GoogleTest executable; its tests are registered individually with ctest (names visible).
# With THREADS, every test is registered once per OpenMP thread count (OMP_NUM_THREADS=n).
# With PREFIX, every ctest name starts with it (`ctest -R storms` finds tests/storms' tests).
include(GoogleTest)
function(displace_test name)
  cmake_parse_arguments(ARG "" "PREFIX" "SOURCES;LIBS;THREADS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  displace_project_target(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)  # "support/..."
  # Tests compare floats exactly on purpose (bit-identity); keep -Wfloat-equal off.
  if(ARG_THREADS)
    foreach(n IN LISTS ARG_THREADS)
      gtest_discover_tests(${name} TEST_PREFIX "${ARG_PREFIX}" TEST_SUFFIX ".threads${n}"
        DISCOVERY_TIMEOUT 60
        PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=${n}" LABELS "${ARG_LABELS};threads"
        WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    endforeach()
  else()
    gtest_discover_tests(${name} TEST_PREFIX "${ARG_PREFIX}" DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS "${ARG_LABELS}"
      WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
endfunction()
