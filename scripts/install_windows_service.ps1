# Install MPP Lite as a Windows service with NSSM, plus Task Scheduler entries for backup and sync.
#
# Run in an elevated PowerShell ("Run as administrator") from the kit's folder:
#     powershell -ExecutionPolicy Bypass -File scripts\install_windows_service.ps1
# Options:
#     -Instance C:\MPP-Lite\instance  -Port 8080  -BackupAt 19:00  -SyncMinutes 15  -Nssm C:\tools\nssm.exe
#
# NSSM (the Non-Sucking Service Manager, nssm.cc, public domain) is a single nssm.exe: download
# win64\nssm.exe once, keep it on the PC (e.g. C:\tools\nssm.exe); the kit never downloads it.
# What this does, step by step, is also written out in README.md ("Running for years").

param(
    [string]$Instance = "$PSScriptRoot\..\instance",
    [int]$Port = 8080,
    [int]$Threads = 8,
    [string]$BackupAt = "19:00",
    [int]$SyncMinutes = 15,
    [string]$Nssm = "nssm.exe",
    [string]$ServiceName = "MPPLite"
)
$ErrorActionPreference = "Stop"

$Root = (Resolve-Path "$PSScriptRoot\..").Path
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) { throw "No virtual environment at ${Python}; run scripts\quickstart.py first." }
New-Item -ItemType Directory -Force -Path $Instance | Out-Null
$Instance = (Resolve-Path $Instance).Path
$Logs = Join-Path $Instance "logs"
New-Item -ItemType Directory -Force -Path $Logs | Out-Null

# First run: instance folder, secret key and database (safe to repeat).
$env:MPP_INSTANCE_PATH = $Instance
& $Python -m mpp_lite init
if ($LASTEXITCODE -ne 0) { throw "mpp-lite init failed" }

# --- the service ------------------------------------------------------------------------------
& $Nssm stop $ServiceName 2>$null | Out-Null
& $Nssm remove $ServiceName confirm 2>$null | Out-Null
& $Nssm install $ServiceName $Python "-m" "mpp_lite" "serve" "--host" "0.0.0.0" "--port" "$Port" "--threads" "$Threads"
& $Nssm set $ServiceName AppDirectory $Root
& $Nssm set $ServiceName AppEnvironmentExtra "MPP_INSTANCE_PATH=$Instance" "PYTHONUNBUFFERED=1"
& $Nssm set $ServiceName DisplayName "MPP Lite (Mal Pelayanan Publik)"
& $Nssm set $ServiceName Description "Catalogue, queue, applications and SKM of the MPP. Data in $Instance"
& $Nssm set $ServiceName Start SERVICE_AUTO_START
# Restart after a crash or a killed process, after 3 s.
& $Nssm set $ServiceName AppExit Default Restart
& $Nssm set $ServiceName AppRestartDelay 3000
# Console output (start-up messages, errors) next to the kit's own rotated log.
& $Nssm set $ServiceName AppStdout (Join-Path $Logs "service-output.log")
& $Nssm set $ServiceName AppStderr (Join-Path $Logs "service-output.log")
& $Nssm set $ServiceName AppRotateFiles 1
& $Nssm set $ServiceName AppRotateBytes 5242880
# Give waitress time to finish answering before Windows stops it.
& $Nssm set $ServiceName AppStopMethodConsole 15000
& $Nssm start $ServiceName

# Let kiosks and screens on the LAN reach the port (private networks only).
if (-not (Get-NetFirewallRule -DisplayName "MPP Lite $Port" -ErrorAction SilentlyContinue)) {
    New-NetFirewallRule -DisplayName "MPP Lite $Port" -Direction Inbound -Protocol TCP -LocalPort $Port `
        -Profile Private,Domain -Action Allow | Out-Null
}

# --- Task Scheduler: daily backup and the sync push, as SYSTEM, also when nobody is signed in --
# Small .cmd files keep the task lines short (schtasks allows 261 characters).
function Write-TaskScript([string]$Name, [string]$Arguments) {
    $Path = Join-Path $Instance "$Name.cmd"
    @(
        "@echo off",
        "set MPP_INSTANCE_PATH=$Instance",
        "cd /d `"$Root`"",
        "`"$Python`" -m mpp_lite $Arguments >> `"$Logs\$Name.log`" 2>&1"
    ) | Set-Content -Encoding ASCII -Path $Path
    return $Path
}
if ($BackupAt) {
    $Backup = Write-TaskScript "backup-task" "backup"
    schtasks /Create /F /RU SYSTEM /SC DAILY /ST $BackupAt /TN "MPP Lite\Backup" /TR "`"$Backup`""
}
if ($SyncMinutes -gt 0) {
    $Sync = Write-TaskScript "sync-task" "sync push"
    schtasks /Create /F /RU SYSTEM /SC MINUTE /MO $SyncMinutes /TN "MPP Lite\Sync push" /TR "`"$Sync`""
}

Write-Host "MPP Lite runs as the service $ServiceName on port $Port."
Write-Host "Check: nssm status $ServiceName ; open http://localhost:$Port/healthz"
Write-Host "Backups: $Instance\backups (Task 'MPP Lite\Backup' at $BackupAt)."
