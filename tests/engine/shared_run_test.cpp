// A run shared by several ranks (partition.hpp) gives the one-process run's records exactly. The
// ranks here are threads of the test process exchanging through shared memory, so the engine's
// partitioning is tested in every build; the MPI exchange itself is tested end to end with
// mpirun (tests/app, Mpi.SharedRun.*).
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <exception>
#include <thread>

#include "displace/common/error.hpp"
#include "displace/engine/household_table.hpp"
#include "displace/engine/partition.hpp"
#include "engine_fixture.hpp"

namespace displace::engine::testing {
namespace {

/// The collectives of RankExchange between `size` threads: each rank posts its values, all
/// wait, each combines every rank's post in rank order, all wait again before the next call.
class ThreadRanks {
 public:
  explicit ThreadRanks(int size)
      : size_(size), posts_(static_cast<std::size_t>(size)), sync_(size) {}

  class Exchange final : public RankExchange {
   public:
    Exchange(ThreadRanks& ranks, int rank) : ranks_(ranks), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return ranks_.size_; }
    void sum(std::span<std::int64_t> values) override { sum_as(values); }
    void sum(std::span<std::int32_t> values) override { sum_as(values); }
    std::vector<std::uint8_t> gather(std::span<const std::uint8_t> bytes) override {
      post(bytes.data(), bytes.size());
      std::vector<std::uint8_t> all;
      for (const auto& p : ranks_.posts_)
        all.insert(all.end(), p.begin(), p.end());
      ranks_.sync_.arrive_and_wait();
      return all;
    }

   private:
    template <class T>
    void sum_as(std::span<T> values) {
      post(values.data(), values.size_bytes());
      std::fill(values.begin(), values.end(), T{0});
      for (const auto& p : ranks_.posts_) {
        ASSERT_EQ(p.size(), values.size_bytes());
        const auto* other = reinterpret_cast<const T*>(p.data());
        for (std::size_t i = 0; i < values.size(); ++i)
          values[i] += other[i];
      }
      ranks_.sync_.arrive_and_wait();
    }
    void post(const void* data, std::size_t bytes) {
      const auto* first = static_cast<const std::uint8_t*>(data);
      ranks_.posts_[static_cast<std::size_t>(rank_)].assign(first, first + bytes);
      ranks_.sync_.arrive_and_wait();
    }
    ThreadRanks& ranks_;
    int rank_;
  };

 private:
  int size_;
  std::vector<std::vector<std::uint8_t>> posts_;
  std::barrier<> sync_;
};

/// Every capacity-limited resource (shelter, external, relocation, pathway quota), the cash
/// quantile, a forecast storm and two regions: each needs the other ranks' households.
struct Busy {
  std::shared_ptr<Landscape> land = make_grid(16, 12, 1200.0f);
  ModelParameters parameters = quiet_parameters();
  std::vector<Policy> policies;

