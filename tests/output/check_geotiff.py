#!/usr/bin/python3
"""Checks a GeoTIFF exported from the output_tests run with `gdalinfo -json -stats`: size, CRS
(EPSG:4326), geotransform of the test grid, Float32 band, its unit (people) and value range.

Usage: /usr/bin/python3 check_geotiff.py FILE.tif MIN MAX
"""
import json
import subprocess
import sys


def main():
    path, expected_min, expected_max = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    info = json.loads(subprocess.run(["gdalinfo", "-json", "-stats", path], check=True,
                                     capture_output=True, text=True).stdout)
    assert info["driverShortName"] == "GTiff", info["driverShortName"]
    assert info["size"] == [4, 3], info["size"]
    assert info["geoTransform"] == [34.0, 0.5, 0.0, -17.0, 0.0, -0.5], info["geoTransform"]
    wkt = info["coordinateSystem"]["wkt"]
    assert 'ID["EPSG",4326]' in wkt, wkt
    band = info["bands"][0]
    assert band["type"] == "Float32", band["type"]
    assert band["minimum"] == expected_min and band["maximum"] == expected_max, band
    # The band says what it counts (QGIS shows it; #19).
    assert band.get("unit") == "people", band.get("unit")
    print(f"check_geotiff: {path} OK")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, KeyError) as error:
        import traceback
        traceback.print_exc()
        print(f"check_geotiff: FAILED: {error!r}", file=sys.stderr)
        sys.exit(1)
