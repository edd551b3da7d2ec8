#!/bin/sh
# Container entry point: the first argument names what to run.
set -e
case "$1" in
  ingestion|feature-engineering|prediction|order-execution|log-sink|api|backtest)
    cd "/app/services/$1" && exec node --import tsx src/main.ts ;;
  migrate)
    cd /app/packages/cli && exec node --import tsx src/main.ts db migrate ;;
  mlt)
    shift; cd /app/packages/cli && exec node --import tsx src/main.ts "$@" ;;
  *)
    echo "unknown command '$1' (expected a service name, migrate or mlt)" >&2; exit 2 ;;
esac
