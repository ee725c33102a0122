#include "run_file_seal.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/common/sha256.hpp"

namespace displace::output {

namespace {

namespace fs = std::filesystem;

/// HDF5's format signature, at offset 0 of a file without user block, else after it.
constexpr std::string_view kHdf5Signature("\x89HDF\r\n\x1a\n", 8);
/// First line of a sealed user block; the hex digest follows on the second.
std::string seal_header(SealedFile kind) {
  return std::string(kind == SealedFile::run_file ? "displace run file" : "displace checkpoint") +
         ": SHA-256 of bytes 512 to end\n";
}

/// The user block for `digest`: header, digest, newline, NUL padding.
std::string user_block(SealedFile kind, const std::string& digest) {
  std::string block = seal_header(kind) + "sha256 " + digest + "\n";
  block.resize(kRunUserBlockBytes, '\0');
  return block;
}

/// SHA-256 of the bytes after the user block.
std::string digest_after_user_block(std::ifstream& in, const fs::path& path) {
  in.clear();
  in.seekg(static_cast<std::streamoff>(kRunUserBlockBytes));
  Sha256 hash;
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (got > 0) hash.update(buffer.data(), static_cast<std::size_t>(got));
  }
  if (in.bad()) throw InputError(path.string() + ": cannot read the run file");
  return hash.hex();
}

bool has_signature_at(const std::string& head, std::size_t offset) {
  return head.size() >= offset + kHdf5Signature.size() &&
         head.compare(offset, kHdf5Signature.size(), kHdf5Signature) == 0;
}

}  // namespace

bool seal_file(const fs::path& path, SealedFile kind) {
  std::string digest;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot read the file back to seal it");
    std::string head(kRunUserBlockBytes + kHdf5Signature.size(), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    if (!has_signature_at(head, kRunUserBlockBytes)) return false;
    digest = digest_after_user_block(in, path);
  }
  const std::string block = user_block(kind, digest);
  std::fstream out(path, std::ios::in | std::ios::out | std::ios::binary);
  out.seekp(0);
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
  out.flush();
  if (!out) throw Error(path.string() + ": cannot write the file's checksum");
  return true;
}

FileSeal check_file_seal(const fs::path& path, SealedFile kind) {
  const bool run = kind == SealedFile::run_file;
  const std::string shown = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(shown + (run ? ": cannot open the run file" : ": cannot open the checkpoint"));
  std::string head(kRunUserBlockBytes + kHdf5Signature.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  if (has_signature_at(head, 0)) return FileSeal::legacy;
  const bool sealed_header = head.rfind(seal_header(kind), 0) == 0;
  if (!sealed_header && !has_signature_at(head, kRunUserBlockBytes)) {
    throw InputError(shown + (run ? ": not a displace run file (not HDF5)"
                                  : ": not an HDF5 file (not a displace checkpoint)"));
  }
  if (!sealed_header && std::all_of(head.begin(), head.begin() + kRunUserBlockBytes,
                                    [](char c) { return c == '\0'; })) {
    throw InputError(shown + (run ? ": incomplete run (no completion mark, no checksum): the run "
                                    "did not finish"
                                  : ": incomplete checkpoint (no checksum)"));
  }
  const std::string digest = digest_after_user_block(in, path);
  if (head.compare(0, kRunUserBlockBytes, user_block(kind, digest)) != 0) {
    throw InputError(shown + (run ? ": damaged run file: its bytes do not match the SHA-256 "
                                    "recorded when the run finished (corrupted or changed since); "
                                    "run the scenario again"
                                  : ": damaged checkpoint: its bytes do not match the SHA-256 "
                                    "recorded when it was written (corrupted or changed since); "
                                    "resume from another checkpoint or start the run again"));
  }
  return FileSeal::verified;
}

bool carries_seal_header(const fs::path& path, SealedFile kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::string header = seal_header(kind);
  std::string head(header.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(header.size()) && head == header;
}

}  // namespace displace::output
