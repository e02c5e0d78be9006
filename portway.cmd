@echo off
rem Portway launcher for Windows, the twin of ./portway (LauncherParityTest holds the two to the same commands,
rem options and properties): builds the jars on first use (or when the sources changed), then runs the server or
rem the command line. The app started here keeps this console window open while it runs (closing the window stops
rem it): java, not javaw, so that every command's output and exit code reach the console. The installed app
rem (docs/packages.md) is the windowless one.
setlocal EnableExtensions DisableDelayedExpansion
set "launcher=%~f0"
set "here=%~dp0"
set "here=%here:~0,-1%"
set "server_jar=%here%\server\target\portway-server.jar"
set "cli_jar=%here%\desktop\target\portway.jar"

rem Stale when a jar is missing or a file of the sources (target folders left out) is newer than the app's jar,
rem as ./portway's find -newer. cmd cannot compare file times; PowerShell, which mvnw.cmd needs too, can.
set "stale=1"
if not exist "%server_jar%" goto stale_known
if not exist "%cli_jar%" goto stale_known
powershell -NoProfile -NonInteractive -Command "$jar = (Get-Item -LiteralPath $env:cli_jar).LastWriteTimeUtc; function Newer($p) { foreach ($f in Get-ChildItem -LiteralPath $p -Force -ErrorAction SilentlyContinue) { if ($f.PSIsContainer) { if ($f.Name -ne 'target' -and (Newer $f.FullName)) { return $true } } elseif ($f.LastWriteTimeUtc -gt $jar) { return $true } }; return $false }; foreach ($p in 'pom.xml', 'protocol', 'server', 'agent', 'desktop') { if (Newer (Join-Path $env:here $p)) { exit 1 } }; exit 0"
if not errorlevel 1 set "stale="
:stale_known
if not defined stale goto built
>&2 echo portway: building (the first run takes a minute or two) ...
set "log=%here%\target\portway-build.log"
if not exist "%here%\target" mkdir "%here%\target"
pushd "%here%"
call mvnw.cmd -q -B -DskipTests package >"%log%" 2>&1
set "rc=%errorlevel%"
popd
if "%rc%"=="0" goto build_done
>&2 echo portway: the build failed; see "%log%"
exit /b 1
:build_done
rem Maven leaves an unchanged jar as it was: make it newer than the sources, or every start would build again.
powershell -NoProfile -NonInteractive -Command "(Get-Item -LiteralPath $env:cli_jar).LastWriteTimeUtc = [DateTime]::UtcNow"
:built

rem Java options from jvm.options (one "ROLE OPTION" a line), which every launcher shares; PORTWAY_JAVA_OPTS comes
rem after them, so any of them can be overridden. No MALLOC_ARENA_MAX here: that is glibc's.
set "server_opts="
call :add_options server_opts all server
set "cli_opts="
call :add_options cli_opts all client
rem A one-shot command (socket ls, --help, ...) gets the quick role's options too. Commands that stay up to carry
rem traffic do not. %* keeps every argument through the shifts below.
set "long_running="
if "%~1"=="" set "long_running=1"
if "%~1"=="server" (set "dispatch=server") else set "dispatch=cli"
set all_args=%*
:scan
if "%~1"=="" goto scanned
for %%c in (connect agent up app) do if "%~1"=="%%c" set "long_running=1"
shift
goto scan
:scanned
if not defined long_running call :add_options cli_opts quick
set "java_opts=%PORTWAY_JAVA_OPTS%"

rem Class-data sharing for the command line (docs/benchmarks-tuning.md), on JDK 19 and later only, which make and
rem refresh the archive themselves (and remake one older than the jar). JDK 17 and 18 go without: ./portway's
rem archive written at exit and adopted by the next start needs a process check that cmd does not have.
rem PORTWAY_CDS=off leaves it out.
set "cds_opts="
if "%PORTWAY_CDS%"=="off" goto cds_known
if "%dispatch%"=="server" goto cds_known
set "java_exe="
for %%j in (java.exe) do set "java_exe=%%~$PATH:j"
if not defined java_exe goto cds_known
for %%j in ("%java_exe%") do set "release=%%~dpj..\release"
if not exist "%release%" goto cds_known
set "java_version="
for /f "usebackq tokens=1,* delims==" %%k in ("%release%") do if "%%k"=="JAVA_VERSION" set "java_version=%%~l"
set "feature=0"
for /f "tokens=1 delims=." %%f in ("%java_version%") do set "feature=%%f"
if %feature% LSS 19 goto cds_known
if not exist "%here%\target\cds" mkdir "%here%\target\cds" 2>nul
set cds_opts="-XX:+AutoCreateSharedArchive" "-XX:SharedArchiveFile=%here%\target\cds\portway-client.jsa" "-Xlog:cds=off" "-Xlog:cds+dynamic=off"
:cds_known

if "%dispatch%"=="server" goto server
java %cli_opts% %cds_opts% %java_opts% "-Dportway.serverJar=%server_jar%" "-Dportway.launcher=%launcher%" -jar "%cli_jar%" %*
exit /b %errorlevel%

:server
rem The arguments after "server", exactly as typed: the rest of the line after its first word (cmd has no shift for
rem %*). Delayed expansion reads them without parsing them again, and is off again before they are used.
setlocal EnableDelayedExpansion
for /f "tokens=1,*" %%a in ("!all_args!") do (
  endlocal
  set "server_args=%%b"
)
java %server_opts% %java_opts% -jar "%server_jar%" %server_args%
exit /b %errorlevel%

rem Appends to the variable named first the options of the roles that follow, each quoted, in jvm.options' order
rem (lines starting with # are comments; for /f skips blank ones).
:add_options
set "into=%~1"
set "roles="
:add_options_role
shift
if "%~1"=="" goto add_options_read
set "roles=%roles% %~1"
goto add_options_role
:add_options_read
for /f "usebackq eol=# tokens=1,*" %%a in ("%here%\jvm.options") do (
  set "role=%%a"
  set "option=%%b"
  call :add_option
)
exit /b 0

:add_option
for %%w in (%roles%) do if "%%w"=="%role%" call set "%into%=%%%into%%% "%option%""
exit /b 0
