/* Overflow-checked arithmetic for money (int64_t đồng).  Each returns 0 on
 * success and -1 when the exact result does not fit, leaving *out unchanged. */
#ifndef ANSINH_CHECKED_H
#define ANSINH_CHECKED_H

#include <stdint.h>

static inline int i64_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

static inline int i64_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_sub_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

static inline int i64_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

#endif