  Busy() {
    add_step_event(*land, 1, 0, 96);  // the northern half
    add_step_event(*land, 5, 60, 150, false);
    land->externals[0].capacity_households = 3.0;
    land->externals.push_back({"neighbour", 300.0, 100.0, 500.0, 0.2, -1.0, 1.0, {}});
    land->shelters = {{"hall", 100, 120.0}, {"school", 170, 80.0}};
    // #18's drivers: status-quo warnings, services lost for months, displacements by cause.
    land->hazard_kinds[0].warning_intensity = 1.0;
    land->hazard_kinds[0].services_curve.step_threshold = 1.0;
    land->hazard_kinds[0].services_curve.step_damage = 0.7;
    parameters.evacuation.coverage = 0.5;
    parameters.evacuation.compliance = 0.3;
    parameters.services.displacement_per_year = 1.5;
    parameters.aspiration.intercept = -2.0;
    Policy shelter;
    shelter.kind = PolicyKind::shelter;
    shelter.shelter_sites = {0, 1};
    Policy warning;
    warning.kind = PolicyKind::early_warning;
    Policy cash;
    cash.kind = PolicyKind::cash_transfer;
    cash.first_step = 2;
    Policy relocation;
    relocation.kind = PolicyKind::planned_relocation;
    relocation.site_cell = 180;
    relocation.capacity_households = 400.0;
    relocation.uptake_per_step = 0.05;
    relocation.target_cells.assign(land->population_people.size(), 0);
    for (std::size_t c = 0; c < 48; ++c)
      relocation.target_cells[c] = 1;
    Policy pathway;
    pathway.kind = PolicyKind::migration_pathway;
    pathway.destination_external = 1;
    pathway.quota_per_step_households = 40.0;
    policies = {shelter, warning, cash, relocation, pathway};
  }
};

/// Runs the Busy scenario with `ranks` threads as ranks; returns every rank's records.
std::vector<MemoryRecorder> run_shared(const Busy& busy, const RunOptions& o, int ranks) {
  ThreadRanks shared(ranks);
  std::vector<MemoryRecorder> records(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      Simulation simulation(busy.land, busy.parameters, busy.policies, o,
                            std::make_shared<ThreadRanks::Exchange>(shared, r));
      simulation.run(records[static_cast<std::size_t>(r)]);
    });
  }
  for (auto& t : threads)
    t.join();
  return records;
}

TEST(Partition, PiecesAreContiguousCoverEveryCellAndBalanceHouseholds) {
  // 10 cells with 0, 5, 5, 0, 40, 1, 1, 1, 1, 6 households (60 in all).
  const std::vector<std::int64_t> cell_first = {0, 0, 5, 10, 10, 50, 51, 52, 53, 54, 60};
  for (int pieces = 1; pieces <= 12; ++pieces) {
    std::int64_t next_cell = 0;
    std::int64_t households = 0;
    for (int p = 0; p < pieces; ++p) {
      const CellRange range = piece_of_cells(cell_first, p, pieces);
      EXPECT_EQ(range.first_cell, next_cell) << pieces << " pieces, piece " << p;
      EXPECT_LE(range.first_cell, range.last_cell);
      EXPECT_EQ(range.first_household, cell_first[static_cast<std::size_t>(range.first_cell)]);
      EXPECT_EQ(range.last_household, cell_first[static_cast<std::size_t>(range.last_cell)]);
      next_cell = range.last_cell;
      households += range.last_household - range.first_household;
    }
    EXPECT_EQ(next_cell, 10) << pieces << " pieces";
    EXPECT_EQ(households, 60);
  }
  // Two pieces: the second starts at the first cell starting at or after household 30, so the
  // 40-household cell (households 10..49) goes to the first.
  EXPECT_EQ(piece_of_cells(cell_first, 0, 2).last_cell, 5);
  EXPECT_EQ(piece_of_cells(cell_first, 1, 2).first_household, 50);
}

TEST(Partition, EveryHouseholdHasOneRankAndEachRankAFairShareSpreadOverTheGrid) {
  std::vector<std::int64_t> cell_first(1, 0);  // 5,000 cells of 0..9 households
  for (int c = 0; c < 5000; ++c)
    cell_first.push_back(cell_first.back() + (c * 7) % 10);
  const std::int64_t total = cell_first.back();
  for (int ranks : {1, 2, 3, 7}) {
    std::vector<int> owner(static_cast<std::size_t>(total), -1);
    for (int r = 0; r < ranks; ++r) {
      const auto ranges = partition_cells(cell_first, r, ranks);
      EXPECT_LE(ranges.size(), static_cast<std::size_t>(ranks == 1 ? 1 : kRangesPerRank));
      std::int64_t held = 0;
      std::int64_t previous_end = -1;
      for (const CellRange& range : ranges) {
        EXPECT_GT(range.first_household, previous_end);  // in id order
        previous_end = range.last_household - 1;
        for (auto id = range.first_household; id < range.last_household; ++id) {
          ASSERT_EQ(owner[static_cast<std::size_t>(id)], -1) << "household " << id;
          owner[static_cast<std::size_t>(id)] = r;
        }
        held += range.last_household - range.first_household;
      }
      // Within one piece's worth of households (+ a cell) of an equal share.
      EXPECT_NEAR(static_cast<double>(held), static_cast<double>(total) / ranks,
                  static_cast<double>(total) / (ranks * kRangesPerRank) + 10.0)
          << ranks << " ranks, rank " << r;
      if (ranks > 1) {  // spread: the rank holds households in both halves of the grid
        EXPECT_LT(ranges.front().first_household, total / 2);
        EXPECT_GT(ranges.back().last_household, total / 2);
      }
    }
    EXPECT_EQ(std::count(owner.begin(), owner.end(), -1), 0) << ranks << " ranks";
  }
}

