#!/usr/bin/env bash
# What `npm test` needs on the machine, checked (and where possible brought) before any test runs, so a missing
# tool is never reported as failing tests: PostgreSQL and Redis on 127.0.0.1, chromium (browser tests) and
# swaks (e-mail tests). Missing Debian packages are installed when running as root (or with sudo); otherwise the
# script stops at once with the one command to run. npm runs it as the `pretest` script.
set -euo pipefail

fail() {
  printf 'npm test: %s\n' "$*" >&2
  exit 1
}

# wait_for NAME COMMAND...: polls COMMAND once a second, for 30 seconds at most.
wait_for() {
  local name=$1
  shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "$name did not come up within 30 s"
}

postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -h 127.0.0.1 -p 5432 -q
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

ensure_postgres() {
  postgres_up && return 0
  local version
  version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1) || true
  [[ -n "$version" ]] && command -v pg_ctlcluster >/dev/null 2>&1 ||
    fail "PostgreSQL is not running on 127.0.0.1:5432; start it (trust authentication for user postgres) and run npm test again"
  # A cluster that is running but not yet accepting connections makes start fail; wait_for decides.
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
    echo "pg_ctlcluster exited non-zero; waiting anyway" >&2
  wait_for PostgreSQL postgres_up
}

ensure_redis() {
  redis_up && return 0
  command -v redis-server >/dev/null 2>&1 ||
    fail "Redis is not running on 127.0.0.1:6379; start it (or: sudo apt-get install redis-server) and run npm test again"
  mkdir -p /tmp/switchboard-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/switchboard-redis --logfile /tmp/switchboard-redis/redis.log
  wait_for Redis redis_up
}

# Debian package → the command the tests run.
ensure_packages() {
  local -A commands=([chromium]=chromium [swaks]=swaks)
  local missing=() package
  for package in "${!commands[@]}"; do
    command -v "${commands[$package]}" >/dev/null 2>&1 || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 ||
    fail "the browser and e-mail tests need ${missing[*]}; install them with your package manager and run npm test again"
  echo "npm test: installing ${missing[*]} (Debian packages the browser and e-mail tests use)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null ||
    fail "could not install ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  for package in "${missing[@]}"; do
    command -v "${commands[$package]}" >/dev/null 2>&1 || fail "$package was installed but ${commands[$package]} is not on PATH"
  done
}

ensure_postgres
ensure_redis
ensure_packages
