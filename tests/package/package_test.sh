#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The package tests, run by CTest (label "package", registered in packaging/CMakeLists.txt):
#   package_test.sh validate SRC_DIR GEN_DIR  the desktop entries and the metainfo validate
#   package_test.sh build                     cpack builds the .deb, and it holds what it should
#   package_test.sh lint                      lintian reports no error on the .deb
#   package_test.sh install                   apt-get installs it, both programs run from /usr/bin,
#                                             the window appears under Xvfb, and a purge leaves
#                                             nothing behind
# The environment comes from CTest: MOVIEFLOW_VERSION, MOVIEFLOW_BUILD_DIR, MOVIEFLOW_PACKAGE_TEST_DIR,
# MOVIEFLOW_APP_ID, MOVIEFLOW_DESKTOP_ID. Exit code 77 means skipped (CTest's SKIP_RETURN_CODE).
set -euo pipefail

mode=${1:?"Give a mode: validate, build, lint or install."}
version=${MOVIEFLOW_VERSION:?}
build_dir=${MOVIEFLOW_BUILD_DIR:?}
test_dir=${MOVIEFLOW_PACKAGE_TEST_DIR:?}
app_id=${MOVIEFLOW_APP_ID:?}
desktop_id=${MOVIEFLOW_DESKTOP_ID:?}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
skip() {
  echo "SKIP: $*" >&2
  exit 77
}
need() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null || skip "$tool is not installed; ./scripts/deps installs it (Debian package $package)."
}

