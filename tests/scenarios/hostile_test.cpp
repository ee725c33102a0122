// Hostile and careless scenario files: each must give a located problem (exit 2 at the CLI),
// never a crash, a hang, unbounded work or a silently different scenario.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario_files.hpp"

namespace displace::scenario::testing {
namespace {

bool any_contains(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

class ScenarioHostile : public ::testing::Test {
 protected:
  void SetUp() override { files.touch("pop.tif"); }
  ScenarioFiles files;
};

TEST_F(ScenarioHostile, SelfReferencingAnchorIsRefusedNotRecursedForever) {
  const auto file = files.write("self.yaml", std::string(kMinimalScenario) + "x: &a [1, *a]\n");
  const auto problems = problems_of(file);
  EXPECT_TRUE(any_contains(problems, file.string() + ":11:")) << joined(problems);
  EXPECT_TRUE(any_contains(problems, "nested more than 64 levels")) << joined(problems);
}

// Issue 31, item 5: names went raw into the run file and the HTML report. Every value and key of
// a scenario is UTF-8 without NUL, refused at its line:column otherwise.
TEST_F(ScenarioHostile, NamesThatAreNotUtf8OrHoldANulAreLocated) {
  const std::string rest = std::string(kMinimalScenario).substr(std::string("name: tiny\n").size());
  {
    const auto file = files.write("nul.yaml", "name: \"ti\\0ny\"\n" + rest);
    const auto problems = problems_of(file);
    EXPECT_TRUE(any_contains(problems, file.string() + ":1:7: name: the value contains a NUL"))
        << joined(problems);
  }
  {
    const auto file = files.write("latin1.yaml",
                                  "name: Mayag\xFC"
                                  "ez\n" +
                                      rest);
    const auto problems = problems_of(file);
    EXPECT_TRUE(any_contains(problems, file.string() + ":1:7: name: the value is not valid UTF-8 "
                                                       "(byte 0xFC at byte 6)"))
        << joined(problems);
  }
  {
    const auto file =
        files.write("key.yaml", std::string(kMinimalScenario) +
                                    "  pop\xE9:\n    kind: mask\n    path: pop.tif\n");
    const auto problems = problems_of(file);
    EXPECT_TRUE(any_contains(problems, file.string() + ":11:3: layers: a key is not valid UTF-8"))
        << joined(problems);
  }
  {
    // Overlong encodings and surrogates are not UTF-8 either; real UTF-8 passes.
    const auto overlong = files.write("overlong.yaml", "name: a\xC0\xAF\n" + rest);
    EXPECT_TRUE(any_contains(problems_of(overlong), "not valid UTF-8")) << overlong;
    const auto surrogate = files.write("surrogate.yaml", "name: a\xED\xA0\x80\n" + rest);
    EXPECT_TRUE(any_contains(problems_of(surrogate), "not valid UTF-8"));
    const auto good = files.write("good.yaml", "name: Mayagüez 🌀\n" + rest);
    EXPECT_TRUE(problems_of(good).empty()) << joined(problems_of(good));
  }
}

TEST_F(ScenarioHostile, AliasExpansionIsBounded) {
  // "Billion laughs": 9 levels of 9 aliases each = 9^9 values from a few hundred bytes.
  std::string text = std::string(kMinimalScenario) + "a0: &a0 [lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 9; ++level) {
    text += std::string("a") += std::to_string(level);
    text += ": &a";
    text += std::to_string(level);
    text += " [";
    for (int i = 0; i < 9; ++i) {
      text += i > 0 ? ", *a" : "*a";
      text += std::to_string(level - 1);
    }
    text += "]\n";
  }
  const auto file = files.write("laughs.yaml", text);
  const auto start = std::chrono::steady_clock::now();
  const auto problems = problems_of(file);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(any_contains(problems, "expands to more than 500000 values")) << joined(problems);
  EXPECT_LT(seconds, 30.0);  // a generous bound: unbounded expansion takes minutes and gigabytes
}

TEST_F(ScenarioHostile, DeepNestingIsASyntaxProblem) {
  const auto file =
      files.write("deep.yaml", std::string(kMinimalScenario) + "x: " + std::string(100000, '['));
  const auto problems = problems_of(file);
  ASSERT_FALSE(problems.empty());
  EXPECT_TRUE(any_contains(problems, file.string())) << joined(problems);
}

TEST_F(ScenarioHostile, OversizedFileIsRefusedBeforeParsing) {
  const auto file = files.write(
      "big.yaml", std::string(kMinimalScenario) + "# " + std::string(5u << 20, 'x') + "\n");
  const auto problems = problems_of(file);
  EXPECT_TRUE(any_contains(problems, "larger than the limit")) << joined(problems);
}

TEST_F(ScenarioHostile, FifoIsRefusedWithoutBlocking) {
  const auto fifo = files.dir() / "pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto problems = problems_of(fifo);  // would block forever if opened for a plain read
  EXPECT_TRUE(any_contains(problems, "is a FIFO (named pipe), not a file")) << joined(problems);
}

TEST_F(ScenarioHostile, DeviceIsRefused) {
  const auto problems = problems_of("/dev/zero");  // would never end if read
  EXPECT_TRUE(any_contains(problems, "/dev/zero: is a device, not a file")) << joined(problems);
}

TEST_F(ScenarioHostile, FolderIsRefused) {
  std::filesystem::create_directories(files.dir() / "folder.yaml");
  const auto problems = problems_of(files.dir() / "folder.yaml");
  EXPECT_TRUE(any_contains(problems, "is a folder, not a file")) << joined(problems);
}

TEST_F(ScenarioHostile, ExtendsNamingAFolderIsLocatedAtExtends) {
  std::filesystem::create_directories(files.dir() / "base");
  const std::string text = "extends: base\n" + std::string(kMinimalScenario);
  const auto file = files.write("main.yaml", text);
  const auto problems = problems_of(file);
  EXPECT_TRUE(any_contains(problems, file.string() + ":1:10: extends: base scenario file"))
      << joined(problems);
  EXPECT_TRUE(any_contains(problems, "is a folder, not a file")) << joined(problems);
}

TEST_F(ScenarioHostile, EmptySetValueIsRefusedNotAReset) {
  const auto file = files.write("main.yaml", std::string(kMinimalScenario) + "seed: 9\n");
  const auto problems = problems_of(file, {"seed="});
  EXPECT_TRUE(any_contains(problems, "--set seed=:1:6: seed: empty value")) << joined(problems);
  EXPECT_TRUE(problems_of(file, {"seed=null"}).empty());  // resetting is still possible, said
}

TEST_F(ScenarioHostile, SetMapMergesIntoTheMapKeepingItsOtherKeys) {
  const auto file = files.write("main.yaml", std::string(kMinimalScenario) +
                                                 "households: {mean_household_size_people: 4.5, "
                                                 "households_per_agent: 2}\n");
  const auto scenario = load_scenario(file, {"households={households_per_agent: 7}"});
  EXPECT_EQ(scenario.model.synthesis.households_per_agent, 7.0);
  EXPECT_EQ(scenario.model.synthesis.mean_household_size_people, 4.5);
}

TEST_F(ScenarioHostile, StepCountNearIntMaxIsRefused) {
  std::string text(kMinimalScenario);
  text.replace(text.find("steps: 3"), 8, "steps: 2147483647");
  const auto file = files.write("main.yaml", text);
  const auto problems = problems_of(file);
  EXPECT_TRUE(
      any_contains(problems, file.string() + ":4:10: time.steps: 2147483647 steps; at most"))
      << joined(problems);
}

TEST_F(ScenarioHostile, RunEndingAfterYear9999IsRefused) {
  std::string text(kMinimalScenario);
  text.replace(text.find("start: 2017-09-01"), 17, "start: 9990-01-01\n  step: year");
  text.replace(text.find("steps: 3"), 8, "steps: 20");
  const auto file = files.write("main.yaml", text);
  const auto problems = problems_of(file);
  EXPECT_TRUE(any_contains(problems, "time.steps: the run would end after the year 9999"))
      << joined(problems);
}

TEST_F(ScenarioHostile, SamplingYearNearIntMaxIsRefused) {
  const auto file = files.write(
      "main.yaml", std::string(kMinimalScenario) +
                       "  storms:\n    kind: hazard_events\n    path: pop.tif\n    hazard: wind\n"
                       "    sampling: {events_per_year: 1, first_year: 2000, "
                       "last_year: 2147483647}\n");
  const auto problems = problems_of(file);
  EXPECT_TRUE(
      any_contains(problems, "layers.storms.sampling.last_year: year 2147483647 is outside"))
      << joined(problems);
}

TEST_F(ScenarioHostile, ThreadCountAboveTheLimitIsRefused) {
  const auto file =
      files.write("main.yaml", std::string(kMinimalScenario) + "run: {threads: 100000}\n");
  const auto problems = problems_of(file);
  EXPECT_TRUE(any_contains(problems, "run.threads")) << joined(problems);
}

// Every input the scenario fuzzer (tests/fuzz) was given as a finding, replayed in the ordinary
// suite the way the fuzzer reads it (text, then `--set` lines after "#--set"): each must load or
// be refused with located problems, nothing else.
TEST_F(ScenarioHostile, FuzzFindingsLoadOrAreRefusedCleanly) {
  files.write("base.yaml", kMinimalScenario);
  int replayed = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(DISPLACE_FUZZ_REGRESSIONS_DIR "/scenario")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    const std::string input = content.str();
    const auto marker = input.find("\n#--set\n");
    std::vector<std::string> overrides;
    if (marker != std::string::npos) {
      std::istringstream lines(input.substr(marker + 8));
      for (std::string line; std::getline(lines, line);)
        overrides.push_back(line);
    }
    const auto file = files.write("main.yaml", input.substr(0, marker));
    try {
      (void)load_scenario(file, overrides);
    } catch (const InputError&) {
    } catch (const std::exception& error) {
      ADD_FAILURE() << entry.path() << ": " << error.what();
    }
    ++replayed;
  }
  EXPECT_GE(replayed, 3);
}

}  // namespace
}  // namespace displace::scenario::testing
