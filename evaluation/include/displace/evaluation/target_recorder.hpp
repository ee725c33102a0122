#pragma once
// An engine::Recorder that feeds a TargetAccumulator: hand it to a simulation in place of the run
// file writer and the member's targets are computed as it runs, with nothing written to disk.
#include "displace/engine/records.hpp"
#include "displace/evaluation/target_accumulator.hpp"

namespace displace::evaluation {

class TargetRecorder final : public engine::Recorder {
 public:
  /// `accumulator` must outlive the recorder; begin() resets it.
  explicit TargetRecorder(TargetAccumulator& accumulator) : accumulator_(accumulator) {}

  /// Throws Error when the layout's regions, places or step count differ from the accumulator's
  /// axes (targets resolved against another run).
  void begin(const engine::RunLayout& layout) override;
  void record_step(const engine::StepRecord& record) override { accumulator_.add(record); }
  void record_map(const engine::MapRecord& /*record*/) override {}
  void end(const engine::RunSummary& /*summary*/) override {}

 private:
  TargetAccumulator& accumulator_;
};

}  // namespace displace::evaluation
