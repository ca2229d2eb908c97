/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the command's unit tests share: counting checks, reporting a
 * failed one, and the closing "N passed, N failed" line.
 */
#ifndef CGSCOPE_TESTS_UNIT_H
#define CGSCOPE_TESTS_UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int passed, failed;

/* Count a check; print "FAIL NAME: ..." when @ok is false. */
static inline void __attribute__((format(printf, 3, 4)))
check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The closing line and the exit status. */
static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif /* CGSCOPE_TESTS_UNIT_H */
