#include "displace/output/run_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>
#include <fstream>
#include <string>

#include "displace/common/error.hpp"
#include "displace/engine/step_outputs.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/schema.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

fs::path partial_of(const fs::path& path) {
  fs::path partial = path;
  partial += ".partial";
  return partial;
}

/// Length of the time dimension of an HDF5 run file, opened directly.
hsize_t time_length(const fs::path& file) {
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(id, 0);
  const hid_t time = H5Dopen2(id, "time", H5P_DEFAULT);
  const hid_t space = H5Dget_space(time);
  hsize_t length = 0;
  H5Sget_simple_extent_dims(space, &length, nullptr);
  H5Sclose(space);
  H5Dclose(time);
  H5Fclose(id);
  return length;
}

TEST(RunWriter, CompletedRunIsRenamedAndReadsBack) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(partial_of(path)));

  const RunReader run(path);
  const RunFileLayout& layout = run.layout();
  EXPECT_EQ(layout.region_codes, (std::vector<std::string>{"MZ01", "MZ02"}));
  EXPECT_EQ(layout.region_names, (std::vector<std::string>{"Sofala", "Zambezia, North"}));
  EXPECT_EQ(layout.place_ids, (std::vector<std::string>{"MZ01", "MZ02", "abroad"}));
  EXPECT_EQ(layout.step_dates, testing::test_step_dates());
  EXPECT_EQ(layout.map_dates, (std::vector<std::string>{"2020-01-01", "2020-03-01"}));
  EXPECT_EQ(layout.map_steps, (std::vector<int>{0, 2}));
  EXPECT_DOUBLE_EQ(layout.step_length_years, 1.0 / 12.0);
  EXPECT_EQ(layout.duration_bins, 4);
  EXPECT_TRUE(layout.has_flows);
  EXPECT_TRUE(layout.has_flows_people);
  EXPECT_TRUE(layout.has_displacements_people);
  EXPECT_EQ(layout.grid.width, 4);
  EXPECT_EQ(layout.grid.height, 3);
  EXPECT_TRUE(layout.grid.geographic);
  EXPECT_EQ(layout.grid.crs_wkt, testing::kWgs84Wkt);
  EXPECT_DOUBLE_EQ(layout.grid.geotransform[0], 34.0);
  EXPECT_DOUBLE_EQ(layout.grid.geotransform[5], -0.5);
}

