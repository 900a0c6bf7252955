#!/usr/bin/env bash
# Runs the web app against the local Docker daemon and a Redis on localhost:6379.
# ConnectionStrings__Redis and ASPNETCORE_URLS may be set to override the defaults.
#
# On the first run, when no user is configured (no Auth__Users__* variable), it creates an
# admin with a random password and API key, prints both once, and keeps only their hashes in
# $CONTAINERLEASE_STATE_DIR/admin.env (default ~/.local/state/containerlease) for later runs.
# Delete that file to make a new admin.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --redis
export ConnectionStrings__Redis="${ConnectionStrings__Redis:-localhost:6379}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet build ContainerLease.Mvc -c Release -v quiet -nologo -clp:NoSummary >&2
app=ContainerLease.Mvc/bin/Release/net10.0/ContainerLease.Mvc.dll

state_dir="${CONTAINERLEASE_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/containerlease}"
admin_file="$state_dir/admin.env"
if ! env | grep -q '^Auth__Users__' && [ ! -f "$admin_file" ]; then
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)
  hash=$(printf '%s\n' "$password" | dotnet "$app" hash-password)
  { read -r api_key; read -r api_key_sha256; } < <(dotnet "$app" new-api-key)
  mkdir -p "$state_dir"
  (
    umask 077
    cat >"$admin_file" <<ENV
# The first admin, made by scripts/run.sh. Hashes only: the password and key were shown once.
Auth__Users__admin__Role=admin
Auth__Users__admin__PasswordHash=$hash
Auth__Users__admin__ApiKeySha256=$api_key_sha256
ENV
  )
  cat >&2 <<MSG

  First run: an admin was created. These are shown only now; keep them somewhere safe.
    sign in at ${ASPNETCORE_URLS%%;*} as   admin / $password
    API key (X-Api-Key header):        $api_key
  Their hashes are in $admin_file (delete it to make a new admin).

MSG
fi
if [ -f "$admin_file" ] && ! env | grep -q '^Auth__Users__'; then
  set -a
  # shellcheck disable=SC1090
  . "$admin_file"
  set +a
fi

# The project folder is the content root: appsettings.json and wwwroot are found from there.
cd ContainerLease.Mvc
exec dotnet "../$app" "$@"
