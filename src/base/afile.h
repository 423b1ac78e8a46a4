/* Output files that appear whole or not at all: written under a temporary
 * name in the same directory (so the final rename is atomic) and renamed
 * over the destination only when complete.  A failed or interrupted write
 * leaves the destination as it was. */
#ifndef ANSINH_BASE_AFILE_H
#define ANSINH_BASE_AFILE_H

#include <stdio.h>

#include "base/err.h"

struct afile {
	FILE *f;    /* write here */
	char *path; /* the destination */
	char *tmp;  /* the temporary name */
};

/* A new empty file named ".NAME.XXXXXX" beside path; returns its malloc'd
 * name, or NULL with e set ("cannot create PATH: reason"). */
char *afile_temp_beside(const char *path, struct err *e);

/* afile_temp_beside for a file named name in $TMPDIR (else /tmp): for
 * what is read back and removed (an upload, a workbook for the web). */
char *afile_temp(const char *name, struct err *e);
/* The same, holding data[0..n) (for readers that read files); NULL with e
 * set and nothing left behind when it cannot be written.  The caller
 * unlinks and frees the name. */
char *afile_temp_with(const char *name, const void *data, size_t n, struct err *e);

/* Gives tmp the mode a new file gets (0666 less the umask; mkstemp made it
 * 0600) and renames it to path.  -1 with e set. */
int afile_publish(const char *tmp, const char *path, struct err *e);

/* Opens a temporary file for path. */
int afile_open(struct afile *a, const char *path, struct err *e);
/* Flushes, closes and renames the temporary file to the destination; frees
 * a.  -1 with e set (and the temporary file removed) on any write error. */
int afile_commit(struct afile *a, struct err *e);
/* Closes and removes the temporary file; frees a.  Safe on a zeroed afile. */
void afile_abort(struct afile *a);

#endif
