#!/usr/bin/env bash
# docs/form-project.png: page 1 of a Huadu project example (项目支出) as `declare render --pdf`
# prints it, rasterised with pdftoppm (poppler-utils; only this script needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
SOURCE_DATE_EPOCH=1700000000 node bin/declare.js render examples/huadu-project-heritage-2023.yaml --pdf --out "$out" >/dev/null
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$out/huadu-project-heritage-2023.pdf" docs/form-project
echo "docs/form-project.png"
