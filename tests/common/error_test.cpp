#include "displace/common/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// Like scenario::ScenarioError: an error that carries data besides its message.
class ProblemsError : public InputError {
 public:
  explicit ProblemsError(std::vector<std::string> problems)
      : InputError(problems.front()), problems_(std::move(problems)) {}
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

TEST(Error, ContextKeepsTheSubclassAndItsData) {
  try {
    try {
      throw ProblemsError({"a.yaml:3:5: seed: not an integer", "a.yaml:9:1: steps: missing"});
    } catch (...) {
      rethrow_with_context("scenario 'a'");
    }
  } catch (const ProblemsError& e) {
    EXPECT_STREQ(e.what(), "scenario 'a': a.yaml:3:5: seed: not an integer");
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[1], "a.yaml:9:1: steps: missing");
    return;
  } catch (const std::exception& e) {
    FAIL() << "ProblemsError expected, got " << e.what();
  }
  FAIL() << "ProblemsError expected";
}

TEST(Error, ContextNests) {
  try {
    try {
      try {
        throw Error("no such band");
      } catch (...) {
        rethrow_with_context("layer 'wind'");
      }
    } catch (...) {
      rethrow_with_context("scenario 'maria'");
    }
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "scenario 'maria': layer 'wind': no such band");
    return;
  }
  FAIL() << "Error expected";
}

TEST(Error, PrependingLeavesCopiesAlone) {
  Error original("x");
  const Error copy = original;
  original.prepend_context("y");
  EXPECT_STREQ(copy.what(), "x");
  EXPECT_STREQ(original.what(), "y: x");
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
