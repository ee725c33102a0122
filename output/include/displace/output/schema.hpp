#pragma once
// Names in the run file (docs/output-format.md describes each). Shared by the writer, the reader,
// compare/export and the CLI so that no name is spelled twice.
#include <string>
#include <string_view>

#include "displace/engine/step_outputs.hpp"

namespace displace::output::schema {

/// Version of the layout below; bumped on any incompatible change.
inline constexpr int kFormatVersion = 1;

// Global attributes that mark a displace run file.
inline constexpr std::string_view kFormatVersionAttribute = "displace_format_version";
inline constexpr std::string_view kCompleteAttribute = "displace_complete";  ///< 1 once end() ran
inline constexpr std::string_view kPartialSuffix = ".partial";  ///< file name while being written

// Provenance: global attributes of a run file (RunWriter, RunReader); the ensemble file and the
// checkpoint record some of them under the same names.
inline constexpr std::string_view kScenarioNameAttribute = "scenario_name";
inline constexpr std::string_view kScenarioYamlAttribute = "scenario_yaml";  ///< resolved YAML
inline constexpr std::string_view kSeedAttribute = "seed";
inline constexpr std::string_view kEngineVersionAttribute = "engine_version";
inline constexpr std::string_view kGitRevisionAttribute = "git_revision";
inline constexpr std::string_view kThreadsAttribute = "threads";
inline constexpr std::string_view kRanksAttribute = "ranks";
inline constexpr std::string_view kStartedUtcAttribute = "started_utc";
inline constexpr std::string_view kInputSha256Attribute = "input_sha256";  ///< "digest  path\n"...
inline constexpr std::string_view kRunStartDateAttribute = "run_start_date";

// Dimensions (each with a coordinate variable of the same name).
inline constexpr std::string_view kTime = "time";      ///< unlimited; days since the run start
inline constexpr std::string_view kRegion = "region";  ///< admin codes
inline constexpr std::string_view kStatus = "status";  ///< engine::kStatusNames
inline constexpr std::string_view kBreakdown = "breakdown";      ///< engine::kBreakdownNames
inline constexpr std::string_view kPlace = "place";              ///< region codes then externals
inline constexpr std::string_view kFlowKind = "flow_kind";       ///< engine::kFlowKindNames
inline constexpr std::string_view kOrigin = "origin";            ///< places
inline constexpr std::string_view kDestination = "destination";  ///< places
inline constexpr std::string_view kMapTime = "map_time";         ///< unlimited; steps with maps
inline constexpr std::string_view kY = "y";
inline constexpr std::string_view kX = "x";
inline constexpr std::string_view kDuration = "duration";  ///< episode length in steps (bins)
/// engine::kDisplacementCauseNames; present with displacements_people.
inline constexpr std::string_view kDisplacementCause = "displacement_cause";
/// Shelter site names (the scenario's `shelters`); present when the scenario has shelter sites.
inline constexpr std::string_view kShelter = "shelter";
/// Hazard kinds (the scenario's hazard layers' `hazard`); present with
/// uninhabitable_people_by_hazard.
inline constexpr std::string_view kHazard = "hazard";

// Label variables and the grid mapping.
inline constexpr std::string_view kRegionName = "region_name";  ///< (region)
inline constexpr std::string_view kPlaceName = "place_name";    ///< (place)
inline constexpr std::string_view kCrs = "crs";                 ///< scalar grid mapping

// Data variables. The per-step ones are named by engine::DISPLACE_STEP_OUTPUTS (step_outputs.hpp,
// which also gives their axes, units and long names); the constants below are those names.
/// The name of a step output's variable in the run file.
constexpr std::string_view step_variable(engine::StepOutputId id) {
  return engine::step_output(id).name;
}
inline constexpr std::string_view kHouseholds = step_variable(engine::StepOutputId::households);
inline constexpr std::string_view kPeople = step_variable(engine::StepOutputId::people);
inline constexpr std::string_view kPresentHouseholds =
    step_variable(engine::StepOutputId::present_households);
inline constexpr std::string_view kPresentPeople =
    step_variable(engine::StepOutputId::present_people);
inline constexpr std::string_view kTrappedHouseholds =
    step_variable(engine::StepOutputId::trapped_households);
inline constexpr std::string_view kTrappedPeople =
    step_variable(engine::StepOutputId::trapped_people);
inline constexpr std::string_view kProtractedHouseholds =
    step_variable(engine::StepOutputId::protracted_households);
inline constexpr std::string_view kDamagedHomeHouseholds =
    step_variable(engine::StepOutputId::damaged_home_households);
inline constexpr std::string_view kFlows = step_variable(engine::StepOutputId::flows);
inline constexpr std::string_view kFlowsPeople = step_variable(engine::StepOutputId::flows_people);
inline constexpr std::string_view kDisplacementsPeople =
    step_variable(engine::StepOutputId::displacements_people);
inline constexpr std::string_view kUninhabitablePeopleByHazard =
    step_variable(engine::StepOutputId::uninhabitable_people_by_hazard);
inline constexpr std::string_view kProtectedHouseholds =
    step_variable(engine::StepOutputId::protected_households);
inline constexpr std::string_view kProtectedPeople =
    step_variable(engine::StepOutputId::protected_people);
inline constexpr std::string_view kShelterHouseholds =
    step_variable(engine::StepOutputId::shelter_households);
inline constexpr std::string_view kShelterPeople =
    step_variable(engine::StepOutputId::shelter_people);
inline constexpr std::string_view kShelterOpen = step_variable(engine::StepOutputId::shelter_open);
// Other data variables.
inline constexpr std::string_view kPresentPeopleMap = "present_people_map";  ///< (map_time, y, x)
inline constexpr std::string_view kDisplacedFromPeopleMap = "displaced_from_people_map";
inline constexpr std::string_view kArrivalsPeopleMap = "arrivals_people_map";
inline constexpr std::string_view kDisplacementDurationHouseholds =
    "displacement_duration_households";  ///< (duration)
/// (shelter), present when the scenario has shelter sites.
inline constexpr std::string_view kShelterCapacityHouseholds = "shelter_capacity_households";

/// The dimension (coordinate variable) of a step output's axis.
constexpr std::string_view step_axis_name(engine::StepAxis axis) {
  switch (axis) {
    case engine::StepAxis::region:
      return kRegion;
    case engine::StepAxis::status:
      return kStatus;
    case engine::StepAxis::breakdown:
      return kBreakdown;
    case engine::StepAxis::place:
      return kPlace;
    case engine::StepAxis::flow_kind:
      return kFlowKind;
    case engine::StepAxis::origin:
      return kOrigin;
    case engine::StepAxis::destination:
      return kDestination;
    case engine::StepAxis::displacement_cause:
      return kDisplacementCause;
    case engine::StepAxis::hazard:
      return kHazard;
    case engine::StepAxis::shelter:
      return kShelter;
  }
  return {};
}

// Further admin levels (scenario layers with `level`): one group per level, named
// kAdminLevelGroupPrefix + level ("admin_2"), with attributes kAdminLevelAttribute and
// kAdminLayerAttribute, its own dimensions and the variables below. time, status and breakdown
// are the root group's dimensions.
inline constexpr std::string_view kAdminLevelGroupPrefix = "admin_";
/// The group of admin level `level` ("admin_2").
inline std::string admin_level_group(int level) {
  return std::string(kAdminLevelGroupPrefix) + std::to_string(level);
}
inline constexpr std::string_view kAdminLevelAttribute = "admin_level";  ///< int
inline constexpr std::string_view kAdminLayerAttribute = "layer";        ///< scenario layer name
inline constexpr std::string_view kUnit = "unit";           ///< unit codes of the level
inline constexpr std::string_view kUnitName = "unit_name";  ///< (unit)
inline constexpr std::string_view kCurrent = "current";     ///< unit codes then external names
inline constexpr std::string_view kCurrentName = "current_name";  ///< (current)
// households / people (time, unit, status, breakdown): by unit of origin (home), in the group.
/// (time, unit, current, breakdown): displaced or evacuated, by unit of origin and place now.
inline constexpr std::string_view kDisplacedHouseholds = "displaced_households";
inline constexpr std::string_view kDisplacedPeople = "displaced_people";

}  // namespace displace::output::schema
