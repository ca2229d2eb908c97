// SPDX-License-Identifier: GPL-2.0
/*
 * Ids for objects the kernel names only by address.  A css_set's id is a
 * keyed hash (SipHash) of its address under a key drawn at load time: fixed
 * while the module is loaded, unique in practice, and useless for learning
 * the address.  A css_set freed and another allocated at the same address
 * get the same id, as a reused inode number would.
 *
 * Ids are cut to 53 bits so that they survive JSON tools, which read
 * numbers as doubles; among even millions of css_sets a collision is
 * vanishingly unlikely.
 */
#include <linux/random.h>
#include <linux/siphash.h>

#include "cgscope.h"

static siphash_key_t cgscope_id_key __read_mostly;

/**
 * cgscope_ids_init() - draw the key
 */
void cgscope_ids_init(void)
{
	get_random_bytes(&cgscope_id_key, sizeof(cgscope_id_key));
}

/**
 * cgscope_cset_id() - the id of a css_set
 * @cset: the css_set; it is not dereferenced
 *
 * Return: a non-zero id (0 means "none" on the wire).
 */
u64 cgscope_cset_id(const struct css_set *cset)
{
	u64 id = siphash_1u64((u64)(unsigned long)cset, &cgscope_id_key);

	id &= BIT_ULL(53) - 1;
	return id ? id : 1;
}
