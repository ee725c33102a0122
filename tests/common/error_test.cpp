#include "displace/common/error.hpp"

#include <gtest/gtest.h>

namespace displace {
namespace {

TEST(Error, ContextIsPrependedAndKindKept) {
  try {
    try {
      throw InputError("band 7 out of range");
    } catch (...) {
      rethrow_with_context("layer 'wind'");
    }
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "layer 'wind': band 7 out of range");
    return;
  }
  FAIL() << "InputError expected";
}

TEST(Error, StandardExceptionsBecomeErrors) {
  EXPECT_THROW(
      {
        try {
          throw std::out_of_range("x");
        } catch (...) {
          rethrow_with_context("ctx");
        }
      },
      Error);
}

}  // namespace
}  // namespace displace