TEST(RunWriter, ValuesAndDimensionsReadBack) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  const VariableData households = run.read("households");
  EXPECT_EQ(households.dimensions,
            (std::vector<std::string>{"time", "region", "status", "breakdown"}));
  EXPECT_EQ(households.shape, (std::vector<std::size_t>{3, 2, 6, 5}));
  EXPECT_EQ(households.units, "1");
  EXPECT_DOUBLE_EQ(households.values[households.index_of({2, 1, 2, 3})], 2123.0);

  const VariableData flows = run.read("flows");
  EXPECT_EQ(flows.dimensions,
            (std::vector<std::string>{"time", "flow_kind", "origin", "destination"}));
  EXPECT_DOUBLE_EQ(flows.values[flows.index_of({1, 1, 0, 2})], 2.0);
  EXPECT_DOUBLE_EQ(flows.values[flows.index_of({1, 1, 0, 1})], 0.0);

  const VariableData flows_people = run.read("flows_people");
  EXPECT_EQ(flows_people.dimensions, flows.dimensions);
  EXPECT_DOUBLE_EQ(flows_people.values[flows_people.index_of({1, 1, 0, 2})], 5.0);
  EXPECT_DOUBLE_EQ(flows_people.values[flows_people.index_of({2, 0, 1, 2})], 7.5);

  const VariableData displacements = run.read("displacements_people");
  EXPECT_EQ(displacements.dimensions,
            (std::vector<std::string>{"time", "region", "displacement_cause"}));
  EXPECT_EQ(displacements.shape, (std::vector<std::size_t>{3, 2, 3}));
  EXPECT_DOUBLE_EQ(displacements.values[displacements.index_of({2, 1, 2})], 213.0);
  EXPECT_EQ(run.layout().displacement_causes,
            (std::vector<std::string>{"evacuation", "uninhabitable_home", "services_loss"}));
  EXPECT_EQ(run.read_strings("displacement_cause"), run.layout().displacement_causes);
  const VariableData by_hazard = run.read("uninhabitable_people_by_hazard");
  EXPECT_EQ(by_hazard.dimensions, (std::vector<std::string>{"time", "region", "hazard"}));
  EXPECT_EQ(by_hazard.shape, (std::vector<std::size_t>{3, 2, 2}));
  EXPECT_EQ(run.layout().hazard_names, (std::vector<std::string>{"wind", "flood"}));
  EXPECT_DOUBLE_EQ(by_hazard.values[by_hazard.index_of({2, 1, 0})], 0.75 * 212.0);
  EXPECT_DOUBLE_EQ(by_hazard.values[by_hazard.index_of({2, 1, 1})], 0.25 * 212.0);

  const VariableData map = run.read("present_people_map");
  EXPECT_EQ(map.dimensions, (std::vector<std::string>{"map_time", "y", "x"}));
  EXPECT_EQ(map.shape, (std::vector<std::size_t>{2, 3, 4}));
  EXPECT_DOUBLE_EQ(map.values[map.index_of({1, 2, 3})], 223.0);

  const VariableData duration = run.read("displacement_duration_households");
  EXPECT_EQ(duration.values, (std::vector<double>{0.0, 10.0, 5.0, 2.0}));
}

TEST(RunWriter, ProvenanceIsRecorded) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5", 1.0, "seawall"));
  const Provenance& provenance = run.provenance();
  EXPECT_EQ(provenance.scenario_name, "seawall");
  EXPECT_EQ(provenance.scenario_yaml, "name: seawall\nseed: 42\n");
  EXPECT_EQ(provenance.seed, 42u);
  EXPECT_EQ(provenance.engine_version, "0.1.0");
  EXPECT_EQ(provenance.git_revision, "abc1234");
  EXPECT_EQ(provenance.threads, 2);
  EXPECT_EQ(provenance.started_utc, "2024-05-01T10:00:00Z");
  EXPECT_EQ(provenance.input_sha256, testing::test_provenance("seawall").input_sha256);
  EXPECT_EQ(run.ended_utc().size(), std::string("2024-05-01T10:00:00Z").size());
  EXPECT_EQ(run.text_attribute("Conventions"), "CF-1.8");
  EXPECT_EQ(run.number_attribute("displace_complete"), 1.0);
}

TEST(RunWriter, LargeScenarioTextIsKeptWhole) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  Provenance provenance = testing::test_provenance("big");
  provenance.scenario_yaml = std::string(300000, 'y');  // beyond HDF5's 64 KiB compact attributes
  {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(), provenance);
    writer.begin(testing::test_layout());
    for (int step = 0; step < 3; ++step)
      writer.record_step(testing::test_step(step));
    writer.end(testing::test_summary());
  }
  EXPECT_EQ(RunReader(path).provenance().scenario_yaml.size(), 300000u);
}

TEST(RunWriter, SchemaReadsWithH5pyAndXarray) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  if (::access(DISPLACE_SYSTEM_PYTHON, X_OK) != 0) GTEST_SKIP() << "no " DISPLACE_SYSTEM_PYTHON;
  const std::string command = std::string(DISPLACE_SYSTEM_PYTHON) + " " + DISPLACE_OUTPUT_TEST_DIR +
                              "/check_schema.py " + path.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(RunWriter, WhileRunningOnlyThePartialFileExistsWithFlushedSteps) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  writer.begin(testing::test_layout());
  writer.record_step(testing::test_step(0));
  writer.record_step(testing::test_step(1));
  EXPECT_FALSE(fs::exists(path));
  ASSERT_TRUE(fs::exists(partial_of(path)));
  // What a crash right now would leave: a copy of the flushed partial file holds both steps.
  const fs::path snapshot = folder / "snapshot.h5";
  fs::copy_file(partial_of(path), snapshot);
  EXPECT_EQ(time_length(snapshot), 2u);
}

