/* Serving the embedded assets.  Each has a version (the start of its
 * SHA-256) computed at start-up; pages link "/static/NAME?v=VERSION", which
 * may be cached for a year because a changed file gets a new URL.  Any
 * other request for the file is cached for five minutes and revalidated
 * with its ETag. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/assets.h"
#include "web/web.h"

#define ASSETS_MAX 16

static struct {
	char version[17];
	char url[96];
	char etag[24];
} meta[ASSETS_MAX];

void assets_init(void)
{
	unsigned char h[32];
	if (assets_count > ASSETS_MAX)
		fatal("more than %d embedded assets", ASSETS_MAX);
	for (int i = 0; i < assets_count; i++) {
		crypto_hash_sha256(h, (const unsigned char *)assets[i].data, assets[i].len);
		char v[17];
		sodium_bin2hex(v, sizeof v, h, 8);
		memcpy(meta[i].version, v, sizeof v);
		snprintf(meta[i].url, sizeof meta[i].url, "/static/%.40s?v=%s", assets[i].name, v);
		snprintf(meta[i].etag, sizeof meta[i].etag, "\"%s\"", v);
	}
}

static int find(const char *name)
{
	for (int i = 0; i < assets_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return i;
	return -1;
}

const char *asset_url(const char *name)
{
	int i = find(name);
	return i < 0 ? "/static/missing" : meta[i].url;
}

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (dot && !strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (dot && !strcmp(dot, ".svg"))
		return "image/svg+xml";
	return "application/octet-stream";
}

int page_asset(struct web_req *rq, struct web_resp *rs)
{
	int i = find(rq->arg[0]);
	const char *v, *inm;
	if (i < 0)
		return web_fail(rq, rs, 404, "Không có tệp này.");
	v = web_raw(rq, "v");
	rs->cache = v && !strcmp(v, meta[i].version) ? "public, max-age=31536000, immutable"
						     : "public, max-age=300";
	resp_header(rs, "ETag", meta[i].etag);
	inm = web_header(rq, "If-None-Match");
	if (inm && strstr(inm, meta[i].etag)) {
		rs->status = 304;
		return 0;
	}
	rs->status = 200;
	rs->ctype = content_type(assets[i].name);
	buf_put(&rs->body, assets[i].data, assets[i].len);
	return 0;
}
