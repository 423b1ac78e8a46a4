/* The frame every page shares (public portal and staff workspace), and
 * small pieces of markup that several pages use. */
#ifndef ANSINH_WEB_PAGE_H
#define ANSINH_WEB_PAGE_H

#include "text/labels.h"
#include "web/html.h"
#include "web/web.h"

enum page_kind { PAGE_PUBLIC, PAGE_STAFF };

/* <!DOCTYPE html> … <main>: title is the page's own title; active names the
 * navigation entry to mark ("home", "list", "media", "dashboard", ...). */
void page_begin(struct html *h, struct web_req *rq, enum page_kind kind, const char *title,
		const char *active);
void page_end(struct html *h, struct web_req *rq, enum page_kind kind);
/* Hands the page to the response (text/html) with the status. */
int page_send(struct web_resp *rs, int status, struct html *h);

/* <input type="hidden" name="csrf" …> for this request's session. */
void html_csrf(struct html *h, struct web_req *rq);
/* "Trang 2 / 14" with previous/next links to path?q=…&page=N. */
void html_pager(struct html *h, const char *path, const char *q, int64_t page, int64_t total,
		int64_t per_page);
/* Vietnamese names of channels and donor kinds ("" when unknown). */
/* A notice box: kind "ok", "error" or "info". */
void html_notice(struct html *h, const char *kind, const char *msg);

#endif
