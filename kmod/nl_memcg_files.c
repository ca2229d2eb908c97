// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_MEMCG_FILES_GET: what keeps memory cgroups charged, file by
 * file.  The memory css of a task (PID), of a cgroup (HIERARCHY_ID and
 * CGROUP_ID), one by CSS_ID (dying ones included), or with none of these
 * every dying memory css.
 *
 * The dump is a snapshot: start() takes a reference on each memory css
 * under cgroup_mutex, lets go of it, and makes one walk of every page
 * cache (memcg_files.c), which takes long and must not hold cgroup_mutex.
 * The messages then send what it found: per css a MEMCG message with the
 * totals, then its files, largest first.  Nothing resumes by key: the
 * snapshot is kept until done().
 */
#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_mfiles_pos {
	struct cgscope_mfiles mf;
	u32 target;		/* the target being sent */
	u32 file;		/* the next file to send */
	bool head_sent;		/* the target's MEMCG message went */
};

/* What one message is about */
struct cgscope_nl_mfiles_msg {
	const struct cgscope_mfiles *mf;
	const struct cgscope_mfiles_target *t;
	const struct cgscope_mfile *f;	/* a FILE message, else NULL */
};

/*
 * The targets the request names.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_mfiles_targets(struct cgscope_nl_req *req,
				     struct cgscope_mfiles *mf)
{
	static const struct cgscope_nl_target_attrs attrs = {
		.pid = CGSCOPE_A_MFILES_PID,
		.hierarchy_id = CGSCOPE_A_MFILES_HIERARCHY_ID,
		.cgroup_id = CGSCOPE_A_MFILES_CGROUP_ID,
	};
	struct nlattr **tb = req->attrs;
	struct nlattr *css_id = tb[CGSCOPE_A_MFILES_CSS_ID];
	struct cgroup_subsys_state *css = NULL;
	struct cgscope_target t;
	int id, err;

	if (css_id && (tb[CGSCOPE_A_MFILES_PID] ||
		       tb[CGSCOPE_A_MFILES_HIERARCHY_ID] ||
		       tb[CGSCOPE_A_MFILES_CGROUP_ID])) {
		NL_SET_BAD_ATTR(req->extack, css_id);
		NL_SET_ERR_MSG(req->extack,
			       "name a task, a cgroup or a css id, not two of them");
		return -EINVAL;
	}
	if (css_id) {
		css = cgscope_memcg_css_by_id(nla_get_u32(css_id));
		if (!css) {
			NL_SET_BAD_ATTR(req->extack, css_id);
			NL_SET_ERR_MSG(req->extack, "no memory css with this id");
			return -ENOENT;
		}
		err = cgscope_mfiles_add(mf, css);
		if (err == -ENOENT) {
			NL_SET_BAD_ATTR(req->extack, css_id);
			NL_SET_ERR_MSG(req->extack,
				       "this memory css is being freed (no reference left)");
		}
		return err;
	}
	if (tb[CGSCOPE_A_MFILES_PID] || tb[CGSCOPE_A_MFILES_HIERARCHY_ID] ||
	    tb[CGSCOPE_A_MFILES_CGROUP_ID]) {
		err = cgscope_nl_target(req, &attrs, &t);
		if (err)
			return err;
#ifdef CONFIG_MEMCG
		css = t.css[memory_cgrp_id];
#endif
		if (!css) {
			NL_SET_ERR_MSG(req->extack,
				       "no memory css here (the controller is not enabled for it)");
			return -ENOENT;
		}
		err = cgscope_mfiles_add(mf, css);
		if (err == -ENOENT)
			NL_SET_ERR_MSG(req->extack,
				       "its memory css is being freed (no reference left)");
		return err;
	}
	for (id = 0;; id++) {
#ifdef CONFIG_MEMCG
		css = cgscope_dying_css_next(memory_cgrp_id, &id);
#endif
		if (!css)
			return 0;
		err = cgscope_mfiles_add(mf, css);
		if (err == -ENOENT)	/* being freed: nothing pins it */
			err = 0;
		if (err == -ENOSPC) {
			NL_SET_ERR_MSG(req->extack, "too many dying memory csses for one walk");
			return err;
		}
		if (err)
			return err;
		if (id == INT_MAX)
			return 0;
	}
}

/* Context: no lock held; may sleep (the walk). */
static int cgscope_nl_mfiles_start(struct cgscope_nl_req *req)
{
	struct cgscope_nl_mfiles_pos *pos = req->pos;
	int err;

	if (!IS_ENABLED(CONFIG_MEMCG)) {
		NL_SET_ERR_MSG(req->extack, "this kernel has no memory controller");
		return -EOPNOTSUPP;
	}
	cgscope_cgroup_lock();
	err = cgscope_nl_mfiles_targets(req, &pos->mf);
	cgscope_cgroup_unlock();
	if (!err)
		err = cgscope_mfiles_walk(&pos->mf);
	if (err == -EINTR)
		NL_SET_ERR_MSG(req->extack, "interrupted");
	if (err)
		cgscope_mfiles_free(&pos->mf);
	return err;
}

static int cgscope_nl_mfiles_put_u64(struct sk_buff *skb, int attrtype,
				     u64 value)
{
	return nla_put_u64_64bit(skb, attrtype, value, CGSCOPE_A_MFILES_PAD);
}

