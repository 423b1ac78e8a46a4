/* `ansinh serve`: the HTTP server, on GNU libmicrohttpd with its own thread
 * pool (epoll).  This file owns the connection side only: the listening
 * socket, per-request state, body limits, the database connection a request
 * borrows, the response's headers (security headers on every one), the
 * access log and a graceful shutdown.  What a request means is decided by
 * dispatch.c.
 *
 * Threads: each worker borrows one of WEB_THREADS database connections for
 * the time its request is dispatched (SQLite connections are not shared
 * between threads at once); the pool has one per worker, so nobody waits.
 *
 * Shutdown (SIGTERM, SIGINT): stop accepting, let the requests in flight
 * finish (at most WEB_SHUTDOWN_GRACE_S; a second signal cuts it short),
 * stop the workers, close every database connection (which checkpoints the
 * WAL), exit 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "text/date.h"
#include "web/portal.h"
#include "web/web.h"

#define WEB_THREADS_MAX 64
/* Page cache per database connection, and no memory map: the server's
 * memory stays well under 100 MiB whatever the database's size (the
 * kernel's file cache does the rest). */
#define WEB_DB_CACHE_KIB 8192

/* Every response carries these.  No inline script or style is allowed
 * anywhere: pages take their CSS and JS from /static/. */
static const char CSP[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
	" connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct db *db[WEB_THREADS_MAX];
	int free_idx[WEB_THREADS_MAX];
	int n, nfree;
};

static struct {
	struct pool pool;
	atomic_int inflight;
	const char *trusted_proxy;
} srv;

/* State of one request, from its headers to the end of its response. */
struct request {
	struct web_req rq;
	struct web_resp rs;
	struct timespec t0;
	size_t limit;
	size_t discarded;
	int responded;
	int status;
	size_t bytes;
	char *method, *path;
	char user[CODE_MAX + 1];
};

static struct db *pool_get(void)
{
	struct pool *p = &srv.pool;
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	struct db *db = p->db[p->free_idx[--p->nfree]];
	pthread_mutex_unlock(&p->lock);
	return db;
}

static void pool_put(struct db *db)
{
	struct pool *p = &srv.pool;
	pthread_mutex_lock(&p->lock);
	for (int i = 0; i < p->n; i++)
		if (p->db[i] == db)
			p->free_idx[p->nfree++] = i;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

const char *web_header(struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

static int addr_chars(const char *s)
{
	if (!*s || strlen(s) >= 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F') ||
		      *s == ':' || *s == '.'))
			return 0;
	return 1;
}

/* The peer's address; behind the trusted proxy, the client it names
 * (the last X-Forwarded-For entry, which the proxy itself appended) and
 * whether the client used TLS. */
static void client_address(struct request *r, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char *a = r->rq.addr;
	snprintf(a, sizeof r->rq.addr, "-");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, a,
				  sizeof r->rq.addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  a, sizeof r->rq.addr);
	}
	if (srv.trusted_proxy && strcmp(a, srv.trusted_proxy) == 0) {
		const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
		const char *fwd = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
		r->rq.secure = proto && strcmp(proto, "https") == 0;
		if (fwd) {
			const char *last = strrchr(fwd, ',');
			char tmp[64];
			last = last ? last + 1 : fwd;
			while (*last == ' ')
				last++;
			snprintf(tmp, sizeof tmp, "%s", last);
			tmp[strcspn(tmp, " ")] = '\0';
			if (addr_chars(tmp))
				snprintf(a, sizeof r->rq.addr, "%s", tmp);
		}
	}
}

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				     size_t klen, const char *val, size_t vlen)
{
	struct web_req *rq = cls;
	(void)kind;
	if (params_add(&rq->query, key, klen, val ? val : "", val ? vlen : 0, &rq->input_err) < 0)
		return MHD_NO;
	return MHD_YES;
}

static void add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (MHD_add_response_header(resp, name, value) != MHD_YES)
		fprintf(stderr, "ansinh serve: cannot add header %s\n", name);
}

/* Dispatches the request and queues its response. */
static enum MHD_Result respond(struct request *r, struct MHD_Connection *c)
{
	struct web_req *rq = &r->rq;
	struct web_resp *rs = &r->rs;
	struct MHD_Response *resp;
	enum MHD_Result ok;