TEST(RunWriter, SecondWriterOnTheSamePathIsRefusedAndTheFirstCompletes) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  RunWriter first(path, testing::test_grid(), testing::test_step_dates(),
                  testing::test_provenance("baseline"));
  first.begin(testing::test_layout());
  first.record_step(testing::test_step(0));
  const auto size_before = fs::file_size(partial_of(path));
  RunWriterOptions overwrite;
  overwrite.overwrite = true;
  try {
    RunWriter second(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("other"), overwrite);
    FAIL() << "a second writer on the same path must be refused";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("another run is writing"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(fs::file_size(partial_of(path)), size_before);  // not truncated by the attempt
  first.record_step(testing::test_step(1));
  first.record_step(testing::test_step(2));
  first.end(testing::test_summary());
  EXPECT_EQ(time_length(path), 3u);
}

TEST(RunWriter, SymbolicLinkAtThePartialNameIsNotFollowed) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  const fs::path victim = folder / "victim.txt";
  std::ofstream(victim) << "keep me";
  fs::create_symlink(victim, partial_of(path));
  EXPECT_THROW(RunWriter(path, testing::test_grid(), testing::test_step_dates(),
                         testing::test_provenance("baseline")),
               InputError);
  EXPECT_EQ(fs::file_size(victim), 7u);
}

TEST(RunWriter, DeviceNodeIsNeverReplaced) {
  RunWriterOptions overwrite;
  overwrite.overwrite = true;
  EXPECT_THROW(RunWriter("/dev/null", testing::test_grid(), testing::test_step_dates(),
                         testing::test_provenance("baseline"), overwrite),
               InputError);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(RunWriter, UnfinishedWriterRemovesItsPartialFile) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    writer.begin(testing::test_layout());
    writer.record_step(testing::test_step(0));
  }  // destroyed without end(), as when an exception unwinds the run
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(partial_of(path)));
}

TEST(RunWriter, ExistingFileIsRefusedWithoutOverwrite) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  try {
    testing::write_test_run(path);
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("exists"), std::string::npos) << error.what();
  }
  EXPECT_EQ(RunReader(path).provenance().scenario_name, "baseline");  // untouched
}

TEST(RunWriter, OverwriteReplacesExistingFile) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  RunWriterOptions options;
  options.overwrite = true;
  testing::write_test_run(path, 1.0, "second", options);
  EXPECT_EQ(RunReader(path).provenance().scenario_name, "second");
}

TEST(RunWriter, MissingFolderIsRefused) {
  const TempFolder folder;
  const fs::path path = folder / "no" / "such" / "run.h5";
  try {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("does not exist"), std::string::npos) << error.what();
  }
}

TEST(RunWriter, UnwritableFolderIsRefused) {
  const TempFolder folder;
  const fs::path locked = folder / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read |
                              fs::perms::others_exec);
  fs::permissions(folder.path(), fs::perms::others_exec | fs::perms::others_read,
                  fs::perm_options::add);
  // Root writes anywhere (CI runs as root): the attempt is made in a child process that has
  // given up root for the unprivileged user "nobody" (65534), so the test tests as root too.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    try {
      RunWriter writer(locked / "run.h5", testing::test_grid(), testing::test_step_dates(),
                       testing::test_provenance("baseline"));
      ::_exit(1);  // created: the refusal did not happen
    } catch (const InputError& error) {
      ::_exit(std::string(error.what()).find("is not writable") != std::string::npos ? 0 : 2);
    } catch (...) {
      ::_exit(4);
    }
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: created anyway, 2: another error, 3: cannot drop root";
  EXPECT_TRUE(fs::is_empty(locked));
}

