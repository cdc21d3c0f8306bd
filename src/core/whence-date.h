/* whence-date.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses an RFC 5322 date, and the obsolete and broken forms real mail
 * carries (two-digit years, named zones, missing zones, junk after the date).
 * On success stores seconds since the epoch, UTC. */
gboolean whence_date_parse (const char *text,
                            gint64     *utc_seconds);

/* Room for "9999-12-31T23:59:59Z" and its NUL. */
#define WHENCE_DATE_ISO_SIZE 21

gboolean whence_date_format_iso (gint64 utc_seconds,
                                 char   out[WHENCE_DATE_ISO_SIZE]);

G_END_DECLS
