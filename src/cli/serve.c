/* `ansinh serve`: the web application (src/web/).  `--routes` prints the
 * route table with each route's capability and the roles that hold it,
 * which the role × route test reads. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "web/web.h"

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *listen = NULL, *proxy = NULL, *threads = NULL;
	int print_routes = 0, rc = -1;
	struct args a;
	const struct arg_spec specs[] = {
		{"listen", ARG_STR, &listen}, {"trusted-proxy", ARG_STR, &proxy},
		{"threads", ARG_STR, &threads}, {"routes", ARG_FLAG, &print_routes}, {NULL, 0, NULL},
	};
	struct web_options o = {0};

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (print_routes) {
		struct buf b = BUF_INIT;
		routes_json(&b);
		fputs(buf_cstr(&b), ctx->out);
		buf_free(&b);
		rc = 0;
		goto cleanup;
	}
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*end || n < 1 || n > 64) {
			err_usage(e, "--threads: '%s' is not a number from 1 to 64", threads);
			goto cleanup;
		}
		o.threads = (int)n;
	}
	o.db_path = ctx->db_path;
	o.listen = listen ? listen : "127.0.0.1:8080";
	o.trusted_proxy = proxy;
	rc = web_serve(&o, e);
cleanup:
	args_free(&a);
	return rc;
}
