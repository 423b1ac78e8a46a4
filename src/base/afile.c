#include "base/afile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"

char *afile_temp_beside(const char *path, struct err *e)
{
	const char *slash = strrchr(path, '/');
	struct buf b = BUF_INIT;
	if (slash)
		buf_put(&b, path, (size_t)(slash - path + 1));
	buf_printf(&b, ".%s.XXXXXX", slash ? slash + 1 : path);
	int fd = mkstemp(b.p);
	if (fd < 0) {
		err_fail(e, "cannot create %s: %s", path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	close(fd);
	return buf_detach(&b);
}

char *afile_temp(const char *name, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir && *dir ? dir : "/tmp", name);
	char *tmp = afile_temp_beside(path.p, e);
	buf_free(&path);
	return tmp;
}

char *afile_temp_with(const char *name, const void *data, size_t n, struct err *e)
{
	char *tmp = afile_temp(name, e);
	if (tmp == NULL)
		return NULL;
	FILE *f = fopen(tmp, "wb");
	int bad = f == NULL || fwrite(data, 1, n, f) != n;
	if (f && fclose(f) != 0)
		bad = 1;
	if (bad) {
		err_fail(e, "cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

/* The process's umask, read without changing it (umask() sets it, which
 * races with other threads creating files); 022 when /proc is missing. */
static mode_t current_umask(void)
{
	unsigned mask = 022;
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return (mode_t)mask;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	fclose(f);
	return (mode_t)mask;
}

int afile_publish(const char *tmp, const char *path, struct err *e)
{
	if (chmod(tmp, 0666 & ~current_umask()) < 0 || rename(tmp, path) < 0)
		return err_fail(e, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

int afile_open(struct afile *a, const char *path, struct err *e)
{
	memset(a, 0, sizeof *a);
	if ((a->tmp = afile_temp_beside(path, e)) == NULL)
		return -1;
	a->path = xstrdup(path);
	if ((a->f = fopen(a->tmp, "wb")) == NULL) {
		err_fail(e, "cannot write %s: %s", path, strerror(errno));
		afile_abort(a);
		return -1;
	}
	return 0;
}

int afile_commit(struct afile *a, struct err *e)
{
	errno = 0;
	int bad = ferror(a->f);
	bad |= fclose(a->f) != 0;
	a->f = NULL;
	if (bad) {
		err_fail(e, "cannot write %s: %s", a->path, errno ? strerror(errno) : "write error");
		afile_abort(a);
		return -1;
	}
	if (afile_publish(a->tmp, a->path, e) < 0) {
		afile_abort(a);
		return -1;
	}
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
	return 0;
}

void afile_abort(struct afile *a)
{
	if (a->f)
		fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
}
