"""What write_sample_run.cpp writes into sample-a.h5 (sample-b.h5: every count x 1.5), and the
`displace compare` figures worked out BY HAND from those tables (not by the package under test)."""
import numpy as np

REGIONS = ["R1", "R2"]
REGION_NAMES = ["North", "South, coast"]
PLACES = ["R1", "R2", "abroad"]
DATES = ["2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01"]
MAP_DATES = ["2021-01-01", "2021-04-01"]
PEOPLE_PER_HOUSEHOLD = 2.5
BREAKDOWN_SHARE = {"all": 1.0, "female_headed": 0.5, "with_children": 0.25,
                   "with_elderly": 0.125, "with_disability": 0.0625}
# status -> region -> households per step (breakdown "all")
STATUS = {
    "home": {"R1": [1000, 880, 900, 950], "R2": [500, 420, 430, 440]},
    "evacuated": {"R1": [10, 0, 0, 0], "R2": [5, 0, 0, 0]},
    "displaced": {"R1": [0, 100, 60, 20], "R2": [0, 50, 80, 10]},
    "migrated": {"R1": [0, 5, 20, 30], "R2": [0, 10, 12, 15]},
    "relocated": {"R1": [0, 0, 0, 2], "R2": [0, 0, 0, 1]},
    "returned": {"R1": [0, 15, 30, 40], "R2": [0, 20, 25, 30]},
}
TRAPPED = {"R1": [0, 7, 3, 1], "R2": [0, 2, 9, 4]}
DURATION = [0, 30, 20, 10, 5]
SHELTER_HOUSEHOLDS = {"hall": [0, 40, 25, 5]}  # capacity 60, open at steps 1 and 2
SHELTER_OPEN = {"hall": [0, 1, 1, 0]}
PROTECTED = {"R1": [8, 0, 0, 0], "R2": [5, 0, 0, 0]}  # households; people x 2.5
# People who left uninhabitable homes, by region and the hazard that damaged them most.
BY_HAZARD = {"R1": {"wind": [0, 50, 0, 0], "flood": [0, 20, 0, 0]},
             "R2": {"wind": [0, 10, 0, 0], "flood": [0, 30, 5, 0]}}


def map_value(step, y, x):
    """present_people_map of sample-a at map step `step` (0 or 3), row y, column x."""
    return 100.0 * step + 10.0 * y + x


# Per run-scale-1 figures: metric -> (TOTAL, R1, R2). See the flow table in write_sample_run.cpp:
#   displacement: t1 R1->R1 60, R1->R2 40, R2->R2 50; t2 R2->R1 30  => by origin R1 100, R2 80
#   evacuation:   t0 R1->R2 10, R2->R2 5                          => by origin R1 10, R2 5
#   return:       t2 R1->R1 40, R2->R2 25; t3 abroad->R2 5, R2->R1 12 => by destination 52, 30
#   peak displaced of the sum: steps 0,150,140,30 => 150; peak trapped of the sum: 0,9,12,5 => 12
#   people-months: 2.5 people x (0+100+60+20 | 0+50+80+10) x 1 month => 450 | 350
EXPECTED_A = {
    "peak_displaced_households": (150.0, 100.0, 80.0),
    "cumulative_displaced_households": (180.0, 100.0, 80.0),
    "evacuated_households": (15.0, 10.0, 5.0),
    "migrated_households": (45.0, 30.0, 15.0),
    "returned_households": (82.0, 52.0, 30.0),
    "peak_trapped_households": (12.0, 7.0, 9.0),
    "people_months_displaced": (800.0, 450.0, 350.0),
    "relocated_households": (3.0, 2.0, 1.0),  # step 3: R1->R1 2, R2->R1 1, by origin
}
FLOW_METRICS = ("cumulative_displaced_households", "evacuated_households", "returned_households",
                "relocated_households")


def expected(metric, region, scale=1.0, flows=True):
    if not flows and metric in FLOW_METRICS:
        return np.nan
    return scale * EXPECTED_A[metric][["TOTAL", "R1", "R2"].index(region)]
