"""What `gradewalk trend` does to the benchmark input, in pandas: the
steps of each subject and area in date order, each with its direction
and the probability that the later grade stands higher (the two positions
uniform in their bands on the default crosswalk, independently).

Usage: python3 trend.py INPUT LEVELS ERAS OUTPUT
"""
import sys

import numpy as np
import pandas as pd

import resolve

src, levels_path, eras_path, out = sys.argv[1:5]
obs, _ = resolve.read(src, levels_path, eras_path)
obs = obs.sort_values(["subject", "area", "date"], kind="stable").reset_index(drop=True)
lo = obs["band_lo"].astype(float).to_numpy()
hi = obs["band_hi"].astype(float).to_numpy()

prev = obs.shift(1)
step = ((obs["subject"] == prev["subject"]) & (obs["area"] == prev["area"])).to_numpy()
a, b = np.roll(lo, 1)[step], np.roll(hi, 1)[step]  # the earlier grade's band
c, d = lo[step], hi[step]  # the later grade's


def below(y):
    """The integral of P(earlier ≤ y) from -inf to y."""
    inside = np.clip(y, a, b)
    return (inside - a) ** 2 / (2 * (b - a)) + np.maximum(y - b, 0)


# Bands apart settle it exactly, without the rounding of the integral.
p = np.select([c >= b, d <= a], [1.0, 0.0], (below(d) - below(c)) / (d - c))
to, fr = obs[step], prev[step]
same = (to["scale"].to_numpy() == fr["scale"].to_numpy()) & (to["rank"].to_numpy() == fr["rank"].to_numpy())
direction = np.select([same, c >= b, d <= a], ["unchanged", "improved", "declined"], "uncertain")
pd.DataFrame({
    "subject": to["subject"].to_numpy(), "area": to["area"].to_numpy(),
    "from_date": fr["date"].to_numpy(), "from_scale": fr["scale"].to_numpy(), "from_grade": fr["label"].to_numpy(),
    "to_date": to["date"].to_numpy(), "to_scale": to["scale"].to_numpy(), "to_grade": to["label"].to_numpy(),
    "direction": direction, "p_improved": p,
}).to_csv(out, index=False, float_format="%.12g")
