#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The work MovieFlow replaces, done with pandas, for side-by-side timing.

Same steps as the original daily script: read, drop incomplete rows, keep vote_average > 7.0, fix
types, top 10 by popularity and their mean rating, titles by release date, export a timestamped CSV,
rename, move and zip it. Prints one JSON object with the time of each step in milliseconds.
"""
import argparse
import json
import os
import shutil
import sys
import time
import zipfile

import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--inclusive", action="store_true")
    args = parser.parse_args()

    t = {}
    start = time.perf_counter()
    df = pd.read_csv(args.source)
    t["read"] = time.perf_counter()

    df = df.dropna()
    df = df[df["vote_average"] >= 7.0] if args.inclusive else df[df["vote_average"] > 7.0]
    df["release_date"] = pd.to_datetime(df["release_date"], errors="coerce")
    df["popularity"] = df["popularity"].astype(float)
    df["vote_average"] = df["vote_average"].astype(float)
    df["vote_count"] = df["vote_count"].astype("int64")
    t["clean"] = time.perf_counter()

    top = df.sort_values("popularity", ascending=False, kind="stable").head(10)
    avg_top = float(top["vote_average"].mean())
    by_date = df.sort_values(["release_date", "title"], kind="stable")[["title", "release_date"]]
    per_year = df["release_date"].dt.year.value_counts().sort_index()
    t["analyze"] = time.perf_counter()

    stamp = time.strftime("%Y-%m-%d_%H%M%S")
    work = os.path.join(args.out, ".work")
    os.makedirs(work, exist_ok=True)
    exported = os.path.join(work, f"movies_{stamp}.csv")
    df.to_csv(exported, index=False, date_format="%Y-%m-%d")
    top.to_csv(os.path.join(work, "top.csv"), index=False)
    by_date.to_csv(os.path.join(work, "titles_by_release_date.csv"), index=False)
    per_year.to_csv(os.path.join(work, "movies_per_year.csv"))
    t["export"] = time.perf_counter()

    final = os.path.join(args.out, f"processed_movies_{stamp}.csv")
    os.rename(exported, os.path.join(work, os.path.basename(final)))
    shutil.move(os.path.join(work, os.path.basename(final)), final)
    with zipfile.ZipFile(final[:-4] + ".zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(final, os.path.basename(final))
        for name in ("top.csv", "titles_by_release_date.csv", "movies_per_year.csv"):
            archive.write(os.path.join(work, name), name)
    shutil.rmtree(work)
    t["fileops"] = time.perf_counter()

    marks = [start, t["read"], t["clean"], t["analyze"], t["export"], t["fileops"]]
    names = ["read", "clean", "analyze", "export", "fileops"]
    timings = {n: round((marks[i + 1] - marks[i]) * 1000, 1) for i, n in enumerate(names)}
    json.dump({"kept": int(len(df)), "avg_rating_top": avg_top, "timings_ms": timings,
               "total_ms": round((marks[-1] - start) * 1000, 1)}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
