"""What `gradewalk normalize` does to the benchmark input, in pandas.

Usage: python3 normalize.py INPUT LEVELS ERAS OUTPUT
"""
import sys

import resolve

src, levels_path, eras_path, out = sys.argv[1:5]
obs, columns = resolve.read(src, levels_path, eras_path)
obs[columns + ["label", "rank", "band_lo", "band_hi", "score"]].to_csv(out, index=False)
