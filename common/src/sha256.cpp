#include "displace/common/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "displace/common/error.hpp"

namespace displace {
namespace {

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

DigestContext new_sha256_context() {
  DigestContext ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error("OpenSSL: cannot initialise SHA-256");
  return ctx;
}

std::string finish_hex(EVP_MD_CTX* ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1) throw Error("OpenSSL: SHA-256 failed");
  std::string hex;
  hex.reserve(2 * static_cast<std::size_t>(length));
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  auto ctx = new_sha256_context();
  if (EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1)
    throw Error("OpenSSL: SHA-256 failed");
  return finish_hex(ctx.get());
}

Sha256::Sha256() : context_(new_sha256_context().release()) {}

Sha256::~Sha256() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha256::update(const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), data, size) != 1)
    throw Error("OpenSSL: SHA-256 failed");
}

std::string Sha256::hex() {
  return finish_hex(static_cast<EVP_MD_CTX*>(context_));
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file for checksum");
  auto ctx = new_sha256_context();
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got)) != 1)
      throw Error("OpenSSL: SHA-256 failed");
  }
  if (in.bad()) throw InputError(path.string() + ": read error while computing checksum");
  return finish_hex(ctx.get());
}

}  // namespace displace
