"""The catalogue's grouped counts with pandas: the same work as grouped_counts.R (see there), from the same files."""
import re
import sys
import time

import pandas as pd


def text_columns(f):
    """Every column but the 0/1 flags, read as text: left to guess, pandas reads a column such as the IMD quintile as
    numbers in one chunk of a large file and as text in another, and then groups 1 and "1" apart."""
    return {c: str for c in pd.read_csv(f, nrows=0).columns if not re.fullmatch(r"[dn][0-9]+", c)}


read_start = time.perf_counter()
cohorts = [pd.read_csv(f, keep_default_na=False, na_values=[""], dtype=text_columns(f)) for f in sys.argv[1:]]
read_seconds = time.perf_counter() - read_start
start = time.perf_counter()
counts = 0
for df in cohorts:
    flags = [c for c in df.columns if re.fullmatch(r"[dn][0-9]+", c)]
    dens = [c for c in flags if c.startswith("d")]
    splits = [c for c in df.columns if c.startswith("g_")]
    sets = [["lmns_code", "period_start"], ["lmns_code", "org_code", "period_start"],
            ["lmns_code", "org_code", "site_key", "period_start"]]
    sets += [["lmns_code", "period_start", g] for g in splits]
    sets += [["lmns_code", "org_code", "period_start", g] for g in splits]
    for keys in sets:
        g = df.groupby(keys, dropna=False, sort=False)[flags].sum()
        counts += int((g[dens] > 0).to_numpy().sum())
seconds = time.perf_counter() - start
print(f"pandas {pd.__version__}: grouping {seconds:.2f} s (reading {read_seconds:.2f} s), {counts} counts")
