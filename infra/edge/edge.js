// Harmonia CDN edge: njs module loaded by infra/edge/nginx.conf.template.
//
//   verify(r)          js_set $edge_auth   - checks the listener's signed URL (token scheme: see the
//                                            comment block at the top of nginx.conf.template and
//                                            infra/edge/sign-url, the reference signer)
//   responseHeaders(r) js_header_filter    - Content-Type / Cache-Control of what the player receives
//   s3Path(r), s3Date(r), s3Authorization(r)
//                      js_set              - AWS Signature V4 for the edge's own requests to the
//                                            private bucket (used by the internal "signer" server)
//
// Written for njs 0.7 (Debian 12's libnginx-mod-http-js 0.7.9). Secrets come from the environment
// (nginx `env` directives), never from the rendered configuration.

const crypto = require('crypto');
const qs = require('querystring');

const PATH_RE = /^\/songs\/[A-Za-z0-9_-]{1,64}\/(128|256|320)(\.[0-9a-f]{8,64})?\.mp3$/;
const EXP_RE = /^[0-9]{1,12}$/;
const SIG_RE = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_USER_ID_LENGTH = 256;
// What the player may keep a response for, at most (it is further bounded by the token's expiry).
const MAX_CLIENT_TTL_SECONDS = 86400;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function nowSeconds() {
    return Math.floor(Date.now() / 1000);
}

// The request's path exactly as the client sent it (no query), to refuse non-canonical spellings
// (percent-encoded characters, dot segments, double slashes) that nginx would normalise in $uri.
function rawPath(r) {
    const u = r.variables.request_uri || '';
    const q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
}

function queryArgs(r) {
    return qs.parse(r.variables.args || '');
}

// A query parameter: a non-empty string, null when absent or empty, undefined when repeated.
function single(args, name) {
    const v = args[name];
    if (Array.isArray(v)) {
        return undefined;
    }
    return (typeof v === 'string' && v.length > 0) ? v : null;
}

// Compares two strings in time that depends only on their length (a signature's length is public:
// 43 characters), never stopping at the first differing character.
function constantTimeEquals(a, b) {
    if (a.length !== b.length) {
        return false;
    }
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
        diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    }
    return diff === 0;
}

function tokenSignature(key, path, exp, userId) {
    return crypto.createHmac('sha256', key)
        .update(path + '\n' + exp + '\n' + userId)
        .digest('base64url');
}

// "ok", or "<status> <reason>" with status 403, 404 or 500; the configuration turns the latter into
// a plain-text response without contacting the origin.
function verify(r) {
    const path = rawPath(r);
    if (path !== r.uri || !PATH_RE.test(path)) {
        return '404 no such file';
    }
    const key = process.env.HARMONIA_EDGE_SIGNING_KEY;
    if (!key) {
        r.error('edge: HARMONIA_EDGE_SIGNING_KEY is not set in the environment');
        return '500 edge misconfigured';
    }
    const args = queryArgs(r);
    const u = single(args, 'u');
    const exp = single(args, 'exp');
    const sig = single(args, 'sig');
    if (u === undefined || exp === undefined || sig === undefined) {
        return '403 malformed token (repeated parameter)';
    }
    if (u === null || exp === null || sig === null) {
        return '403 missing token (u, exp and sig are required)';
    }
    if (!EXP_RE.test(exp) || !SIG_RE.test(sig) || u.length > MAX_USER_ID_LENGTH) {
        return '403 malformed token';
    }
    if (!constantTimeEquals(tokenSignature(key, path, exp, u), sig)) {
        return '403 invalid signature (tampered, or made for another path or user)';
    }
    if (Number(exp) < nowSeconds()) {
        return '403 token expired';
    }
    return 'ok';
}

