/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's attribute shorthands that cgscope uses, for userspace.
 */
#ifndef CGSCOPE_COMPILER_H
#define CGSCOPE_COMPILER_H

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __unused	__attribute__((unused))
#endif

#endif /* CGSCOPE_COMPILER_H */
