@echo off
rem localipc: runs the example servers, the demo and the command-line client (Windows).
rem On first use, or when the jar is missing, it builds what it needs with the Maven Wrapper.
rem Environment: JAVA_HOME, LOCALIPC_TOKEN, LOCALIPC_LOG (error|warn|info|debug), LOCALIPC_JAVA_OPTS,
rem LOCALIPC_NO_BUILD=1 (never build), LOCALIPC_REBUILD=1 (build first). See docs\GETTING-STARTED.md.
setlocal
set "ROOT=%~dp0"
set "ROOT=%ROOT:~0,-1%"
set "JAR=%ROOT%\ipc-examples\target\ipc-examples-0.1.0-SNAPSHOT.jar"
set "LIB=%ROOT%\ipc-examples\target\lib"

if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java"
)

if "%LOCALIPC_NO_BUILD%"=="1" goto run
if exist "%JAR%" if exist "%LIB%" goto fresh
:build
echo localipc: building the examples (first use); this takes a minute the first time... 1>&2
pushd "%ROOT%"
call mvnw.cmd -q -B -ntp -DskipTests package -pl ipc-examples -am 1>&2
set "BUILD_EXIT=%ERRORLEVEL%"
popd
if not "%BUILD_EXIT%"=="0" (
  echo localipc: the build failed; run: mvnw.cmd -B -ntp -DskipTests package -pl ipc-examples -am 1>&2
  exit /b 10
)
goto run

:fresh
rem Sources changed? set LOCALIPC_REBUILD=1 to rebuild (the bash launcher checks timestamps itself).
if "%LOCALIPC_REBUILD%"=="1" goto build

:run
if not exist "%JAR%" (
  echo localipc: %JAR% is missing: unset LOCALIPC_NO_BUILD or build with mvnw.cmd -DskipTests package -pl ipc-examples -am 1>&2
  exit /b 10
)
if not defined LOCALIPC_LOG set "LOCALIPC_LOG=warn"
"%JAVA%" --enable-native-access=ALL-UNNAMED %LOCALIPC_JAVA_OPTS% "-Dorg.slf4j.simpleLogger.defaultLogLevel=%LOCALIPC_LOG%" -cp "%JAR%;%LIB%\*" dev.localipc.examples.cli.Main %*
exit /b %ERRORLEVEL%
