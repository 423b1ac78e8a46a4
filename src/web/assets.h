/* Static files of the web application (CSS, JavaScript), compiled into the
 * binary from src/web/assets/ by tools/embed-assets.c (see the Makefile). */
#ifndef ANSINH_WEB_ASSETS_H
#define ANSINH_WEB_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* "style.css" */
	const char *data;
	size_t len;
};

extern const struct asset assets[];
extern const int assets_count;

#endif