TEST(Partition, HouseholdsOfEveryShareAreThoseOfTheWholeTable) {
  const auto land = make_grid(9, 7, 900.0f);
  const ModelParameters p = quiet_parameters();
  const HouseholdTable whole = synthesise_households(*land, p.synthesis, 11);
  std::int64_t rows = 0;
  for (int r = 0; r < 3; ++r) {
    const HouseholdTable share = synthesise_households(*land, p.synthesis, 11, r, 3);
    EXPECT_EQ(share.cell_first, whole.cell_first);
    EXPECT_EQ(share.total(), whole.size());
    EXPECT_GT(share.ranges.size(), 1u);
    for (std::int64_t i = 0; i < share.size(); ++i) {
      const std::int64_t id = i + share.id_offset(i, i + 1);
      ASSERT_EQ(share.row_of(id), i);
      const auto s = static_cast<std::size_t>(i);
      const auto w = static_cast<std::size_t>(id);
      ASSERT_EQ(share.home_cell[s], whole.home_cell[w]);
      ASSERT_EQ(share.wealth_usd[s], whole.wealth_usd[w]);
      ASSERT_EQ(share.flags[s], whole.flags[w]);
      ASSERT_EQ(share.kin_externals[s], whole.kin_externals[w]);
    }
    rows += share.size();
  }
  EXPECT_EQ(rows, whole.size());
  EXPECT_GT(whole.size(), 1000);
  EXPECT_THROW((void)whole.id_offset(0, whole.size() + 1), Error);
}

class SharedRun : public ::testing::TestWithParam<int> {};

TEST_P(SharedRun, EveryRankGetsTheOneProcessRecords) {
  const Busy busy;
  const RunOptions o = options(14, 23);
  const MemoryRecorder one = run(busy.land, busy.parameters, busy.policies, o);
  // The capacities do bind (else the lottery across ranks would be untested).
  double relocated = 0.0;
  double at_mainland = 0.0;
  for (const auto& step : one.steps) {
    relocated += flow_total(step, FlowKind::relocation, one.layout.place_count());
    at_mainland = std::max(at_mainland, step.present_households[2]);  // regions W, E, then it
  }
  EXPECT_EQ(relocated, 400.0);
  EXPECT_EQ(at_mainland, 3.0);
  const auto shared = run_shared(busy, o, GetParam());
  for (int r = 0; r < GetParam(); ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    EXPECT_EQ(shared[static_cast<std::size_t>(r)].layout.households_simulated,
              one.layout.households_simulated);
    expect_identical(one, shared[static_cast<std::size_t>(r)]);
  }
}

INSTANTIATE_TEST_SUITE_P(Ranks, SharedRun, ::testing::Values(1, 2, 3, 5),
                         [](const auto& p) { return "ranks" + std::to_string(p.param); });

