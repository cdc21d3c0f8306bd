/* whence-zip.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Enough to judge an archive; a zip bomb's millions of names are not needed. */
#define WHENCE_ZIP_MAX_ENTRIES 256

/**
 * WhenceZipEntry:
 *
 * One name in a zip archive's directory. Nothing is ever extracted.
 */
typedef struct
{
  char     *name;        /* as stored, made valid UTF-8 */
  guint64   size;        /* uncompressed size the archive claims */
  gboolean  encrypted;   /* password protected */
} WhenceZipEntry;

gboolean   whence_zip_has_magic    (const guint8 *data,
                                    gsize         len);
GPtrArray *whence_zip_list_entries (const guint8 *data,
                                    gsize         len,
                                    gboolean     *truncated);
void       whence_zip_entry_free   (WhenceZipEntry *entry);

G_END_DECLS
