#include "displace/common/sha256.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "displace/common/error.hpp"
#include "support/temp_folder.hpp"

namespace displace {
namespace {

TEST(Sha256, MatchesPublishedVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, FileDigestEqualsDigestOfItsBytes) {
  const test_support::TempFolder folder("sha256");
  const auto path = folder / "bytes.bin";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 100000; ++i)
      out.put(static_cast<char>(i % 251));
  }
  std::string bytes;
  for (int i = 0; i < 100000; ++i)
    bytes.push_back(static_cast<char>(i % 251));
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(bytes));
}

TEST(Sha256, MissingFileIsAnInputErrorNamingIt) {
  try {
    sha256_file_hex("/nonexistent/displace/file.tif");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/displace/file.tif"), std::string::npos);
  }
}

}  // namespace
}  // namespace displace
