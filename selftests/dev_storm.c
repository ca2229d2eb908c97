// SPDX-License-Identifier: GPL-2.0
/*
 * dev_storm: open a device node N times and count what happened, to make
 * a storm of device-cgroup denials.
 *
 *   dev_storm NODE N
 *
 * Prints "denied D other O" (D: opens that failed with EPERM).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long i, n, denied = 0, other = 0;
	int fd;

	if (argc != 3 || sscanf(argv[2], "%lu", &n) != 1) {
		fprintf(stderr, "usage: %s NODE N\n", argv[0]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		fd = open(argv[1], O_RDONLY);
		if (fd >= 0)
			close(fd);
		else if (errno == EPERM)
			denied++;
		else
			other++;
	}
	printf("denied %lu other %lu\n", denied, other);
	return 0;
}
