#!/usr/bin/env bash
# End-to-end check of the running CDN edge against the running object store:
#   bin/platform up objectstore edge && infra/tests/edge-smoke.sh   (bin/platform test runs it)
# Uploads two random objects under a fresh songs/edge-smoke-<id>/ prefix, checks the token rules,
# ranges, caching and error handling through the edge, and deletes the objects again.
# Reads the same environment as bin/platform (HARMONIA_STATE_DIR, HARMONIA_PORT_OFFSET, ...).
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/env.sh
source "$HARMONIA_ROOT/infra/env.sh"
# shellcheck source=infra/lib.sh
source "$HARMONIA_ROOT/infra/lib.sh"
load_secrets
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"

SIGN="$HARMONIA_ROOT/infra/edge/sign-url"
EDGE="$HARMONIA_EDGE_URL"
S3="$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_BUCKET"
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
WORK="$(mktemp -d)"
ID="$(random_token 4)"
SONG="edge-smoke-$ID"

s3() { # curl args... (signed with the platform's key pair; curl needs the payload hash given)
  curl -sS --aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY" "$@"
}
put_object() { # file key
  local code
  code="$(s3 -o /dev/null -w '%{http_code}' -H "x-amz-content-sha256: $(sha256sum "$1" | cut -d' ' -f1)" \
    -T "$1" "$S3/$2")"
  [ "$code" = 200 ] || die "upload of $2 failed: HTTP $code"
}
cleanup() {
  s3 -o /dev/null -X DELETE -H "x-amz-content-sha256: $EMPTY_SHA256" "$S3/songs/$SONG/320.mp3" || true
  s3 -o /dev/null -X DELETE -H "x-amz-content-sha256: $EMPTY_SHA256" "$S3/songs/$SONG/128.0123abcd.mp3" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

get() { # curl args... -> "status x-cache-status", body in $WORK/body
  curl -sS -o "$WORK/body" -w '%{http_code} %header{x-cache-status}' "$@"
}
status() { curl -sS -o "$WORK/body" -w '%{http_code}' "$@"; }
same_bytes() { # file offset length -> "same" when $WORK/body equals that part of the file
  if cmp -s "$WORK/body" <(tail -c +"$(($2 + 1))" "$1" | head -c "$3"); then echo same; else echo different; fi
}

curl -fsS -o /dev/null "$EDGE/healthz" || die "the edge does not answer at $EDGE (bin/platform up objectstore edge)"
code="$(s3 -o /dev/null -w '%{http_code}' -X PUT -H "x-amz-content-sha256: $EMPTY_SHA256" "$S3")" || true
case "$code" in 200|409) ;; *) die "cannot create or reach bucket $HARMONIA_S3_BUCKET: HTTP $code" ;; esac

head -c 2600000 /dev/urandom > "$WORK/a.mp3"   # three 1 MB slices, the last one partial
head -c 70000 /dev/urandom > "$WORK/b.mp3"
put_object "$WORK/a.mp3" "songs/$SONG/320.mp3"
put_object "$WORK/b.mp3" "songs/$SONG/128.0123abcd.mp3"
A="/songs/$SONG/320.mp3"
B="/songs/$SONG/128.0123abcd.mp3"
url_a="$("$SIGN" "$A" user-a)"
query_a="${url_a#*\?}"