/// Runs the Busy scenario on `ranks` thread-ranks to step `stop`, snapshots each rank, then
/// continues on `resume_ranks` thread-ranks restored from `pick(snapshots, rank)`.
template <class Pick>
std::vector<MemoryRecorder> run_stopped_and_resumed(const Busy& busy, const RunOptions& o,
                                                    int ranks, int stop, int resume_ranks,
                                                    Pick pick) {
  std::vector<Snapshot> snapshots(static_cast<std::size_t>(ranks));
  {
    ThreadRanks shared(ranks);
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r) {
      threads.emplace_back([&, r] {
        Simulation simulation(busy.land, busy.parameters, busy.policies, o,
                              std::make_shared<ThreadRanks::Exchange>(shared, r));
        MemoryRecorder ignored;
        simulation.run(ignored, [&](int done) { return done < stop; });
        snapshots[static_cast<std::size_t>(r)] = simulation.snapshot();
      });
    }
    for (auto& t : threads)
      t.join();
  }
  ThreadRanks shared(resume_ranks);
  std::vector<MemoryRecorder> records(static_cast<std::size_t>(resume_ranks));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(resume_ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < resume_ranks; ++r) {
    threads.emplace_back([&, r] {
      try {  // (a refused restore is only tested with one rank: others would wait for it)
        Simulation simulation(busy.land, busy.parameters, busy.policies, o,
                              std::make_shared<ThreadRanks::Exchange>(shared, r));
        simulation.restore(pick(snapshots, r));
        simulation.run(records[static_cast<std::size_t>(r)]);
      } catch (...) {
        errors[static_cast<std::size_t>(r)] = std::current_exception();
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return records;
}

/// The last `steps` steps of `records`, as a run resumed there records them.
MemoryRecorder last_steps(MemoryRecorder records, std::size_t steps) {
  records.steps.erase(records.steps.begin(),
                      records.steps.end() - static_cast<std::ptrdiff_t>(steps));
  records.maps.erase(records.maps.begin(), records.maps.end() - static_cast<std::ptrdiff_t>(steps));
  return records;
}

TEST(SharedRun, EachRankResumesFromItsOwnSnapshot) {
  const Busy busy;
  const RunOptions o = options(14, 23);
  const MemoryRecorder one = last_steps(run(busy.land, busy.parameters, busy.policies, o), 8);
  const auto resumed = run_stopped_and_resumed(
      busy, o, 3, 6, 3, [](const std::vector<Snapshot>& s, int r) { return s[std::size_t(r)]; });
  for (const auto& records : resumed)
    expect_identical(one, records);
}

TEST(SharedRun, RanksResumeFromAOneProcessSnapshot) {
  const Busy busy;
  const RunOptions o = options(14, 23);
  const MemoryRecorder one = last_steps(run(busy.land, busy.parameters, busy.policies, o), 8);
  const auto resumed = run_stopped_and_resumed(
      busy, o, 1, 6, 2, [](const std::vector<Snapshot>& s, int) { return s[0]; });
  for (const auto& records : resumed)
    expect_identical(one, records);
}

TEST(SharedRun, ARankRefusesASnapshotWithoutItsHouseholds) {
  const Busy busy;
  const RunOptions o = options(14, 23);
  EXPECT_THROW(run_stopped_and_resumed(busy, o, 2, 6, 1,
                                       [](const std::vector<Snapshot>& s, int) { return s[1]; }),
               InputError);
}

TEST(SharedRun, MoreRanksThanHouseholdCellsLeavesSomeRanksEmpty) {
  const auto land = make_grid(2, 1, 300.0f);
  add_step_event(*land, 0, 0, 1);
  const ModelParameters p = quiet_parameters();
  const RunOptions o = options(4, 3);
  const MemoryRecorder one = run(land, p, {}, o);
  Busy busy;
  busy.land = land;
  busy.parameters = p;
  busy.policies = {};
  const auto shared = run_shared(busy, o, 4);
  for (const auto& records : shared)
    expect_identical(one, records);
}

}  // namespace
}  // namespace displace::engine::testing
