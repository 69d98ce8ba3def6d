#!/usr/bin/env bash
# Submit the example dossier to a running `make run`: upload two documents, then the dossier.
# Usage: bash docs/examples/submit.sh   (from the repository's root, in a second terminal)
set -euo pipefail
export HOTRO_ENV="${HOTRO_ENV:-demo}"  # the demo's settings, as `make run` has them
BASE="${BASE:-http://127.0.0.1:${PORT:-8000}}"
TOKEN="$(.venv/bin/hotro token dn.anphat)"
# `hotro demo` writes digitally signed copies of the two documents; use them when present.
SIGNED="${HOTRO_DATA_DIR:-var}/signing/examples"
upload() {
  local file="docs/examples/$1"
  [ -f "$SIGNED/$1" ] && file="$SIGNED/$1"
  curl -sf -H "Authorization: Bearer $TOKEN" -F "file=@$file" "$BASE/api/v1/documents" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
WORKER_LIST="$(upload danh-sach-nguoi-lao-dong.pdf)"
SI_CONFIRMATION="$(upload xac-nhan-bhxh.pdf)"
sed -e "s/WORKER_LIST/$WORKER_LIST/" -e "s/SI_CONFIRMATION/$SI_CONFIRMATION/" \
  docs/examples/ho-so-tam-hoan.json \
  | curl -s -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
      -H "Idempotency-Key: example-$(date +%s)" --data-binary @- "$BASE/api/v1/dossiers" \
  | python3 -m json.tool --no-ensure-ascii
