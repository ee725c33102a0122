// Whole variables of a multidimensional file through GDAL's multidimensional API (GDALGroup,
// GDALMDArray): numeric ones as doubles with fill values as NaN and scale/offset applied, text
// ones as strings.
#include "displace/geo/multidim.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "displace/common/error.hpp"
#include "gdal_support.hpp"

namespace displace::geo {

struct MultidimFile::Handles {
  GDALDatasetUniquePtr dataset;  // outlives the group (declared first, destroyed last)
  std::shared_ptr<GDALGroup> root;
};

namespace {

/// Frees the strings GDAL allocates when it reads a String variable.
class GdalStrings {
 public:
  explicit GdalStrings(std::size_t count) : pointers_(count, nullptr) {}
  ~GdalStrings() {
    for (char* p : pointers_)
      CPLFree(p);
  }
  GdalStrings(const GdalStrings&) = delete;
  GdalStrings& operator=(const GdalStrings&) = delete;
  char** data() { return pointers_.data(); }
  const std::vector<char*>& pointers() const { return pointers_; }

 private:
  std::vector<char*> pointers_;
};

std::string trimmed(std::string text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  return text;
}

}  // namespace

MultidimFile::MultidimFile(const std::string& path)
    : path_(path), handles_(std::make_unique<Handles>()) {
  detail::ensure_gdal_registered();
  detail::check_local_file(path, path);
  detail::GdalErrorCapture errors;
  const detail::StdoutToStderr driver_chatter;
  handles_->dataset.reset(
      GDALDataset::Open(path.c_str(), GDAL_OF_MULTIDIM_RASTER | GDAL_OF_READONLY));
  if (!handles_->dataset) {
    std::string reason = errors.messages();
    if (reason.empty()) reason = "not a multidimensional format GDAL can read (netCDF, HDF5, Zarr)";
    throw InputError(path + ": cannot open: " + reason + detail::archive_hint(path));
  }
  handles_->root = handles_->dataset->GetRootGroup();
  if (!handles_->root) throw InputError(path + ": cannot open: GDAL gives no root group");
}

MultidimFile::~MultidimFile() {
  handles_->root.reset();  // groups and arrays before the dataset
}

bool MultidimFile::has_variable(const std::string& name) const {
  detail::GdalErrorCapture errors;
  for (const auto& existing : handles_->root->GetMDArrayNames()) {
    if (existing == name) return true;
  }
  return false;
}

namespace {

std::shared_ptr<GDALMDArray> open_array(const GDALGroup& root, const std::string& path,
                                        const std::string& name) {
  detail::GdalErrorCapture errors;
  auto array = root.OpenMDArray(name);
  if (!array) throw InputError(path + ": no variable '" + name + "'");
  return array;
}

std::vector<std::size_t> shape_of(const GDALMDArray& array) {
  std::vector<std::size_t> shape;
  for (const auto& dimension : array.GetDimensions())
    shape.push_back(static_cast<std::size_t>(dimension->GetSize()));
  return shape;
}

std::size_t element_count(const std::vector<std::size_t>& shape) {
  std::size_t count = 1;
  for (const std::size_t n : shape)
    count *= n;
  return count;
}

void read_whole(const GDALMDArray& array, const std::vector<std::size_t>& shape,
                const GDALExtendedDataType& type, void* buffer, const std::string& where) {
  const std::vector<GUInt64> start(shape.size(), 0);
  detail::GdalErrorCapture errors;
  if (!array.Read(start.data(), shape.data(), nullptr, nullptr, type, buffer)) {
    throw InputError(where + ": cannot read" +
                     (errors.messages().empty() ? "" : ": " + errors.messages()));
  }
}

}  // namespace

NumericArray MultidimFile::read_numeric(const std::string& name) const {
  const auto array = open_array(*handles_->root, path_, name);
  const std::string where = path_ + ": variable '" + name + "'";
  if (array->GetDataType().GetClass() != GEDTC_NUMERIC) {
    throw InputError(where + ": not numeric");
  }
  NumericArray result;
  result.shape = shape_of(*array);
  result.units = array->GetUnit();
  result.values.assign(element_count(result.shape), 0.0);
  if (!result.values.empty()) {
    read_whole(*array, result.shape, GDALExtendedDataType::Create(GDT_Float64),
               result.values.data(), where);
  }

  detail::GdalErrorCapture errors;
  bool has_fill = false;
  const double fill = array->GetNoDataValueAsDouble(&has_fill);
  bool has_missing = false;
  double missing = 0.0;
  if (const auto attribute = array->GetAttribute("missing_value");
      attribute && attribute->GetDataType().GetClass() == GEDTC_NUMERIC) {
    missing = attribute->ReadAsDouble();
    has_missing = true;
  }
  bool has_scale = false;
  double scale = array->GetScale(&has_scale);
  bool has_offset = false;
  double offset = array->GetOffset(&has_offset);
  if (!has_scale) scale = 1.0;
  if (!has_offset) offset = 0.0;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (double& value : result.values) {
    if ((has_fill && value == fill) || (has_missing && value == missing)) {
      value = kNaN;
    } else {
      value = value * scale + offset;
    }
  }
  return result;
}

StringArray MultidimFile::read_strings(const std::string& name) const {
  const auto array = open_array(*handles_->root, path_, name);
  const std::string where = path_ + ": variable '" + name + "'";
  const auto& type = array->GetDataType();
  StringArray result;
  const auto shape = shape_of(*array);
  if (type.GetClass() == GEDTC_STRING) {
    result.shape = shape;
    const std::size_t count = element_count(shape);
    GdalStrings strings(count);
    if (count > 0) {
      read_whole(*array, shape, GDALExtendedDataType::CreateString(), strings.data(), where);
    }
    result.values.reserve(count);
    for (const char* p : strings.pointers())
      result.values.push_back(trimmed(p != nullptr ? p : ""));
    return result;
  }
  const auto numeric = type.GetClass() == GEDTC_NUMERIC ? type.GetNumericDataType() : GDT_Unknown;
  if (numeric != GDT_Byte || shape.empty()) {
    throw InputError(where + ": not text (neither a String nor a character variable)");
  }
  result.shape.assign(shape.begin(), shape.end() - 1);
  const std::size_t width = shape.back();
  const std::size_t count = element_count(result.shape);
  std::vector<std::uint8_t> bytes(count * width, 0);
  if (!bytes.empty()) {
    read_whole(*array, shape, GDALExtendedDataType::Create(GDT_Byte), bytes.data(), where);
  }
  result.values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (std::size_t c = 0; c < width; ++c) {
      const auto byte = bytes[i * width + c];
      if (byte == 0) break;
      text.push_back(static_cast<char>(byte));
    }
    result.values.push_back(trimmed(std::move(text)));
  }
  return result;
}

std::string MultidimFile::attribute(const std::string& variable,
                                    const std::string& attribute) const {
  detail::GdalErrorCapture errors;
  const auto array = handles_->root->OpenMDArray(variable);
  if (!array) return "";
  const auto found = array->GetAttribute(attribute);
  if (!found || found->GetDataType().GetClass() != GEDTC_STRING) return "";
  const char* text = found->ReadAsString();
  return text != nullptr ? text : "";
}

}  // namespace displace::geo