echo "Token checks ($EDGE)"
check "no token -> 403" 403 "$(status "$EDGE$A")"
check "a 403 carries Access-Control-Allow-Origin (a player sees it)" "*" "$(curl -sS -o /dev/null -w '%header{access-control-allow-origin}' "$EDGE$A")"
check "missing sig -> 403" 403 "$(status "${url_a%%&sig=*}")"
check "missing u -> 403" 403 "$(status "$EDGE$A?${query_a#*&}")"
last="${url_a: -1}"; [ "$last" = A ] && other=B || other=A
check "tampered sig -> 403" 403 "$(status "${url_a%?}$other")"
check "expired -> 403" 403 "$(status "$("$SIGN" --exp $(( $(date +%s) - 5 )) "$A" user-a)")"
check "expired: reason in body" "forbidden: token expired" "$(cat "$WORK/body")"
check "token for another bitrate -> 403" 403 "$(status "$EDGE/songs/$SONG/256.mp3?$query_a")"
check "user A's token on another song -> 403" 403 "$(status "$EDGE$B?$query_a")"
check "user B presenting A's token -> 403" 403 "$(status "$EDGE$A?${query_a/u=user-a/u=user-b}")"
check "bad path shape -> 404" 404 "$(status "$EDGE/songs/$SONG/192.mp3?$query_a")"
check "percent-encoded path -> 404" 404 "$(status "$EDGE/songs/${SONG/-/%2D}/320.mp3?$query_a")"
check "POST -> 405" 405 "$(status -X POST "$url_a")"

echo "Ranges and caching"
check "64 KB range (cold) -> 206 MISS" "206 MISS" "$(get -H 'Range: bytes=1100000-1165535' "$url_a")"
check "  bytes equal the object's" same "$(same_bytes "$WORK/a.mp3" 1100000 65536)"
check "  Content-Range" "bytes 1100000-1165535/2600000" \
  "$(curl -sS -o /dev/null -w '%header{content-range}' -H 'Range: bytes=1100000-1165535' "$url_a")"
check "same range again -> 206 HIT" "206 HIT" "$(get -H 'Range: bytes=1100000-1165535' "$url_a")"
check "  bytes equal the object's" same "$(same_bytes "$WORK/a.mp3" 1100000 65536)"
check "range across slices -> 206" "206" "$(get -H 'Range: bytes=1000000-2599999' "$url_a" | cut -d' ' -f1)"
check "  bytes equal the object's" same "$(same_bytes "$WORK/a.mp3" 1000000 1600000)"
check "suffix range -> 206" "206" "$(get -H 'Range: bytes=-1000' "$url_a" | cut -d' ' -f1)"
check "  bytes equal the object's" same "$(same_bytes "$WORK/a.mp3" 2599000 1000)"
check "range past the end (last slice) -> 416" 416 "$(status -H 'Range: bytes=2700000-' "$url_a")"
check "range past the end (beyond) -> 416" 416 "$(status -H 'Range: bytes=9000000-' "$url_a")"
check "no Range -> 200" 200 "$(status "$url_a")"
check "  body equals the object" same "$(same_bytes "$WORK/a.mp3" 0 2600000)"
check "HEAD -> 200, Content-Length" "200 2600000" "$(curl -sS -I -o /dev/null -w '%{http_code} %header{content-length}' "$url_a")"
check "Content-Type" "audio/mpeg" "$(curl -sS -I -o /dev/null -w '%header{content-type}' "$url_a")"
check "Accept-Ranges on a full response" "bytes" "$(curl -sS -I -o /dev/null -w '%header{accept-ranges}' "$url_a")"
# max-age is what is left of the token's life when the edge answers: 600 s, less the seconds that
# passed between signing and the answer
signed_at=$(date +%s)
cache_control="$(curl -sS -I -o /dev/null -w '%header{cache-control}' "$("$SIGN" --ttl 600 "$A" user-a)")"
least=$((600 - ($(date +%s) - signed_at)))
max_age="$(sed -nE 's/^private, max-age=([0-9]+)$/\1/p' <<< "$cache_control")"
check "Cache-Control private, bounded by exp" "private, max-age in [$least, 600]" \
  "$( [ -n "$max_age" ] && [ "$max_age" -ge "$least" ] && [ "$max_age" -le 600 ] \
    && echo "private, max-age in [$least, 600]" || echo "$cache_control")"
url_b="$("$SIGN" "$B" user-b)"
check "versioned key, small object -> 200" 200 "$(status "$url_b")"
check "  body equals the object" same "$(same_bytes "$WORK/b.mp3" 0 70000)"

echo "Origin errors"
missing="$("$SIGN" "/songs/$SONG/256.mp3" user-a)"
check "object not in the bucket -> 404" 404 "$(status "$missing")"
check "  again: still 404" 404 "$(status "$missing")"
check "  ... and asked of the origin again (not cached)" "origin_status=404" \
  "$(tail -n 1 "$HARMONIA_LOG_DIR/edge-access.log" | grep -o 'origin_status=[0-9-]*')"
check "  no audio content type" "text/plain" "$(curl -sS -o /dev/null -w '%header{content-type}' "$missing")"

checks_verdict "edge smoke test"
