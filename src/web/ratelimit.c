/* Login rate limits: failures counted per key ("user:NAME", "addr:IP") in a
 * fixed window.  Kept in memory, per process: a restart forgets them, and
 * several `ansinh serve` processes behind a proxy each count their own (the
 * PostgreSQL deployment of a later issue will keep them in the database).
 * The table has a fixed size; when it is full the oldest window is dropped,
 * so a flood of addresses cannot grow memory. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/web.h"

#define RATE_SLOTS 4096
#define RATE_KEY_MAX 96

struct slot {
	char key[RATE_KEY_MAX];
	int failures;
	time_t since; /* start of the window, monotonic seconds */
};

static struct slot slots[RATE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static time_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The slot of key (NULL when absent); with create, a free or the oldest
 * slot is taken.  The caller holds the lock. */
static struct slot *find(const char *key, int create, time_t now)
{
	struct slot *free_slot = NULL, *oldest = &slots[0];
	for (int i = 0; i < RATE_SLOTS; i++) {
		struct slot *s = &slots[i];
		if (s->key[0] && now - s->since >= LOGIN_FAIL_WINDOW_S)
			s->key[0] = '\0'; /* window over: forget */
		if (s->key[0] == '\0') {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		if (strcmp(s->key, key) == 0)
			return s;
		if (s->since < oldest->since)
			oldest = s;
	}
	if (!create)
		return NULL;
	struct slot *s = free_slot ? free_slot : oldest;
	snprintf(s->key, sizeof s->key, "%s", key);
	s->failures = 0;
	s->since = now;
	return s;
}

long ratelimit_wait(const char *key, int max_failures)
{
	long wait = 0;
	time_t now = now_s();
	pthread_mutex_lock(&lock);
	struct slot *s = find(key, 0, now);
	if (s && s->failures >= max_failures)
		wait = (long)(s->since + LOGIN_FAIL_WINDOW_S - now);
	pthread_mutex_unlock(&lock);
	return wait > 0 ? wait : 0;
}

void ratelimit_fail(const char *key)
{
	time_t now = now_s();
	pthread_mutex_lock(&lock);
	find(key, 1, now)->failures++;
	pthread_mutex_unlock(&lock);
}

void ratelimit_clear(const char *key)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find(key, 0, now_s());
	if (s)
		s->key[0] = '\0';
	pthread_mutex_unlock(&lock);
}

void ratelimit_reset_all(void)
{
	pthread_mutex_lock(&lock);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&lock);
}
