#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): runs on the staging directory before it becomes dist/.
#
# Trunk 0.21 starts the wasm with an inline <script type="module">. The Content-Security-Policy in
# index.html allows no inline script, so this moves that script into its own file, named by a hash
# of its content (init-<hash>.js), and references it with a relative URL. It then checks that no
# inline script and no root-relative URL is left, so dist/ works under any sub-path. Last, it writes
# the time zone files the dashboard fetches (tz/).
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?this script is run by trunk as a post_build hook}"
html="$dir/index.html"

perl -0777 -i -pe '
  BEGIN { use Digest::SHA qw(sha256_hex); }
  s{<script type="module">\s*(.*?)\s*</script>}{
    my $js = "$1\n";
    $js =~ s/\n{3,}/\n\n/g;
    my $name = "init-" . substr(sha256_hex($js), 0, 16) . ".js";
    open(my $fh, ">", "$ENV{TRUNK_STAGING_DIR}/$name") or die "cannot write $name: $!";
    print $fh $js;
    close($fh);
    qq{<script type="module" src="./$name"></script>};
  }se;
' "$html"

# Stylesheets carry an integrity hash; in a sandboxed iframe (opaque origin) every request is
# cross-origin, and SRI then needs a CORS request: ask for one (a same-origin page is unaffected).
perl -0777 -i -pe 's{<link rel="stylesheet"(?![^>]*crossorigin)}{<link rel="stylesheet" crossorigin="anonymous"}g' "$html"

if grep -Eq '<script( type="module")?>' "$html"; then
  echo "post-build: an inline <script> is left in index.html; the CSP would block it" >&2
  exit 1
fi
if grep -Eq '(href|src)="/' "$html"; then
  echo "post-build: a root-relative URL is left in index.html; dist/ would only work at the host root" >&2
  exit 1
fi
ls "$dir"/init-*.js >/dev/null

# wasm-bindgen's glue (~54 KB as it writes it) minified by terser (npm, tests/e2e/package.json;
# trunk's own minifier cannot parse it): ~2 KB gzip of the download budget. The integrity hash of
# its <link rel="modulepreload"> is computed again for the minified file.
terser="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e/node_modules/.bin/terser"
if [ "${DORALENS_MINIFY_JS:-1}" = 1 ]; then
  [ -x "$terser" ] || { echo "post-build: $terser is missing (bash scripts/setup.sh)" >&2; exit 1; }
  for js in "$dir"/doralens-web-*.js; do
    "$terser" "$js" --module --compress --mangle --output "$js.min"
    mv "$js.min" "$js"
    sri="sha384-$(openssl dgst -sha384 -binary "$js" | openssl base64 -A)"
    name=$(basename "$js")
    NAME="$name" SRI="$sri" perl -0777 -i -pe '
      s{(<link\b[^>]*?\Q$ENV{NAME}\E[^>]*>)}{ my $t = $1; $t =~ s/integrity="[^"]*"/integrity="$ENV{SRI}"/; $t }ge;
    ' "$html"
    grep -q "$sri" "$html" || { echo "post-build: no integrity of $name updated in index.html" >&2; exit 1; }
  done
fi

# Time zones: the wasm bundles no time zone database; the dashboard fetches tz/<Area>/<Location>
# (one TZif file, a few hundred bytes) when a report zone other than UTC is chosen.
cargo run --quiet --example tzdata -- "$dir/tz"
test -s "$dir/tz/Europe/Berlin"
