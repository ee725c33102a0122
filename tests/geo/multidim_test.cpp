// Whole variables of a multidimensional file (geo/multidim.hpp): a small netCDF-4 written here
// with GDAL's multidimensional API (fill values, missing_value, scale/offset, a String variable,
// a char variable), and the bundled IBTrACS file as the storms reader sees it.
#include <gdal_priv.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "displace/geo/multidim.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;

class MultidimReading : public testing::GeoTest {
 protected:
  /// station (3) x char4 (4): `level` Int16 with _FillValue -1, missing_value -2, scale 0.5,
  /// offset 10, units "m" = {2, -1, -2}; `code` String = {"AB", "C D", ""}; `tag` Byte
  /// station x char4 = {"XY", "ZZZZ", "Q  "}.
  std::string write_stations(const std::string& name) const {
    const std::string file = path(name).string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("netCDF");
    if (driver == nullptr) throw std::runtime_error("fixture: no netCDF driver");
    std::unique_ptr<GDALDataset> dataset(
        driver->CreateMultiDimensional(file.c_str(), nullptr, nullptr));
    if (!dataset) throw std::runtime_error("fixture: cannot create " + file);
    const auto root = dataset->GetRootGroup();
    const auto station = root->CreateDimension("station", "", "", 3);
    const auto chars = root->CreateDimension("char4", "", "", 4);
    const GUInt64 start[2] = {0, 0};

    const auto int16 = GDALExtendedDataType::Create(GDT_Int16);
    const auto level = root->CreateMDArray("level", {station}, int16);
    if (!level || !level->SetNoDataValue(-1.0) || !level->SetScale(0.5) ||
        !level->SetOffset(10.0) || !level->SetUnit("m")) {
      throw std::runtime_error("fixture: cannot set up 'level'");
    }
    const auto missing = level->CreateAttribute("missing_value", {}, int16);
    if (!missing || !missing->Write(-2.0)) throw std::runtime_error("fixture: missing_value");
    const std::int16_t levels[3] = {2, -1, -2};
    const std::size_t three[1] = {3};
    if (!level->Write(start, three, nullptr, nullptr, int16, levels)) {
      throw std::runtime_error("fixture: cannot write 'level'");
    }

    const auto text = GDALExtendedDataType::CreateString();
    const auto code = root->CreateMDArray("code", {station}, text);
    const char* codes[3] = {"AB", "C D", ""};
    if (!code || !code->Write(start, three, nullptr, nullptr, text, codes)) {
      throw std::runtime_error("fixture: cannot write 'code'");
    }

    const auto byte = GDALExtendedDataType::Create(GDT_Byte);
    const auto tag = root->CreateMDArray("tag", {station, chars}, byte);
    const char tags[12] = {'X', 'Y', 0, 0, 'Z', 'Z', 'Z', 'Z', 'Q', ' ', ' ', 0};
    const std::size_t three_by_four[2] = {3, 4};
    if (!tag || !tag->Write(start, three_by_four, nullptr, nullptr, byte, tags)) {
      throw std::runtime_error("fixture: cannot write 'tag'");
    }
    return file;
  }
};

TEST_F(MultidimReading, NumericVariableHasFillAndMissingAsNaNAndIsScaled) {
  const MultidimFile file(write_stations("stations.nc"));
  EXPECT_TRUE(file.has_variable("level"));
  EXPECT_FALSE(file.has_variable("levels"));
  const auto level = file.read_numeric("level");
  ASSERT_EQ(level.shape, std::vector<std::size_t>{3});
  ASSERT_EQ(level.values.size(), 3U);
  EXPECT_DOUBLE_EQ(level.values[0], 11.0);   // 2 * 0.5 + 10
  EXPECT_TRUE(std::isnan(level.values[1]));  // _FillValue
  EXPECT_TRUE(std::isnan(level.values[2]));  // missing_value
  EXPECT_EQ(level.units, "m");
}

TEST_F(MultidimReading, StringAndCharVariablesAreText) {
  const MultidimFile file(write_stations("stations.nc"));
  const auto code = file.read_strings("code");
  ASSERT_EQ(code.shape, std::vector<std::size_t>{3});
  EXPECT_EQ(code.values, (std::vector<std::string>{"AB", "C D", ""}));
  const auto tag = file.read_strings("tag");
  ASSERT_EQ(tag.shape, std::vector<std::size_t>{3});  // the char dimension joined
  EXPECT_EQ(tag.values, (std::vector<std::string>{"XY", "ZZZZ", "Q"}));
}

TEST_F(MultidimReading, ProblemsNameTheFileAndTheVariable) {
  const auto path = write_stations("stations.nc");
  const MultidimFile file(path);
  expect_input_error([&] { file.read_numeric("depth"); }, {"stations.nc", "no variable 'depth'"});
  expect_input_error([&] { file.read_numeric("code"); },
                     {"stations.nc", "variable 'code'", "not numeric"});
  expect_input_error([&] { file.read_strings("level"); },
                     {"stations.nc", "variable 'level'", "not text"});
  expect_input_error([&] { MultidimFile missing(path + ".gone"); }, {"stations.nc.gone"});
  const auto text = path.substr(0, path.size() - 3) + ".txt";
  std::ofstream(text) << "not a netCDF file\n";
  expect_input_error([&] { MultidimFile broken(text); }, {"stations.txt", "cannot open"});
}

TEST_F(MultidimReading, IbtracsCharArraysAndFillValues) {
  const MultidimFile file(std::string(DISPLACE_TRACKS_DIR) + "/IBTrACS.NA.v04r00.nc");
  const auto sid = file.read_strings("sid");  // a String variable in GDAL's view
  ASSERT_EQ(sid.shape, std::vector<std::size_t>{2323});
  EXPECT_EQ(sid.values[2213], "2017260N12310");
  const auto atcf = file.read_strings("usa_atcf_id");  // storm x date_time x char32 bytes
  ASSERT_EQ(atcf.shape, (std::vector<std::size_t>{2323, 360}));
  EXPECT_EQ(atcf.values[2213 * 360], "AL152017");
  const auto wind = file.read_numeric("usa_wind");
  EXPECT_EQ(wind.units, "kts");
  EXPECT_DOUBLE_EQ(wind.values[2213 * 360], 30.0);         // Maria's first fix
  EXPECT_TRUE(std::isnan(wind.values[2213 * 360 + 131]));  // after its 131 fixes: -9999 fill
  EXPECT_EQ(file.attribute("time", "units"), "days since 1858-11-17 00:00:00");
}

}  // namespace
}  // namespace displace::geo