	r->responded = 1;
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, add_query_arg, rq);
	rq->db = pool_get();
	web_dispatch(rq, rs);
	pool_put(rq->db);
	rq->db = NULL;
	snprintf(r->user, sizeof r->user, "%s", rq->who.kind ? rq->who.row.name : "-");

	r->status = rs->status ? rs->status : 500;
	r->bytes = rs->body.len;
	size_t len = rs->body.len;
	char *body = buf_detach(&rs->body);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		   rs->ctype ? rs->ctype : "text/plain; charset=utf-8");
	add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, rs->cache ? rs->cache : "no-store");
	add_header(resp, "Content-Security-Policy", CSP);
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "same-origin");
	add_header(resp, "X-Frame-Options", "DENY");
	add_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	add_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (rq->secure)
		add_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (int i = 0; i < rs->nhdr; i++)
		add_header(resp, rs->hdr[i].name, rs->hdr[i].value);
	ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static size_t body_limit(const char *method, const char *url)
{
	char *args[4];
	int n, known;
	const struct route *rt = route_find(method, url, args, &n, &known);
	while (n > 0)
		free(args[--n]);
	return rt && rt->body != BODY_NONE ? rt->body_max : WEB_BODY_MAX;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *size, void **con_cls)
{
	struct request *r = *con_cls;
	(void)cls;
	(void)version;
	if (r == NULL) {
		r = xcalloc(1, sizeof *r);
		*con_cls = r;
		atomic_fetch_add(&srv.inflight, 1);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		r->method = xstrdup(method);
		r->path = xstrdup(url);
		r->rq.method = r->method;
		r->rq.path = r->path;
		r->rq.conn = c;
		client_address(r, c);
		r->limit = body_limit(method, url);
		/* a file upload's room only for a request that may be someone's:
		 * nobody's 16 MiB are refused before they are read */
		if (r->limit > WEB_BODY_MAX &&
		    !MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE_SESSION) &&
		    !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION))
			r->limit = WEB_BODY_MAX;
		/* refuse a declared oversize body before reading any of it */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > r->limit) {
			r->rq.too_big = 1;
			return respond(r, c);
		}
		return MHD_YES;
	}
	if (r->responded) {
		*size = 0;
		return MHD_YES;
	}
	if (*size) {
		/* an undeclared (chunked) body: keep up to the limit, then read
		 * and drop the rest so the 413 can be sent, up to a point */
		if (r->rq.too_big || r->rq.body.len + *size > r->limit) {
			r->rq.too_big = 1;
			buf_free(&r->rq.body);
			r->discarded += *size;
			if (r->discarded > WEB_DISCARD_MAX)
				return MHD_NO;
		} else {
			buf_put(&r->rq.body, data, *size);
		}
		*size = 0;
		return MHD_YES;
	}
	return respond(r, c);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One access-log line per request on stderr:
 *   TIME ADDRESS USER "METHOD PATH" STATUS BYTES MILLISECONDS
 * The query string is left out: it holds what people searched for. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	struct request *r = *con_cls;
	struct buf when = BUF_INIT;
	(void)cls;
	(void)c;
	if (r == NULL)
		return;
	time_utc_iso(&when, time(NULL));
	char status[16];
	if (r->responded)
		snprintf(status, sizeof status, "%d", r->status);
	else
		snprintf(status, sizeof status, "-");
	fprintf(stderr, "%s %s %s \"%s %s\" %s %zu %.1fms%s\n", buf_cstr(&when), r->rq.addr,
		r->user[0] ? r->user : "-", r->method, r->path, status, r->bytes, ms_since(&r->t0),
		why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	buf_free(&when);
	params_free(&r->rq.query);
	params_free(&r->rq.form);
	buf_free(&r->rq.body);
	for (int i = 0; i < r->rq.narg; i++)
		free(r->rq.arg[i]);
	for (int i = 0; i < r->rq.nowned; i++)
		free(r->rq.owned[i]);
	resp_free(&r->rs);
	free(r->method);
	free(r->path);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&srv.inflight, 1);
}

/* "HOST:PORT" or "[V6]:PORT"; port 0 picks a free one. */
static int open_listener(const char *listen_on, char *shown, size_t shown_len, struct err *e)
{
	char host[256];
	const char *port;
	struct addrinfo hints = {0}, *ai = NULL;
	int fd = -1, one = 1;

	if (listen_on[0] == '[') {
		const char *close = strchr(listen_on, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen_on) >= sizeof host)
			return err_usage(e, "--listen: '%s' is not [ADDRESS]:PORT", listen_on);
		snprintf(host, sizeof host, "%.*s", (int)(close - listen_on - 1), listen_on + 1);
		port = close + 2;
	} else {
		const char *colon = strrchr(listen_on, ':');
		if (!colon || (size_t)(colon - listen_on) >= sizeof host)
			return err_usage(e, "--listen: '%s' is not ADDRESS:PORT", listen_on);
		snprintf(host, sizeof host, "%.*s", (int)(colon - listen_on), listen_on);
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		return err_usage(e, "--listen: '%s' is not a port number", port);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai);
	if (gai != 0)
		return err_usage(e, "--listen: %s: %s", host, gai_strerror(gai));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		err_fail(e, "cannot listen on %s: %s", listen_on, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char a[64] = "?";
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
		snprintf(shown, shown_len, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
		snprintf(shown, shown_len, "%s:%u", a, ntohs(s4->sin_port));
	}
	return fd;
}

