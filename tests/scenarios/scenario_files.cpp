#include "scenario_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

namespace displace::scenario::testing {

namespace {

// "scenario-<suite>.<test>": a leftover folder names the test that made it.
std::string folder_purpose() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "scenario";
  return std::string("scenario-") + info->test_suite_name() + "." + info->name();
}

}  // namespace

ScenarioFiles::ScenarioFiles() : folder_(folder_purpose()) {}

std::filesystem::path ScenarioFiles::write(const std::filesystem::path& relative,
                                           std::string_view text) const {
  const auto file = folder_ / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return file;
}

std::filesystem::path ScenarioFiles::touch(const std::filesystem::path& relative) const {
  return write(relative, "");
}

std::string position_of(std::string_view text, std::string_view needle, int occurrence) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < occurrence && at != std::string_view::npos; ++i) {
    at = text.find(needle, at + 1);
  }
  if (at == std::string_view::npos) throw std::logic_error("needle not in text");
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

std::vector<std::string> problems_of(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides) {
  try {
    (void)load_scenario(file, overrides);
  } catch (const ScenarioError& error) {
    return error.problems();
  }
  return {};
}

std::string joined(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& problem : problems)
    text += "\n  " + problem;
  return text;
}

}  // namespace displace::scenario::testing
