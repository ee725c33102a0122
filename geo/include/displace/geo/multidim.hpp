#pragma once
// Whole variables of a multidimensional file (netCDF, HDF5, Zarr) through GDAL's multidimensional
// API, for files that are tables rather than rasters (IBTrACS tracks: storm x fix arrays). GDAL
// stays behind this header. Errors are displace::InputError naming the file and the variable.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace displace::geo {

/// A numeric variable read whole, as doubles in row-major order (last dimension fastest).
/// _FillValue / missing_value (and NaN) are NaN; scale_factor and add_offset are applied.
struct NumericArray {
  std::vector<std::size_t> shape;  ///< the variable's dimension sizes
  std::vector<double> values;      ///< product of shape values
  std::string units;               ///< the variable's units ("" when it has none)
};

/// A text variable read whole: a String variable element by element, or a character (byte)
/// variable whose last dimension holds each element's characters, joined (up to the first NUL,
/// trailing blanks removed).
struct StringArray {
  std::vector<std::size_t> shape;  ///< dimension sizes (without a char variable's last one)
  std::vector<std::string> values;
};

/// An open multidimensional dataset. Holds the GDAL handles until destroyed; neither copied nor
/// moved.
class MultidimFile {
 public:
  /// Opens `path` read-only; throws InputError naming it when it is missing, not a regular file,
  /// or not a multidimensional format GDAL reads.
  explicit MultidimFile(const std::string& path);
  ~MultidimFile();
  MultidimFile(const MultidimFile&) = delete;
  MultidimFile& operator=(const MultidimFile&) = delete;

  const std::string& path() const { return path_; }

  /// Whether the root group has a variable of that name.
  bool has_variable(const std::string& name) const;

  /// The variable `name` as doubles. Throws InputError naming the file and the variable when it
  /// is missing, is not numeric, or cannot be read.
  NumericArray read_numeric(const std::string& name) const;

  /// The text variable `name`. Throws InputError naming the file and the variable when it is
  /// missing, is neither a String nor a byte variable, or cannot be read.
  StringArray read_strings(const std::string& name) const;

  /// A text attribute of a variable ("" when the variable or attribute is missing or not text).
  std::string attribute(const std::string& variable, const std::string& attribute) const;

 private:
  struct Handles;
  std::string path_;
  std::unique_ptr<Handles> handles_;
};

}  // namespace displace::geo
