# Small helpers in the spirit of abseil's CMake/AbseilHelpers.cmake:
# one library target per module, explicit source lists, tests next to code.
include_guard(GLOBAL)

# leafloaf_cc_library(NAME n SRCS a.cc b.cc HDRS a.h DEPS x y)
function(leafloaf_cc_library)
  cmake_parse_arguments(LL "" "NAME" "SRCS;HDRS;DEPS" ${ARGN})
  if(LL_SRCS)
    add_library(${LL_NAME} STATIC ${LL_SRCS} ${LL_HDRS})
    target_link_libraries(${LL_NAME} PUBLIC ${LL_DEPS})
    target_include_directories(${LL_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  else()
    add_library(${LL_NAME} INTERFACE)
    target_link_libraries(${LL_NAME} INTERFACE ${LL_DEPS})
    target_include_directories(${LL_NAME} INTERFACE ${PROJECT_SOURCE_DIR}/src)
  endif()
endfunction()

# leafloaf_cc_test(NAME n SRCS a_test.cc DEPS x y [LABELS l])
function(leafloaf_cc_test)
  cmake_parse_arguments(LL "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT LEAFLOAF_BUILD_TESTS)
    return()
  endif()
  add_executable(${LL_NAME} ${LL_SRCS})
  target_link_libraries(${LL_NAME} PRIVATE ${LL_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  if(NOT LL_LABELS)
    set(LL_LABELS unit)
  endif()
  gtest_discover_tests(${LL_NAME}
    PROPERTIES LABELS "${LL_LABELS}"
    # The escaped ';' keeps both variables inside the one ENVIRONMENT value.
    ENVIRONMENT "LEAFLOAF_SHARED_DATA=${LEAFLOAF_SHARED_DATA}\\;LEAFLOAF_BINARY=${CMAKE_BINARY_DIR}/leafloaf"
    DISCOVERY_TIMEOUT 60)
endfunction()

# leafloaf_cc_benchmark(NAME n SRCS a_benchmark.cc DEPS x y)
function(leafloaf_cc_benchmark)
  cmake_parse_arguments(LL "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT LEAFLOAF_BUILD_BENCHMARKS)
    return()
  endif()
  add_executable(${LL_NAME} ${LL_SRCS})
  target_link_libraries(${LL_NAME} PRIVATE ${LL_DEPS} benchmark::benchmark)
endfunction()