/* A MEMCG message.  Context: cgroup_mutex. */
static int cgscope_nl_mfiles_fill_memcg(struct sk_buff *skb,
					const struct cgscope_nl_req *req,
					const struct cgscope_nl_mfiles_msg *m)
{
	const struct cgscope_mfiles_target *t = m->t;
	const struct cgscope_mfiles *mf = m->mf;
	struct cgroup *cgrp = t->css->cgroup;

	if (nla_put_u32(skb, CGSCOPE_A_MFILES_KIND, CGSCOPE_MFILES_MEMCG) ||
	    nla_put_u32(skb, CGSCOPE_A_MFILES_HIERARCHY_ID,
			cgrp->root->hierarchy_id) ||
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_MFILES_CGROUP_ID,
				  CGSCOPE_A_MFILES_PATH, CGSCOPE_A_MFILES_PAD,
				  cgrp, req->path) ||
	    (t->dying && nla_put_flag(skb, CGSCOPE_A_MFILES_DYING)) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_CHARGED_BEFORE,
				      t->charged_before) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_CHARGED,
				      t->charged_after) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_CACHED,
				      t->pages * PAGE_SIZE) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_SHMEM,
				      t->shmem_pages * PAGE_SIZE) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_FILES, t->files) ||
	    (t->has_swap &&
	     cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_SWAP, t->swap)) ||
	    (mf->truncated && nla_put_flag(skb, CGSCOPE_A_MFILES_TRUNCATED)) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_NS,
				      mf->walk_ns) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_HOLD_MAX_NS,
				      mf->hold_max_ns) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_INODES,
				      mf->inodes) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_FOLIOS,
				      mf->folios) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_RACED,
				      mf->raced) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_WALK_STEP_MAX_NS,
				      mf->step_max_ns) ||
	    (mf->swap_owners &&
	     cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_SWAPPED,
				       t->swapped_pages * PAGE_SIZE)))
		return -EMSGSIZE;
	return 0;
}

/* A FILE message.  Context: any. */
static int cgscope_nl_mfiles_fill_file(struct sk_buff *skb,
				       const struct cgscope_mfiles *mf,
				       const struct cgscope_mfile *f)
{
	if (nla_put_u32(skb, CGSCOPE_A_MFILES_KIND, CGSCOPE_MFILES_FILE) ||
	    nla_put_u32(skb, CGSCOPE_A_MFILES_DEV_MAJOR, MAJOR(f->dev)) ||
	    nla_put_u32(skb, CGSCOPE_A_MFILES_DEV_MINOR, MINOR(f->dev)) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_INO, f->ino) ||
	    nla_put_string(skb, CGSCOPE_A_MFILES_FSTYPE, f->fstype) ||
	    nla_put_u32(skb, CGSCOPE_A_MFILES_FILE_STATE, f->state) ||
	    (f->path &&
	     nla_put_string(skb, CGSCOPE_A_MFILES_FILE_PATH, f->path)) ||
	    cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_BYTES,
				      f->pages * PAGE_SIZE) ||
	    (f->shmem && nla_put_flag(skb, CGSCOPE_A_MFILES_FILE_SHMEM)) ||
	    (f->shmem && mf->swap_owners &&
	     cgscope_nl_mfiles_put_u64(skb, CGSCOPE_A_MFILES_FILE_SWAPPED,
				       f->swapped * PAGE_SIZE)))
		return -EMSGSIZE;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_mfiles_fill(struct sk_buff *skb,
				  const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_mfiles_msg *m = req->data;

	if (nla_put_u32(skb, CGSCOPE_A_MFILES_CSS_ID, m->t->css->id))
		return -EMSGSIZE;
	if (m->f)
		return cgscope_nl_mfiles_fill_file(skb, m->mf, m->f);
	return cgscope_nl_mfiles_fill_memcg(skb, req, m);
}

/* Context: cgroup_mutex, for the message. */
static int cgscope_nl_mfiles_next(struct sk_buff *skb,
				  struct cgscope_nl_req *req)
{
	struct cgscope_nl_mfiles_pos *pos = req->pos;
	struct cgscope_nl_mfiles_msg *m = req->data;
	struct cgscope_mfiles *mf = &pos->mf;
	int err;

	m->mf = mf;
	for (; pos->target < mf->nr_targets; pos->target++) {
		m->t = &mf->targets[pos->target];
		if (!pos->head_sent) {
			m->f = NULL;
			err = cgscope_nl_dump_one(skb, req);
			if (err)
				return err;
			pos->head_sent = true;
		}
		while (pos->file < mf->nr_files &&
		       mf->files[pos->file]->target == pos->target) {
			m->f = mf->files[pos->file];
			err = cgscope_nl_dump_one(skb, req);
			if (err)
				return err;
			pos->file++;
		}
		pos->head_sent = false;
	}
	return 0;
}

/* Context: no lock held; may sleep (a css put may release a memcg). */
static void cgscope_nl_mfiles_done(struct cgscope_nl_req *req)
{
	struct cgscope_nl_mfiles_pos *pos = req->pos;

	cgscope_mfiles_free(&pos->mf);
}

const struct cgscope_nl_cmd cgscope_nl_memcg_files_get = {
	.cmd		= CGSCOPE_CMD_MEMCG_FILES_GET,
	.reply_size	= CGSCOPE_NL_CGROUP_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_mfiles_msg),
	.pos_size	= sizeof(struct cgscope_nl_mfiles_pos),
	.fill		= cgscope_nl_mfiles_fill,
	.start		= cgscope_nl_mfiles_start,
	.next		= cgscope_nl_mfiles_next,
	.done		= cgscope_nl_mfiles_done,
};
