#!/usr/bin/env bash
# A real Zabbix 6.0 API for the tests: Debian's frontend (api_jsonrpc.php) under PHP's built-in
# server, on a PostgreSQL database loaded with Debian's zabbix-server-pgsql schema. No
# zabbix_server runs: the API reads and writes the database itself, and the tests write history
# and trends rows as the server would.
#
#   levantar.sh instalar                    apt packages (root; once per machine, ~1.5 min)
#   levantar.sh disponible                  exit 0 when everything needed is installed
#   levantar.sh preparar                    build the template database now (else: on first iniciar)
#   levantar.sh iniciar PUERTO BD PIDFILE   database BD + API on 127.0.0.1:PUERTO; prints the URL
#   levantar.sh detener PIDFILE BD          stops that PHP server (by its PID) and drops BD
#
# PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres). The schema is loaded
# once into a template database (~20 s); each BD is then a copy of it (~1 s).
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS='-c client_min_messages=warning'
FRONTEND=/usr/share/zabbix
ESQUEMA=/usr/share/zabbix-server-pgsql
CONF=/etc/zabbix/zabbix.conf.php
MARCA='// troncal: written by apps/server/test/zabbix/levantar.sh'
PAQUETES=(php8.2-cli php8.2-pgsql php8.2-bcmath php8.2-gd php8.2-mbstring php8.2-xml zabbix-frontend-php zabbix-server-pgsql)

disponible() {
  command -v php >/dev/null && [ -f "$FRONTEND/api_jsonrpc.php" ] && [ -f "$ESQUEMA/schema.sql.gz" ] &&
    command -v psql >/dev/null || return 1
  local modulos
  modulos=$(php -m 2>/dev/null)
  grep -qix pgsql <<<"$modulos"
}

psql_q() { psql -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

configurar() {
  if [ -f "$CONF" ] && ! grep -qF "$MARCA" "$CONF"; then
    echo "levantar.sh: $CONF ya existe y no es de Troncal; no lo toco." >&2
    exit 1
  fi
  # Database name from the environment, so several test databases can share the frontend.
  cat >"$CONF" <<PHP
<?php
$MARCA
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = getenv('ZBX_DB_HOST') ?: '127.0.0.1';
\$DB['PORT'] = getenv('ZBX_DB_PORT') ?: '5432';
\$DB['DATABASE'] = getenv('ZBX_DB_NAME') ?: 'zabbix';
\$DB['USER'] = getenv('ZBX_DB_USER') ?: 'postgres';
\$DB['PASSWORD'] = getenv('ZBX_DB_PASSWORD') ?: '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER_NAME = 'troncal-pruebas';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
PHP
}

plantilla() {
  local version
  # "1:6.0.14+dfsg-1+b1" → 6_0_14: a new schema version gets a new template.
  version=$(dpkg-query -W -f '${Version}' zabbix-server-pgsql 2>/dev/null | sed -E 's/^[0-9]+://; s/[^0-9.].*//; s/\./_/g')
  local nombre="troncal_zabbix_plantilla_${version:-x}"
  exec 9>/tmp/troncal-zabbix-plantilla.lock
  flock 9
  if [ "$(psql_q -c "select 1 from pg_database where datname = '$nombre'")" != "1" ]; then
    psql_q -c "drop database if exists ${nombre}_tmp" -c "create database ${nombre}_tmp"
    zcat "$ESQUEMA/schema.sql.gz" | psql -d "${nombre}_tmp" -q -v ON_ERROR_STOP=1 >/dev/null
    zcat "$ESQUEMA/images.sql.gz" "$ESQUEMA/data.sql.gz" |
      psql -d "${nombre}_tmp" -q -v ON_ERROR_STOP=1 --single-transaction >/dev/null 2>&1
    psql_q -c "alter database ${nombre}_tmp rename to ${nombre}"
  fi
  flock -u 9
  echo "$nombre"
}

case "${1:-}" in
instalar)
  if ! disponible; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PAQUETES[@]}" >/dev/null
  fi
  disponible
  ;;
disponible) disponible ;;
preparar)
  disponible || { echo "levantar.sh: faltan paquetes; ejecute 'levantar.sh instalar'" >&2; exit 2; }
  configurar
  plantilla
  ;;
iniciar)
  puerto=$2 bd=$3 pidfile=$4
  disponible || { echo "levantar.sh: faltan paquetes; ejecute 'levantar.sh instalar'" >&2; exit 2; }
  configurar
  origen=$(plantilla)
  psql_q -c "drop database if exists $bd with (force)" -c "create database $bd template $origen"
  # Several workers: the sources ask for entrada and salida in parallel.
  ZBX_DB_NAME=$bd ZBX_DB_HOST=$PGHOST ZBX_DB_PORT=$PGPORT ZBX_DB_USER=$PGUSER PHP_CLI_SERVER_WORKERS=4 \
    setsid php -S "127.0.0.1:$puerto" -t "$FRONTEND" >"/tmp/troncal-zabbix-$puerto.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  url="http://127.0.0.1:$puerto/api_jsonrpc.php"
  for _ in $(seq 1 100); do
    if curl -fsS -m 2 -H 'Content-Type: application/json-rpc' \
      -d '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' "$url" 2>/dev/null | grep -q '"result"'; then
      echo "$url"
      exit 0
    fi
    sleep 0.1
  done
  echo "levantar.sh: la API de Zabbix no respondió; ver /tmp/troncal-zabbix-$puerto.log" >&2
  exit 1
  ;;
detener)
  pidfile=$2 bd=$3
  if [ -f "$pidfile" ]; then
    # setsid made the PHP server a group leader: its workers go with it.
    kill -- "-$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  fi
  psql_q -c "drop database if exists $bd with (force)" >/dev/null 2>&1 || true
  ;;
*)
  sed -n '2,14p' "$0" >&2
  exit 64
  ;;
esac
