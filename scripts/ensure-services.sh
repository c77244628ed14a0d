#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, and ClamAV's clamd on a local socket, for the
# tests: starts them when they are installed but stopped (installing clamd from Debian's packages when
# it is missing), and says clearly what is missing otherwise.
# `scripts/ensure-services.sh clamd` starts only clamd (the tests' clamd fixture calls that).
set -euo pipefail

# clamd for the tests: our own config and a signature folder made here, since this machine cannot run
# freshclam. The one signature is an MD5 hash (.hdb: md5:size:name) of the EICAR test string, which is
# enough to prove the whole path. Production points clamd at freshclam's databases instead.
CLAMD_DIR="${CLAMD_DIR:-/tmp/kbt-clamd}"
CLAMD_SOCKET="$CLAMD_DIR/clamd.sock"
clamd_up() { [ -S "$CLAMD_SOCKET" ] && clamdscan --config-file="$CLAMD_DIR/clamd.conf" --ping 1 >/dev/null 2>&1; }

ensure_clamd() {
  if clamd_up && [ -f "$CLAMD_DIR/db/kbt-test.ndb" ]; then return 0; fi
  if [ -f "$CLAMD_DIR/clamd.pid" ]; then kill "$(cat "$CLAMD_DIR/clamd.pid")" 2>/dev/null || true; sleep 1; fi
  if ! command -v clamd >/dev/null 2>&1; then
    echo "ClamAV's clamd is not installed: installing it (apt-get install clamav-daemon clamdscan)."
    apt-get install -y clamav-daemon clamdscan >/dev/null || {
      echo "ERROR: could not install clamd: apt-get install -y clamav-daemon clamdscan" >&2
      exit 1
    }
  fi
  mkdir -p "$CLAMD_DIR/db"
  # The EICAR string, built here so the repository holds no file a scanner would flag.
  local eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  printf '%s:%s:Kbt.Test.EICAR-HDB\n' "$(printf '%s' "$eicar" | md5sum | cut -d' ' -f1)" "${#eicar}" >"$CLAMD_DIR/db/kbt-test.hdb"
  # And a body signature (.ndb: name:target:offset:hex) of the same string anywhere in any file, so
  # that a PDF carrying it (which passes our file-type check) is caught too.
  printf 'Kbt.Test.EICAR-NDB:0:*:%s\n' "$(printf '%s' "$eicar" | od -An -tx1 -v | tr -d ' \n')" >"$CLAMD_DIR/db/kbt-test.ndb"
  cat >"$CLAMD_DIR/clamd.conf" <<CONF
LocalSocket $CLAMD_SOCKET
LocalSocketMode 666
DatabaseDirectory $CLAMD_DIR/db
PidFile $CLAMD_DIR/clamd.pid
LogFile $CLAMD_DIR/clamd.log
Foreground false
StreamMaxLength 25M
CONF
  echo "clamd is not running: starting it with a test signature database in $CLAMD_DIR."
  rm -f "$CLAMD_SOCKET"
  clamd --config-file="$CLAMD_DIR/clamd.conf"
  for _ in $(seq 1 60); do clamd_up && break; sleep 0.5; done
  if ! clamd_up; then
    echo "ERROR: clamd did not answer on $CLAMD_SOCKET; see $CLAMD_DIR/clamd.log" >&2
    exit 1
  fi
}

if [ "${1:-}" = "clamd" ]; then
  ensure_clamd
  echo "clamd is up on $CLAMD_SOCKET."
  exit 0
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is not running: starting it."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  if ! pg_up; then
    echo "ERROR: PostgreSQL is not answering on 127.0.0.1:5432 and could not be started." >&2
    echo "Install PostgreSQL (apt-get install postgresql) with trust auth for user postgres, or point TEST_DATABASE_URL at a running one." >&2
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Redis is not running: starting it."
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  fi
  if ! redis_up; then
    echo "ERROR: Redis is not answering on 127.0.0.1:6379 and could not be started." >&2
    echo "Install Redis (apt-get install redis-server), or point TEST_BROKER_URL at a running one." >&2
    exit 1
  fi
fi
ensure_clamd
echo "PostgreSQL, Redis and clamd ($CLAMD_SOCKET) are up."
