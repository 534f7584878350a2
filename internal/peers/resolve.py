"""The reading shared by normalize.py and trend.py: what gradewalk's reader
does to the benchmark input, in pandas."""
import sys

import numpy as np
import pandas as pd


def read(src, levels_path, eras_path):
    """Returns the input's columns, with a family in the scale column
    replaced by the scale in force on the row's date, and the label, rank,
    band and score of each grade (found case-insensitively), as text; and
    the columns of the input. Rows that cannot be resolved are counted on
    standard error, as gradewalk reports them, and left out."""
    obs = pd.read_csv(src, dtype=str, keep_default_na=False)
    levels = pd.read_csv(levels_path, dtype=str, keep_default_na=False)
    eras = pd.read_csv(eras_path, dtype=str, keep_default_na=False)
    columns = list(obs.columns)

    bad = np.zeros(len(obs), dtype=bool)
    for family, e in eras.groupby("family"):
        rows = (obs["scale"] == family).to_numpy()
        if not rows.any():
            continue
        e = e.sort_values("from")
        start = pd.to_datetime(e["from"]).to_numpy()
        # pandas' timestamps end in 2262.
        until = pd.to_datetime(e["until"].replace("", "2200-12-31")).to_numpy()
        day = pd.to_datetime(obs.loc[rows, "date"], format="%Y-%m-%d", errors="coerce").to_numpy()
        i = np.searchsorted(start, day, side="right") - 1
        ok = (i >= 0) & (day <= until[np.clip(i, 0, None)])
        scales = e["scale"].to_numpy()[np.clip(i, 0, None)]
        obs.loc[rows, "scale"] = np.where(ok, scales, family)
        bad[np.flatnonzero(rows)[~ok]] = True

    obs["key"] = obs["grade"].str.lower()
    joined = obs.merge(levels, on=["scale", "key"], how="left", sort=False)
    unknown = joined["label"].isna().to_numpy() | bad
    if unknown.any():
        print(f"{sys.argv[0]}: {unknown.sum()} rows not read", file=sys.stderr)
    return joined.loc[~unknown], columns
