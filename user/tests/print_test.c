// SPDX-License-Identifier: GPL-2.0
// TEST_OBJS: print.o json_writer.o
/*
 * Unit test of the print layer's text path: what text_safe() lets through
 * to a terminal, and that every string print call uses it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print.h"

static int passed, failed;

static void check_str(const char *name, const char *got, const char *want)
{
	if (!strcmp(got, want)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: got [%s], want [%s]\n", name, got, want);
}

static void safe(const char *name, const char *in, const char *want)
{
	char *copy;
	const char *out = text_safe(in, &copy);

	check_str(name, out, want);
	if (!strcmp(in, want) && (copy || out != in)) {
		failed++;
		printf("FAIL %s: a clean string was copied\n", name);
	}
	free(copy);
}

/* What the text path of the print calls writes to stdout */
static char *text_of(void (*fn)(void))
{
	static char buf[4096];
	FILE *saved = stdout, *f;

	f = fmemopen(buf, sizeof(buf), "w");
	if (!f)
		abort();
	stdout = f;
	fn();
	fflush(f);
	stdout = saved;
	fclose(f);
	return buf;
}

static char *const names[] = { "ok", "e\033[2Jvil" };

static void print_evil(void)
{
	print_string(PRINT_ANY, "a", "[%s]", "x\033]0;t\007y");
	print_string_or(PRINT_ANY, "b", "[%s]", "\t", "?");
	print_string_or(PRINT_ANY, "c", "[%s]", NULL, "none");
	print_strv(PRINT_ANY, "d", names, 2, ",", NULL);
}

int main(void)
{
	safe("clean", "/system.slice/ssh.service", "/system.slice/ssh.service");
	safe("empty", "", "");
	safe("utf-8", "/t\xc3\xa9st \xe2\x94\x82 \xf0\x9f\x90\xa7",
	     "/t\xc3\xa9st \xe2\x94\x82 \xf0\x9f\x90\xa7");
	safe("latin-1 letters", "caf\xe9", "caf\xe9");
	safe("ESC", "a\033[31mb", "a?[31mb");
	safe("OSC with BEL", "\033]0;owned\007x", "?]0;owned?x");
	safe("newline and tab", "a\nb\tc\r", "a?b?c?");
	safe("DEL", "a\x7f", "a?");
	safe("C1 CSI as UTF-8", "a\xc2\x9b[2Jb", "a?[2Jb");
	safe("C1 NEL as UTF-8", "\xc2\x85", "?");
	safe("U+00A0 kept", "a\xc2\xa0z", "a\xc2\xa0z");
	safe("bare C1 CSI", "a\x9b[2J", "a?[2J");
	safe("bare C1 after a lead byte", "\xc3\x9b", "\xc3\x9b");
	safe("cut sequence", "\xe2\x94", "\xe2?");
	safe("overlong C1", "\xe0\x82\x9b[m", "\xe0??[m");
	safe("surrogate", "\xed\xa0\x80", "\xed\xa0?");

	check_str("print calls", text_of(print_evil),
		  "[x?]0;t?y][?][none]ok,e?[2Jvil");

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
