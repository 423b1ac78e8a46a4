/* Writing JSON: strings escaped per RFC 8259 (UTF-8 passed through, control
 * characters and the two specials escaped, plus '<', '>' and '&' as \u
 * escapes so a JSON body can never close a <script> block). */
#ifndef ANSINH_JSON_H
#define ANSINH_JSON_H

#include "base/buf.h"

void json_string(struct buf *b, const char *s);
/* "key":"value", or "key":null when v is NULL or empty. */
void json_key_text(struct buf *b, const char *key, const char *v);

#endif