static void pool_close(void)
{
	for (int i = 0; i < srv.pool.n; i++)
		db_close(srv.pool.db[i]);
	srv.pool.n = srv.pool.nfree = 0;
	pthread_mutex_destroy(&srv.pool.lock);
	pthread_cond_destroy(&srv.pool.cond);
}

int web_serve(const struct web_options *o, struct err *e)
{
	struct MHD_Daemon *d = NULL;
	sigset_t sigs;
	char shown[128];
	int fd = -1, sig, threads = o->threads > 0 ? o->threads : WEB_THREADS;
	int rc = -1;

	if (threads > WEB_THREADS_MAX)
		return err_usage(e, "--threads: at most %d", WEB_THREADS_MAX);
	memset(&srv, 0, sizeof srv);
	srv.trusted_proxy = o->trusted_proxy;
	pthread_mutex_init(&srv.pool.lock, NULL);
	pthread_cond_init(&srv.pool.cond, NULL);
	for (int i = 0; i < threads; i++) {
		if (db_open(&srv.pool.db[i], o->db_path, DB_OPEN_EXISTING, e) < 0 ||
		    store_web_tune(srv.pool.db[i], WEB_DB_CACHE_KIB, e) < 0)
			goto cleanup;
		srv.pool.free_idx[srv.pool.nfree++] = i;
		srv.pool.n++;
	}
	assets_init();
	/* A server lives long: give freed memory back (main.c keeps it for
	 * bulk imports), and few malloc arenas for the worker threads. */
	mallopt(M_TRIM_THRESHOLD, 1 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	mallopt(M_ARENA_MAX, 2);
	/* a wrong address or a port in use is said at once; connections
	 * made while the figures are read below wait in the backlog */
	if ((fd = open_listener(o->listen, shown, sizeof shown, e)) < 0)
		goto cleanup;
	/* the portal's figures are read once now, not by the first visitor */
	portal_data_reset();
	if (portal_data_get(srv.pool.db[0], e) == NULL)
		goto cleanup;
	portal_data_release();
	malloc_trim(0);

	/* The workers inherit this mask: only the main thread takes the
	 * signals, in sigwait below. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
			     NULL, NULL, on_request, NULL,
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)WEB_CONNECTIONS_MAX,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)WEB_TIMEOUT_S,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_HEADERS_MAX,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_END);
	if (d == NULL) {
		err_fail(e, "cannot start the HTTP server on %s", shown);
		goto cleanup;
	}
	printf("ansinh serve: listening on http://%s/ (database %s, %d threads)\n", shown,
	       o->db_path, threads);
	fflush(stdout);

	while (sigwait(&sigs, &sig) != 0)
		;
	fprintf(stderr, "ansinh serve: %s: finishing %d request(s) in flight\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM", atomic_load(&srv.inflight));
	/* quiesce hands the listening socket back: shutting it down refuses
	 * new connections while the old ones finish.  It is closed only after
	 * MHD_stop_daemon: the pool's threads take it out of their epoll sets
	 * on their own time, and one that finds it closed aborts the process
	 * ("Failed to remove listen FD from epoll set"). */
	MHD_socket quiet = MHD_quiesce_daemon(d);
	if (quiet != MHD_INVALID_SOCKET)
		shutdown(quiet, SHUT_RDWR);
	fd = -1;
	struct timespec poll = {0, 20 * 1000 * 1000};
	for (long waited = 0; atomic_load(&srv.inflight) > 0 && waited < WEB_SHUTDOWN_GRACE_S * 50;
	     waited++) {
		siginfo_t si;
		if (sigtimedwait(&sigs, &si, &poll) > 0) {
			fprintf(stderr, "ansinh serve: second signal: stopping now\n");
			break;
		}
	}
	MHD_stop_daemon(d);
	d = NULL;
	if (quiet != MHD_INVALID_SOCKET)
		close(quiet);
	fprintf(stderr, "ansinh serve: stopped\n");
	rc = 0;
cleanup:
	if (d)
		MHD_stop_daemon(d);
	if (fd >= 0 && rc < 0)
		close(fd);
	pool_close();
	return rc;
}
