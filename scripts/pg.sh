#!/usr/bin/env bash
# Throw-away PostgreSQL cluster on 127.0.0.1.
#   source scripts/pg.sh start   -> exports DATABASE_URL and PG_TMP
#   scripts/pg.sh stop DIR       -> stops the cluster and removes DIR
# Installs PostgreSQL with apt when pg_ctl is missing. initdb refuses root, so as root it runs as `postgres`.
pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }; done
  return 1
}
pg_install() {
  pg_bin >/dev/null && return 0
  echo "installing PostgreSQL with apt..."
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}
pg_start() {
  pg_install || return 1
  local bin port run_as=()
  bin=$(pg_bin)
  port=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  PG_TMP=$(mktemp -d /tmp/tijara-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_TMP"; run_as=(runuser -u postgres --); fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 >/dev/null || { rm -rf "$PG_TMP"; return 1; }
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_TMP/log"; rm -rf "$PG_TMP"; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tijara || return 1
  export PG_TMP PG_PORT=$port
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/tijara"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_TMP)"
}
pg_stop() {
  local dir=${1:-${PG_TMP:-}} bin run_as=()
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin=$(pg_bin)
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
case "${1:-}" in
  start) pg_start ;;
  stop) pg_stop "${2:-}" ;;
  *) : ;;  # sourced for its functions
esac
