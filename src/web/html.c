/* The HTML writer (see html.h). */
#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/escape.h"
#include "core/core.h"
#include "text/date.h"
#include "text/money.h"

void html_escape(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	while (n > 0) {
		size_t run = 0;
		/* copy the longest run that needs no escaping at once */
		while (run < n) {
			unsigned char c = p[run];
			if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c >= 0x80 ||
			    (c < 0x20 && c != '\n' && c != '\t'))
				break;
			run++;
		}
		buf_put(out, p, run);
		p += run;
		n -= run;
		if (n == 0)
			break;
		switch (*p) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default:
			if (*p >= 0x80) {
				size_t len = utf8_seq_len(p, n);
				if (len) {
					buf_put(out, p, len);
					p += len;
					n -= len;
					continue;
				}
			}
			buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD for a control or invalid byte */
		}
		p++;
		n--;
	}
}

void html_raw_(struct html *h, const char *lit, size_t n)
{
	buf_put(&h->b, lit, n);
}

void html_append(struct html *h, const struct html *fragment)
{
	buf_put(&h->b, fragment->b.p ? fragment->b.p : "", fragment->b.len);
}

void html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char num[32];
	va_start(ap, fmt);
	for (const char *p = fmt; *p;) {
		const char *pct = strchr(p, '%');
		if (pct == NULL) {
			buf_puts(&h->b, p);
			break;
		}
		buf_put(&h->b, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			buf_putc(&h->b, '%');
			p++;
		} else if (*p == 's') {
			html_escape(&h->b, va_arg(ap, const char *));
			p++;
		} else if (*p == 'd') {
			snprintf(num, sizeof num, "%d", va_arg(ap, int));
			buf_puts(&h->b, num);
			p++;
		} else if (*p == 'u') {
			snprintf(num, sizeof num, "%u", va_arg(ap, unsigned));
			buf_puts(&h->b, num);
			p++;
		} else if (!strncmp(p, "lld", 3)) {
			snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
			buf_puts(&h->b, num);
			p += 3;
		} else if (!strncmp(p, "ld", 2)) {
			snprintf(num, sizeof num, "%ld", va_arg(ap, long));
			buf_puts(&h->b, num);
			p += 2;
		} else if (!strncmp(p, "zu", 2)) {
			snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
			buf_puts(&h->b, num);
			p += 2;
		} else {
			fatal("html_printf: unsupported conversion in \"%s\"", fmt);
		}
	}
	va_end(ap);
}

void html_money(struct html *h, int64_t dong)
{
	struct buf b = BUF_INIT;
	money_format(&b, dong);
	html_printf(h, "%s", buf_cstr(&b));
	buf_free(&b);
}

void html_money_short(struct html *h, int64_t dong)
{
	struct buf b = BUF_INIT;
	money_format_short(&b, dong);
	html_printf(h, "%s", buf_cstr(&b));
	buf_free(&b);
}

void html_number(struct html *h, int64_t n)
{
	struct buf b = BUF_INIT;
	money_format_plain(&b, n);
	html_printf(h, "%s", buf_cstr(&b));
	buf_free(&b);
}

void html_date(struct html *h, const char *iso)
{
	struct buf b = BUF_INIT;
	if (iso && strlen(iso) >= 10)
		date_format_vn(&b, iso);
	html_printf(h, "%s", buf_cstr(&b));
	buf_free(&b);
}

void html_percent(struct html *h, int64_t pct)
{
	if (pct < 0) {
		html_raw(h, "—");
		return;
	}
	char num[48];
	snprintf(num, sizeof num, "%lld,%02lld", (long long)(pct / 100), (long long)(pct % 100));
	html_printf(h, "%s&nbsp;%%", num);
}

void html_progress(struct html *h, int64_t received, int64_t target)
{
	int64_t pct = progress_percent_x100(received, target);
	if (pct < 0) {
		html_raw(h, "<progress max=\"100\" value=\"0\" aria-hidden=\"true\"></progress>");
		return;
	}
	/* a bar cannot go past full; the label says by how much it did */
	char label[48];
	snprintf(label, sizeof label, "%lld,%02lld %%", (long long)(pct / 100), (long long)(pct % 100));
	html_printf(h, "<progress max=\"10000\" value=\"%lld\" aria-label=\"%s\"></progress>",
		    (long long)(pct > 10000 ? 10000 : pct), label);
}
