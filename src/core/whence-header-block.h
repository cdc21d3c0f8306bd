/* whence-header-block.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WhenceHeaderSlice:
 *
 * One header field of a split header block, as offsets into the block's
 * store: each is a NUL-terminated string there.
 */
typedef struct
{
  gsize raw_name;   /* the name as written, up to the colon */
  gsize name;       /* the same without the blanks before the colon */
  gsize raw_value;  /* everything after the colon, folds and line ends kept */
} WhenceHeaderSlice;

gboolean whence_header_block_split (const char *data,
                                    gsize       len,
                                    GArray     *slices,
                                    GString    *store,
                                    gsize      *body_offset);

G_END_DECLS
