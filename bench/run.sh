#!/usr/bin/env bash
# Times each stage of `movieflow-cli run` on generated TMDB-shaped tables (100k and 1M rows by
# default) and reports peak memory; runs bench/pandas_reference.py on the same files when pandas is
# installed (apt-get install python3-pandas). Usage: bench/run.sh [ROWS...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${MOVIEFLOW_BENCH_NO_BUILD:-}" ] || ./scripts/build >/dev/null
build_dir=${MOVIEFLOW_BUILD_DIR:-build}
data_dir=${MOVIEFLOW_BENCH_DATA:-$build_dir/bench-data}
mkdir -p "$data_dir"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)

have_pandas=no
py=${PYTHON:-/usr/bin/python3}
"$py" -c "import pandas" 2>/dev/null && have_pandas=yes

printf '%-9s %-8s %9s %8s %8s %8s %8s %8s %9s %9s %7s\n' rows tool input_MB read clean analyze export fileops total_ms peak_MB ratio
for rows in "${sizes[@]}"; do
  input="$data_dir/movies_$rows.csv"
  [ -f "$input" ] || "$build_dir/bench/movieflow-gen-movies" --rows "$rows" --seed 42 --out "$input"
  input_mb=$(( $(stat -c %s "$input") / 1048576 ))
  cat "$input" >/dev/null   # warm the page cache for both tools alike
  out=$(mktemp -d)
  /usr/bin/time -f '%M' -o "$out/rss" "$build_dir/app/movieflow-cli" run --source "$input" --out "$out/mf" --json --quiet >"$out/mf.json"
  "$py" - "$out/mf.json" "$out/rss" "$rows" "$input_mb" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); t = r["timings_ms"]; rss = int(open(sys.argv[2]).read().split()[-1]) / 1024
total = sum(t.values())
print(f"{sys.argv[3]:<9} {'movieflow':<8} {sys.argv[4]:>9} {t['read']:8.0f} {t['clean']:8.0f} {t['analyze']:8.0f} "
      f"{t['export']:8.0f} {t['fileops']:8.0f} {total:9.0f} {rss:9.0f} {rss/max(1,int(sys.argv[4])):7.2f}")
open(sys.argv[1] + ".total", "w").write(str(total))
PY
  if [ $have_pandas = yes ]; then
    mkdir -p "$out/pd"
    /usr/bin/time -f "%M" -o "$out/rss_pd" "$py" bench/pandas_reference.py --source "$input" --out "$out/pd" >"$out/pd.json"
    "$py" - "$out/pd.json" "$out/rss_pd" "$rows" "$input_mb" "$out/mf.json.total" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); t = r["timings_ms"]; rss = int(open(sys.argv[2]).read().split()[-1]) / 1024
mf = float(open(sys.argv[5]).read())
print(f"{sys.argv[3]:<9} {'pandas':<8} {sys.argv[4]:>9} {t['read']:8.0f} {t['clean']:8.0f} {t['analyze']:8.0f} "
      f"{t['export']:8.0f} {t['fileops']:8.0f} {r['total_ms']:9.0f} {rss:9.0f} {rss/max(1,int(sys.argv[4])):7.2f}")
print(f"{'':9} speed-up of movieflow over pandas: {r['total_ms']/mf:.1f}x")
PY
  fi
  rm -rf "$out"
done
echo "(ratio = peak RSS / input size; pandas present: $have_pandas)"