// Header filter of the audio location: what the player (and any cache between it and us) is told.
// It runs before nginx's range filter: a response that becomes a 206 is still a 200 here.
// (nginx itself adds "Accept-Ranges: bytes" to full responses; a 206 speaks for itself.)
function responseHeaders(r) {
    const status = r.status;
    if (status === 200 || status === 206 || status === 304) {
        if (status !== 304) {
            r.headersOut['Content-Type'] = 'audio/mpeg';
        }
        // The bytes behind a key never change, but the response answers a signed URL: only the
        // player's own cache may keep it, and not beyond the token's expiry.
        const exp = Number(single(queryArgs(r), 'exp'));
        const ttl = Math.max(0, Math.min(MAX_CLIENT_TTL_SECONDS, exp - nowSeconds())) || 0;
        r.headersOut['Cache-Control'] = 'private, max-age=' + ttl;
    } else {
        r.headersOut['Cache-Control'] = 'no-store';
    }
}

// --- AWS Signature V4 for origin requests --------------------------------------------------------

function sha256Hex(s) {
    return crypto.createHash('sha256').update(s).digest('hex');
}

function hmac(key, s) {
    return crypto.createHmac('sha256', key).update(s).digest();
}

// RFC 3986 encoding of each path segment, as SigV4's canonical URI wants (S3: not encoded twice).
function encodePath(p) {
    return p.split('/').map(function (seg) {
        return encodeURIComponent(seg).replace(/[!'()*]/g, function (c) {
            return '%' + c.charCodeAt(0).toString(16).toUpperCase();
        });
    }).join('/');
}

// Path of the object on the origin: /<bucket>/<key>, where key = the request path without its
// leading slash (path-style addressing). nginx sends exactly this string, so it is also what is signed.
function s3Path(r) {
    return encodePath('/' + r.variables.edge_s3_bucket + r.uri);
}

// One timestamp per origin request, shared by x-amz-date and the Authorization header
// (memoised in the js_var $edge_s3_amz_date, so the evaluation order does not matter).
function s3Date(r) {
    let d = r.variables.edge_s3_amz_date;
    if (!d) {
        d = new Date().toISOString().replace(/[-:]/g, '').replace(/\.[0-9]+Z$/, 'Z');
        r.variables.edge_s3_amz_date = d;
    }
    return d;
}

function s3ContentSha256() {
    return EMPTY_SHA256;
}

function s3Authorization(r) {
    const accessKey = process.env.HARMONIA_S3_ACCESS_KEY;
    const secretKey = process.env.HARMONIA_S3_SECRET_KEY;
    if (!accessKey || !secretKey) {
        r.error('edge: HARMONIA_S3_ACCESS_KEY / HARMONIA_S3_SECRET_KEY are not set in the environment');
        return '';
    }
    const region = r.variables.edge_s3_region;
    const amzDate = s3Date(r);
    const day = amzDate.substring(0, 8);
    const scope = day + '/' + region + '/s3/aws4_request';

    // Signed headers, in sorted order: host, range (when sent), x-amz-content-sha256, x-amz-date.
    const headers = [['host', r.variables.edge_s3_host]];
    const range = r.headersIn['Range'];
    if (range) {
        headers.push(['range', range.trim()]);
    }
    headers.push(['x-amz-content-sha256', EMPTY_SHA256]);
    headers.push(['x-amz-date', amzDate]);
    const signedHeaders = headers.map(function (h) { return h[0]; }).join(';');
    const canonicalRequest = [
        'GET',
        s3Path(r),
        '',
        headers.map(function (h) { return h[0] + ':' + h[1] + '\n'; }).join(''),
        signedHeaders,
        EMPTY_SHA256
    ].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    let k = hmac('AWS4' + secretKey, day);
    k = hmac(k, region);
    k = hmac(k, 's3');
    k = hmac(k, 'aws4_request');
    const signature = crypto.createHmac('sha256', k).update(stringToSign).digest('hex');
    return 'AWS4-HMAC-SHA256 Credential=' + accessKey + '/' + scope
        + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;
}

export default { verify, responseHeaders, s3Path, s3Date, s3ContentSha256, s3Authorization };
