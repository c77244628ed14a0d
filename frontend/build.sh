#!/usr/bin/env bash
# Builds the portal's static assets from GOV.UK Frontend 5.x with Knowsley Council's theme.
#
#   frontend/build.sh
#
# Installs the pinned npm packages (npm ci), compiles src/kbt.scss to static/css/kbt.css and copies
# GOV.UK Frontend's ES module bundle to static/js/. The outputs are committed, so running the portal
# never needs Node; run this after changing src/kbt.scss or upgrading govuk-frontend, then commit
# static/. static/js/init.js and static/images/ are hand-written sources, not outputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$here/../static"
govuk="$here/node_modules/govuk-frontend"

cd "$here"
# No package here needs an install script (sass runs as plain JavaScript), so none is run.
npm ci --no-audit --no-fund --ignore-scripts

mkdir -p "$static/css" "$static/js" "$static/images"

# --quiet-deps hides deprecation warnings raised inside govuk-frontend; --silence-deprecation=import
# hides the ones for our own @import lines, which GOV.UK Frontend 5 needs (see src/kbt.scss).
./node_modules/.bin/sass \
  --load-path=node_modules \
  --quiet-deps \
  --silence-deprecation=import \
  --style=compressed \
  --no-source-map \
  src/kbt.scss "$static/css/kbt.css"

# The bundle ends with a sourceMappingURL comment. Django's ManifestStaticFilesStorage (whitenoise in
# production) rewrites such references and fails collectstatic if the map is missing, and we do not
# ship the map, so the comment is dropped.
version="$(node -p "require('$govuk/package.json').version")"
{
  echo "/* GOV.UK Frontend ${version} (https://github.com/alphagov/govuk-frontend), MIT licence. Copied by frontend/build.sh: do not edit. */"
  sed -e 's|//# sourceMappingURL=[^ ]*$||' "$govuk/dist/govuk/govuk-frontend.min.js"
} > "$static/js/govuk-frontend.min.js"

# Guard the theme: a council service must not carry the crown, the royal arms (crest) or GDS Transport.
css="$static/css/kbt.css"
if grep -qiE 'GDS Transport|crown|crest|@font-face' "$css"; then
  echo "build.sh: $css contains GOV.UK-only branding (crown, crest or GDS Transport)" >&2
  exit 1
fi
if ! grep -q 'font-family:arial,sans-serif' "$css"; then
  echo "build.sh: $css does not use Arial" >&2
  exit 1
fi
if grep -q 'sourceMappingURL' "$static/js/govuk-frontend.min.js"; then
  echo "build.sh: could not drop the sourceMappingURL comment from govuk-frontend.min.js" >&2
  exit 1
fi

echo "build.sh: built static/css/kbt.css and static/js/govuk-frontend.min.js from govuk-frontend ${version}"
