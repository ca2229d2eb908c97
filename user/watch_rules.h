/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each device program event changes in the effective device policy
 * of its v2 cgroup, for cgscope watch.
 */
#ifndef CGSCOPE_WATCH_RULES_H
#define CGSCOPE_WATCH_RULES_H

#include "event_msg.h"

struct watch_rules;

struct watch_rules *watch_rules_new(void);
void watch_rules_free(struct watch_rules *wr);
void watch_rules_event(struct watch_rules *wr, const struct cg_event *ev,
		       struct cg_event_rules *out);
void watch_rules_event_free(struct cg_event_rules *out);

#endif /* CGSCOPE_WATCH_RULES_H */