# The one .deb that the build step left in the test folder.
the_deb() {
  local debs=("$test_dir"/movieflow_*.deb)
  [ -f "${debs[0]}" ] || fail "No movieflow_*.deb in $test_dir; the package_deb_build test makes it."
  [ ${#debs[@]} -eq 1 ] || fail "Expected one .deb in $test_dir, found: ${debs[*]}."
  echo "${debs[0]}"
}

validate() {
  local src=$1 gen=$2
  need desktop-file-validate desktop-file-utils
  need appstreamcli appstream
  desktop-file-validate "$src/movieflow.desktop"
  desktop-file-validate "$src/movieflow-autostart.desktop"
  local metainfo="$gen/$app_id.metainfo.xml"
  appstreamcli validate --no-net "$metainfo"
  grep -q "<release version=\"$version\"" "$metainfo" ||
    fail "The metainfo's newest release is not the project version $version."
  grep -q "<screenshot" "$metainfo" || fail "The metainfo references no screenshot."
  grep -q "<launchable type=\"desktop-id\">$desktop_id.desktop</launchable>" "$metainfo" ||
    fail "The metainfo does not launch $desktop_id.desktop."
  echo "The desktop entries and the metainfo are valid."
}

build() {
  need cpack cmake
  need dpkg-shlibdeps dpkg-dev
  need file file
  rm -rf "$test_dir"
  mkdir -p "$test_dir"
  cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$test_dir" >"$test_dir/cpack.log" 2>&1 ||
    { cat "$test_dir/cpack.log" >&2; fail "cpack could not build the package."; }
  local deb
  deb=$(the_deb)
  echo "Built $deb ($(du -k "$deb" | cut -f1) KiB)."

  local field
  field=$(dpkg-deb -f "$deb" Version)
  [ "$field" = "$version" ] || fail "The package version is $field, the project version is $version."
  field=$(dpkg-deb -f "$deb" Depends)
  echo "Depends: $field"
  for lib in libqt6core6 libqt6widgets6 libc6 libqt6sql6-sqlite; do
    [[ $field == *"$lib"* ]] || fail "Depends lacks $lib; the dependencies are not computed from the binaries."
  done

  local listing="$test_dir/contents.txt"
  dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./|/|' >"$listing"
  local expected=(
    /usr/bin/movieflow
    /usr/bin/movieflow-cli
    "/usr/share/applications/$desktop_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    /usr/share/icons/hicolor/scalable/apps/movieflow.svg
    /usr/share/icons/hicolor/16x16/apps/movieflow.png
    /usr/share/icons/hicolor/48x48/apps/movieflow.png
    /usr/share/icons/hicolor/256x256/apps/movieflow.png
    /usr/share/icons/hicolor/512x512/apps/movieflow.png
    /usr/share/man/man1/movieflow-cli.1.gz
    /usr/share/man/man1/movieflow.1.gz
    "/usr/share/movieflow/autostart/$desktop_id.desktop"
    /usr/share/doc/movieflow/changelog.gz
    /usr/share/doc/movieflow/copyright
  )
  local path missing=0
  for path in "${expected[@]}"; do
    grep -qxF "$path" "$listing" || { echo "Missing from the package: $path" >&2; missing=1; }
  done
  [ $missing -eq 0 ] || fail "The package lacks files (listing in $listing)."
  if grep -vE '^/usr/(bin|share)/' "$listing" | grep -v '/$' | grep -q .; then
    fail "The package installs files outside /usr/bin and /usr/share: $(grep -vE '^/usr/(bin|share)/' "$listing" | grep -v '/$' | tr '\n' ' ')"
  fi
  dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/movieflow/changelog.gz | gzip -dc | head -1 |
    grep -qF "movieflow ($version)" || fail "The changelog's newest entry is not version $version."
  echo "The package holds the programs, desktop entries, metainfo, icons, manual pages, changelog and copyright."
}

lint() {
  need lintian lintian
  local deb
  deb=$(the_deb)
  local log="$test_dir/lintian.txt"
  # --fail-on error: warnings and infos are printed (and listed in the test output) but pass.
  if ! lintian --info --display-info --fail-on error "$deb" >"$log" 2>&1; then
    cat "$log" >&2
    fail "lintian reports errors on $(basename "$deb")."
  fi
  cat "$log"
  echo "lintian reports no error ($(grep -c '^[WIP]: ' "$log" || true) warnings and notes)."
}

# Files and folders named like MovieFlow anywhere the system keeps installed things.
system_traces() {
  find /usr /etc /var /opt -xdev -iname '*movieflow*' 2>/dev/null | sort
}

# Set by install_test, read by its EXIT trap (which runs after the function has returned).
sudo_cmd=()
installed=0
tmp=""

install_test() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo_cmd=(sudo -n)
    else
      skip "The install test installs a package system-wide: run it as root or with password-less sudo."
    fi
  fi
  need apt-get apt
  need xvfb-run xvfb
  need xdotool xdotool
  need xprop x11-utils
  need gio libglib2.0-bin
  # Sessions sharing a machine take turns: one install-and-purge at a time.
  local lock=/tmp/movieflow-package-install.lock
  [ -e "$lock" ] || { : >>"$lock" && chmod 666 "$lock"; } 2>/dev/null || true
  exec 9<"$lock"
  flock -w 240 9 || skip "Another MovieFlow package install test kept running for 4 minutes; try again later."
  if dpkg-query -W -f='${Status}' movieflow 2>/dev/null | grep -q 'installed'; then
    skip "movieflow is already installed on this system, and this test would remove it; \`apt-get purge movieflow\` first."
  fi
  local deb
  deb=$(the_deb)

  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt's _apt user reads the .deb from here
  cp "$deb" "$tmp/"
  local local_deb
  local_deb="$tmp/$(basename "$deb")"
  cleanup() {
    if [ $installed -eq 1 ]; then
      "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=120 movieflow >/dev/null 2>&1 || true
    fi
    [ -z "$tmp" ] || rm -rf "$tmp"
  }
  trap cleanup EXIT

  local traces_before="$tmp/traces-before.txt" traces_after="$tmp/traces-after.txt"
  system_traces >"$traces_before"

  echo "Installing $(basename "$deb") with apt-get."
  installed=1
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=120 "$local_deb" >"$tmp/apt-install.log" 2>&1 ||
    { cat "$tmp/apt-install.log" >&2; fail "apt-get could not install the package."; }
  [ "$(dpkg-query -W -f='${Version}' movieflow)" = "$version" ] || fail "dpkg does not show movieflow $version installed."
  dpkg-query -L movieflow | sort >"$tmp/package-files.txt"

  # The user's world lives in the temporary folder only.
  local home="$tmp/home"
  mkdir -p "$home/.config" "$home/.local/share" "$home/.cache" "$home/runtime"
  chmod 700 "$home/runtime"
  local user_env=(env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/.config"
    XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime"
    LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC)

  local out
  out=$("${user_env[@]}" /usr/bin/movieflow-cli --version)
  echo "movieflow-cli --version: $out"
  [[ $out == *"$version"* ]] || fail "movieflow-cli --version does not show $version."

  local result="$tmp/sample.json"
  "${user_env[@]}" /usr/bin/movieflow-cli run --sample --out "$home/MovieFlow" --json >"$result" 2>"$tmp/sample.log" ||
    { cat "$tmp/sample.log" >&2; fail "movieflow-cli run --sample failed."; }
  grep -q '"status": *"completed"' "$result" || fail "The sample run did not complete: $(cat "$result")."
  compgen -G "$home/MovieFlow/processed_movies_*.zip" >/dev/null || fail "The sample run left no zip archive in $home/MovieFlow."
  echo "movieflow-cli run --sample completed: $(ls "$home/MovieFlow" | wc -l) files in the output folder."

  # Desktop integration: the entry is listed (not hidden), launches an installed program, and its
  # icon exists in the theme.
  local entry="/usr/share/applications/$desktop_id.desktop"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$entry" || fail "The installed $entry does not validate."
  fi
  ! grep -qE '^(NoDisplay|Hidden)=true' "$entry" || fail "$entry hides MovieFlow from the application list."
  local exec_cmd
  exec_cmd=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$entry" | head -1)
  [ -x "/usr/bin/$exec_cmd" ] || fail "$entry starts $exec_cmd, which is not in /usr/bin."
  [ -f /usr/share/icons/hicolor/48x48/apps/movieflow.png ] || fail "The 48x48 menu icon is missing."

  # The desktop's application database lists it: GLib (as GNOME, Xfce and others do) offers it for
  # CSV files, which needs the entry installed, valid and not hidden.
  local mime
  mime=$("${user_env[@]}" gio mime text/csv 2>&1 || true)
  [[ $mime == *"$desktop_id.desktop"* ]] || fail "The desktop's application list does not offer MovieFlow for CSV files: $mime"

  # The window: launch the entry the way a menu does (gio launch), under Xvfb, and wait for a
  # visible top-level window titled MovieFlow.
  echo "Launching $entry under Xvfb."
  "${user_env[@]}" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    /usr/bin/movieflow --version
    gio launch "$2" >"$1" 2>&1 || { echo "gio could not launch $2." >&2; cat "$1" >&2; exit 1; }
    for _ in $(seq 1 60); do
      if window=$(xdotool search --onlyvisible --name MovieFlow 2>/dev/null | head -1) && [ -n "$window" ]; then
        echo "Window $window: \"$(xdotool getwindowname "$window")\""
        xprop -id "$window" WM_CLASS
        pid=$(xdotool getwindowpid "$window")
        echo "Process $pid: $(tr "\0" " " <"/proc/$pid/cmdline")"
        kill "$pid"
        exit 0
      fi
      sleep 0.5
    done
    echo "No MovieFlow window appeared within 30 seconds." >&2
    cat "$1" >&2
    exit 1' _ "$tmp/gui.log" "$entry" >"$tmp/gui-check.txt" 2>&1 ||
    { cat "$tmp/gui-check.txt" >&2; fail "The installed movieflow did not show its window."; }
  cat "$tmp/gui-check.txt"
  grep -qF "$version" "$tmp/gui-check.txt" || fail "movieflow --version does not show $version."
  # The desktop entry's StartupWMClass must be the window's class (the second WM_CLASS string), or
  # docks show the running window apart from its launcher.
  local wm_class
  wm_class=$(sed -n 's/^StartupWMClass=//p' "$entry")
  if [ -n "$wm_class" ]; then
    grep -qE "^WM_CLASS\(STRING\) = \".*\", \"$wm_class\"\$" "$tmp/gui-check.txt" ||
      fail "The window's WM_CLASS is not the StartupWMClass ($wm_class) of $entry."
  fi

  echo "Purging the package."
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=120 movieflow \
    >"$tmp/apt-purge.log" 2>&1 || { cat "$tmp/apt-purge.log" >&2; fail "apt-get could not purge the package."; }
  installed=0
  ! dpkg-query -W -f='${Status}' movieflow 2>/dev/null | grep -q 'installed' || fail "movieflow is still installed after the purge."

  # Every file of the package is gone, and so is every folder no other package still uses.
  local leftovers=()
  while IFS= read -r path; do
    [ "$path" = "/." ] && continue
    if [ -d "$path" ] && [ ! -L "$path" ]; then
      dpkg-query -S "$path" >/dev/null 2>&1 || leftovers+=("$path/")
    elif [ -e "$path" ] || [ -L "$path" ]; then
      leftovers+=("$path")
    fi
  done <"$tmp/package-files.txt"
  # Nothing named like MovieFlow appeared in the system folders (a cache, a config file, a
  # maintainer-script leftover), compared with before the install.
  system_traces >"$traces_after"
  while IFS= read -r path; do leftovers+=("$path"); done < <(comm -13 "$traces_before" "$traces_after")
  if [ ${#leftovers[@]} -gt 0 ]; then
    printf 'Left behind: %s\n' "${leftovers[@]}" >&2
    fail "The purge left files outside the user's data."
  fi
  echo "The package installed, ran, showed its window and purged without leaving anything behind."
}

case "$mode" in
  validate) validate "${2:?}" "${3:?}" ;;
  build) build ;;
  lint) lint ;;
  install) install_test ;;
  *) fail "Unknown mode $mode; use validate, build, lint or install." ;;
esac
