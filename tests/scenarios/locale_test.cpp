// Numbers read and write the same under a locale with a decimal comma.
#include <gtest/gtest.h>

#include <clocale>
#include <locale>
#include <stdexcept>

#include "scenario_files.hpp"

namespace displace::scenario::testing {
namespace {

/// Switches the C and C++ global locales for the scope, restoring them afterwards.
class GlobalLocale {
 public:
  explicit GlobalLocale(const char* name)
      : previous_cpp_(std::locale::global(std::locale(name))),
        previous_c_(std::setlocale(LC_ALL, nullptr)) {
    std::setlocale(LC_ALL, name);
  }
  ~GlobalLocale() {
    std::locale::global(previous_cpp_);
    std::setlocale(LC_ALL, previous_c_.c_str());
  }
  GlobalLocale(const GlobalLocale&) = delete;
  GlobalLocale& operator=(const GlobalLocale&) = delete;

 private:
  std::locale previous_cpp_;
  std::string previous_c_;
};

TEST(ScenarioLocale, NumbersParseTheSameUnderAGermanLocale) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const auto file = files.write(
      "s.yaml", std::string(kMinimalScenario) +
                    "households:\n  mean_household_size_people: 2.75\n  wealth_median_usd: 1.5e4\n"
                    "behaviour:\n  damage: {uninhabitable_damage: 0.55}\n");
  const Scenario in_c = load_scenario(file);

  std::unique_ptr<GlobalLocale> german;
  try {
    german = std::make_unique<GlobalLocale>("de_DE.UTF-8");
  } catch (const std::runtime_error&) {
    GTEST_SKIP() << "locale de_DE.UTF-8 is not installed (tools/install-deps.sh generates it)";
  }
  ASSERT_EQ(std::localeconv()->decimal_point[0], ',');  // the locale really is active

  const Scenario in_german = load_scenario(file);
  EXPECT_EQ(in_german.model.synthesis.mean_household_size_people, 2.75);
  EXPECT_EQ(in_german.model.synthesis.wealth_median_usd, 15000.0);
  EXPECT_EQ(in_german.model.damage.uninhabitable_damage, 0.55);
  EXPECT_EQ(in_german.resolved_yaml, in_c.resolved_yaml);
  EXPECT_NE(in_german.resolved_yaml.find("mean_household_size_people: 2.75"), std::string::npos);
  // A decimal comma stays an error even where the locale would accept it.
  EXPECT_THROW((void)load_scenario(file, {"households.wealth_median_usd=1000,5"}), ScenarioError);
}

}  // namespace
}  // namespace displace::scenario::testing