TEST(RunWriter, BlockedPartialPathIsRefusedNamingIt) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  fs::create_directory(partial_of(path));  // something that is not a file sits at the partial name
  try {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(partial_of(path).string()), std::string::npos) << message;
    EXPECT_NE(message.find("cannot create"), std::string::npos) << message;
  }
}

/// Limits the size of files this process may write (as a full disk would), restoring on exit.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of a signal
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

TEST(RunWriter, WriteFailureIsAnErrorNamingTheFileAndLeavesNoFile) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  // A big noisy map that cannot compress below the limit.
  RunGrid grid = testing::test_grid();
  grid.width = 300;
  grid.height = 300;
  engine::RunLayout layout = testing::test_layout();
  layout.width = grid.width;
  layout.height = grid.height;
  engine::MapRecord map;
  std::uint32_t state = 12345;
  for (int cell = 0; cell < grid.width * grid.height; ++cell) {
    state = state * 1664525u + 1013904223u;
    map.present_people.push_back(static_cast<float>(state));
  }
  map.displaced_from_people = map.present_people;
  map.arrivals_people = map.present_people;
  std::string message;
  {
    const FileSizeLimit limit(128 * 1024);
    try {
      RunWriter writer(path, grid, testing::test_step_dates(),
                       testing::test_provenance("baseline"));
      writer.begin(layout);
      writer.record_step(testing::test_step(0));
      writer.record_map(map);
      writer.end(testing::test_summary());
    } catch (const InputError& error) {
      message = std::string("unexpected InputError: ") + error.what();
    } catch (const Error& error) {
      message = error.what();
    }
  }
  ASSERT_FALSE(message.empty()) << "the write past the limit should have failed";
  EXPECT_EQ(message.find("unexpected"), std::string::npos) << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;  // the system's reason
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find(partial_of(path).string()), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(partial_of(path)));
}

TEST(RunWriter, RecordOfWrongSizeIsAnError) {
  const TempFolder folder;
  RunWriter writer(folder / "run.h5", testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  writer.begin(testing::test_layout());
  engine::StepRecord record = testing::test_step(0);
  record.present_people.pop_back();
  EXPECT_THROW(writer.record_step(record), Error);
}

TEST(RunWriter, StepsOutOfOrderAreAnError) {
  const TempFolder folder;
  RunWriter writer(folder / "run.h5", testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  writer.begin(testing::test_layout());
  EXPECT_THROW(writer.record_step(testing::test_step(1)), Error);
}

TEST(RunWriter, RunWithoutGridHasNoMaps) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  RunGrid grid = testing::test_grid();
  grid.width = 0;
  grid.height = 0;
  engine::RunLayout layout = testing::test_layout();
  layout.width = 0;
  layout.height = 0;
  {
    RunWriter writer(path, grid, testing::test_step_dates(), testing::test_provenance("b"));
    writer.begin(layout);
    writer.record_step(testing::test_step(0));
    EXPECT_THROW(writer.record_map(testing::test_map(0)), Error);
    writer.record_step(testing::test_step(1));
    writer.record_step(testing::test_step(2));
    writer.end(testing::test_summary());
  }
  const RunReader run(path);
  EXPECT_FALSE(run.has_variable("present_people_map"));
  EXPECT_TRUE(run.layout().map_dates.empty());
  EXPECT_EQ(run.layout().grid.width, 0);
  EXPECT_EQ(run.read("households").shape.front(), 3u);
}

TEST(RunWriter, RunWithoutFlowsOmitsTheFlowVariable) {
  const TempFolder folder;
  RunWriterOptions options;
  options.record_flows = false;
  const RunReader run(testing::write_test_run(folder / "run.h5", 1.0, "baseline", options));
  EXPECT_FALSE(run.layout().has_flows);
  EXPECT_FALSE(run.has_variable("flows"));
  EXPECT_THROW(run.read("flows"), InputError);
  EXPECT_FALSE(run.layout().has_flows_people);  // people flows follow record_flows
  EXPECT_FALSE(run.has_variable("flows_people"));
  EXPECT_TRUE(run.layout().has_displacements_people);
}

/// Steps as an engine that does not (yet) record people flows and displacements by cause leaves
/// them: empty vectors.
engine::StepRecord without_people_tallies(int step) {
  engine::StepRecord record = testing::test_step(step);
  record.flows_people.clear();
  record.displacements_people.clear();
  return record;
}

TEST(RunWriter, EmptyPeopleTalliesLeaveTheirVariablesOut) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    writer.begin(testing::test_layout());
    for (int step = 0; step < 3; ++step)
      writer.record_step(without_people_tallies(step));
    writer.end(testing::test_summary());
  }
  const RunReader run(path);
  EXPECT_TRUE(run.layout().has_flows);
  EXPECT_FALSE(run.layout().has_flows_people);
  EXPECT_FALSE(run.layout().has_displacements_people);
  EXPECT_FALSE(run.has_variable("displacement_cause"));
  EXPECT_TRUE(run.layout().displacement_causes.empty());
}

