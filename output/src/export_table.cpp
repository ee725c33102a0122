// Table export (CSV) and the variable listings shared with the map export.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>

#include "displace/common/error.hpp"
#include "displace/output/csv.hpp"
#include "displace/output/export.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/schema.hpp"

namespace displace::output {

namespace {

bool is_coordinate(const RunReader& run, const std::string& name) {
  static constexpr std::string_view kNonData[] = {
      schema::kTime,       schema::kRegion,    schema::kStatus,      schema::kBreakdown,
      schema::kPlace,      schema::kFlowKind,  schema::kOrigin,      schema::kDestination,
      schema::kMapTime,    schema::kY,         schema::kX,           schema::kDuration,
      schema::kRegionName, schema::kPlaceName, schema::kCrs,         schema::kUnit,
      schema::kUnitName,   schema::kCurrent,   schema::kCurrentName, schema::kDisplacementCause,
      schema::kShelter,    schema::kHazard};
  (void)run;
  const std::string base = name.substr(name.find('/') + 1);  // an admin level's variable
  return std::find(std::begin(kNonData), std::end(kNonData), base) != std::end(kNonData);
}

/// The admin level a variable belongs to ("admin_2/people" -> admin_2), nullptr for the root's.
const AdminLevelAxes* level_of(const RunReader& run, const std::string& variable) {
  const auto slash = variable.find('/');
  if (slash == std::string::npos) return nullptr;
  const std::string group = variable.substr(0, slash);
  for (const AdminLevelAxes& level : run.layout().admin_levels) {
    if (level.group == group) return &level;
  }
  return nullptr;
}

/// The admin level whose DTM table `name` asks for ("admin_2"), nullptr when none.
const AdminLevelAxes* level_table(const RunReader& run, const std::string& name) {
  for (const AdminLevelAxes& level : run.layout().admin_levels) {
    if (level.group == name) return &level;
  }
  return nullptr;
}

/// The CSV columns and per-index labels of one dimension.
struct Axis {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> labels;  ///< labels[index] = one cell per column
};

Axis axis_of(const RunReader& run, const std::string& dimension, std::size_t extent,
             const AdminLevelAxes* level) {
  const RunFileLayout& layout = run.layout();
  Axis axis;
  auto pairs = [&](const std::string& prefix, const std::vector<std::string>& codes,
                   const std::vector<std::string>& names) {
    axis.columns = {prefix + "_code", prefix + "_name"};
    for (std::size_t i = 0; i < extent; ++i)
      axis.labels.push_back({codes.at(i), names.at(i)});
  };
  if (dimension == schema::kTime) {
    axis.columns = {"date"};
    for (std::size_t i = 0; i < extent; ++i)
      axis.labels.push_back({layout.step_dates.at(i)});
  } else if (dimension == schema::kRegion) {
    pairs("region", layout.region_codes, layout.region_names);
  } else if (dimension == schema::kPlace || dimension == schema::kOrigin ||
             dimension == schema::kDestination) {
    pairs(dimension, layout.place_ids, layout.place_names);
  } else if (level != nullptr && dimension == schema::kUnit) {
    pairs("unit", level->unit_codes, level->unit_names);
  } else if (level != nullptr && dimension == schema::kCurrent) {
    pairs("current", level->current_ids, level->current_names);
  } else if (dimension == schema::kDuration) {
    axis.columns = {"duration_steps"};
    for (std::size_t i = 0; i < extent; ++i)
      axis.labels.push_back({std::to_string(i)});
  } else {
    axis.columns = {dimension};
    const std::vector<std::string> labels = run.read_strings(dimension);
    for (std::size_t i = 0; i < extent; ++i)
      axis.labels.push_back({labels.at(i)});
  }
  return axis;
}

}  // namespace

std::vector<std::string> gridded_variable_names(const RunReader& run) {
  std::vector<std::string> names;
  for (const std::string& name : run.variable_names()) {
    if (is_coordinate(run, name)) continue;
    if (name == schema::kPresentPeopleMap || name == schema::kDisplacedFromPeopleMap ||
        name == schema::kArrivalsPeopleMap) {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<std::string> table_variable_names(const RunReader& run) {
  std::vector<std::string> names;
  const std::vector<std::string> gridded = gridded_variable_names(run);
  for (const AdminLevelAxes& level : run.layout().admin_levels)
    names.push_back(level.group);
  for (const std::string& name : run.variable_names()) {
    if (is_coordinate(run, name)) continue;
    if (std::find(gridded.begin(), gridded.end(), name) != gridded.end()) continue;
    names.push_back(name);
  }
  return names;
}

void export_admin_level_csv(const RunReader& run, const AdminLevelAxes& level, std::ostream& csv) {
  const std::string prefix = level.group + "/";
  const VariableData households = run.read(prefix + std::string(schema::kDisplacedHouseholds));
  const VariableData people = run.read(prefix + std::string(schema::kDisplacedPeople));
  const std::size_t units = level.unit_codes.size();
  const std::size_t currents = level.current_ids.size();
  const std::size_t breakdowns = households.shape.size() == 4 ? households.shape[3] : 0;
  const std::vector<std::string> breakdown_names = run.read_strings(schema::kBreakdown);
  if (households.shape != people.shape || households.shape.size() != 4 ||
      households.shape[1] != units || households.shape[2] != currents ||
      breakdown_names.size() != breakdowns) {
    throw InputError(run.path().string() + ": group '" + level.group +
                     "' has displaced tables whose shape does not match its units");
  }
  const std::size_t steps = households.shape[0];
  csv << "date,admin_level,origin_code,origin_name,current_code,current_name,units";
  for (const std::string& breakdown : breakdown_names)
    csv << ',' << csv_field(breakdown);
  csv << '\n';
  const std::string level_text = std::to_string(level.level);
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t o = 0; o < units; ++o) {
      for (std::size_t c = 0; c < currents; ++c) {
        const std::size_t first = ((t * units + o) * currents + c) * breakdowns;
        if (households.values[first] == 0.0) continue;  // DTM lists the pairs that have people
        for (const VariableData* data : {&households, &people}) {
          csv << csv_field(run.layout().step_dates.at(t)) << ',' << level_text << ','
              << csv_field(level.unit_codes[o]) << ',' << csv_field(level.unit_names[o]) << ','
              << csv_field(level.current_ids[c]) << ',' << csv_field(level.current_names[c]) << ','
              << (data == &households ? "households" : "people");
          for (std::size_t b = 0; b < breakdowns; ++b)
            csv << ',' << csv_number(data->values[first + b]);
          csv << '\n';
        }
      }
    }
  }
}

std::string counted_units(std::string_view variable, const std::string& units) {
  if (units != "1") return units;
  const bool people = variable.find("people") != std::string_view::npos;
  const bool households = variable.find("households") != std::string_view::npos;
  if (people != households) return people ? "people" : "households";
  if (variable == "flows") return "households";
  return units;
}

void export_table_csv(const RunReader& run, std::string_view variable, std::ostream& csv) {
  const std::string name(variable);
  const std::vector<std::string> accepted = table_variable_names(run);
  if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
    std::string list;
    for (const std::string& v : accepted)
      list += (list.empty() ? "" : ", ") + v;
    throw InputError(run.path().string() + ": '" + name +
                     "' cannot be exported as a table (tables: " + list +
                     "; gridded variables export as GeoTIFF maps)");
  }
  if (const AdminLevelAxes* level = level_table(run, name)) {
    export_admin_level_csv(run, *level, csv);
    return;
  }
  const VariableData data = run.read(name);
  const AdminLevelAxes* level = level_of(run, name);
  std::vector<Axis> axes;
  std::vector<std::string> header;
  for (std::size_t d = 0; d < data.dimensions.size(); ++d) {
    axes.push_back(axis_of(run, data.dimensions[d], data.shape[d], level));
    header.insert(header.end(), axes.back().columns.begin(), axes.back().columns.end());
  }
  header.push_back("units");
  header.push_back("value");
  const std::string units = csv_field(counted_units(name, data.units));
  for (std::size_t c = 0; c < header.size(); ++c)
    csv << (c ? "," : "") << header[c];
  csv << '\n';
  std::vector<std::size_t> position(data.shape.size(), 0);
  for (std::size_t i = 0; i < data.values.size(); ++i) {
    for (std::size_t d = 0; d < axes.size(); ++d) {
      for (const std::string& cell : axes[d].labels[position[d]])
        csv << csv_field(cell) << ',';
    }
    csv << units << ',' << csv_number(data.values[i]) << '\n';
    for (std::size_t d = position.size(); d-- > 0;) {  // odometer, last dimension fastest
      if (++position[d] < data.shape[d]) break;
      position[d] = 0;
    }
  }
}

void export_table_csv(const RunReader& run, std::string_view variable,
                      const std::filesystem::path& csv_path) {
  // Under `<csv>.partial`, renamed once complete: a full disk never leaves a short or empty CSV
  // under the final name.
  write_text_file_atomically(csv_path,
                             [&](std::ostream& csv) { export_table_csv(run, variable, csv); });
}

}  // namespace displace::output