TEST(RunWriter, PeopleTalliesMustBeThereFromTheFirstStepOn) {
  const TempFolder folder;
  RunWriter writer(folder / "late.h5", testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  writer.begin(testing::test_layout());
  writer.record_step(without_people_tallies(0));
  EXPECT_THROW(writer.record_step(testing::test_step(1)), Error);

  RunWriter second(folder / "short.h5", testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  second.begin(testing::test_layout());
  second.record_step(testing::test_step(0));
  engine::StepRecord short_row = testing::test_step(1);
  short_row.displacements_people.pop_back();
  try {
    second.record_step(short_row);
    FAIL() << "a short displacements_people row was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("displacements_people has 5 values, expected 6"),
              std::string::npos)
        << e.what();
  }
}

TEST(RunWriter, EveryStepOutputOfTheTableIsWrittenOnItsAxesWithItsUnitsAndLongName) {
  const TempFolder folder;
  // The test run with shelters records every step output (flows, hazards and shelters included).
  const RunReader run(testing::write_test_run_with_shelters(folder / "run.h5"));
  for (const engine::StepOutput& output : engine::kStepOutputs) {
    const std::string name(output.name);
    ASSERT_TRUE(run.has_variable(name)) << name;
    const VariableData variable = run.read(name);
    std::vector<std::string> dimensions = {std::string(schema::kTime)};
    for (std::size_t a = 0; a < output.axis_count; ++a)
      dimensions.emplace_back(schema::step_axis_name(output.axes[a]));
    EXPECT_EQ(variable.dimensions, dimensions) << name;
    EXPECT_EQ(variable.shape.front(), 3u) << name;  // the test run's steps
    EXPECT_EQ(variable.units, output.units) << name;
    EXPECT_EQ(variable.long_name, output.long_name) << name;
  }
}

/// test_step(step) with protected households and people too: every first-step output.
engine::StepRecord step_with_every_output(int step) {
  engine::StepRecord record = testing::test_step(step);
  record.protected_households = {1.0, 2.0};
  record.protected_people = {4.0, 8.0};
  return record;
}

TEST(RunWriter, EveryFirstStepOutputMustBeThereFromTheFirstStepOn) {
  for (const engine::StepOutput& output : engine::kStepOutputs) {
    if (output.creation != engine::StepOutputCreation::at_first_step) continue;
    const TempFolder folder;
    RunWriter writer(folder / "late.h5", testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    writer.begin(testing::test_layout());
    engine::StepRecord first = step_with_every_output(0);
    engine::for_each_step_output(first,
                                 [&](const engine::StepOutput& entry, std::vector<double>& values) {
                                   if (&entry == &output) values.clear();
                                 });
    writer.record_step(first);
    try {
      writer.record_step(step_with_every_output(1));
      FAIL() << output.name << " appeared at the second step and was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string(output.name) + " appears after the first"),
                std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace displace::output
