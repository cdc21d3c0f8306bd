/* whence-hop-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "whence-trace.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_HOP_ROW (whence_hop_row_get_type ())

G_DECLARE_FINAL_TYPE (WhenceHopRow, whence_hop_row, WHENCE, HOP_ROW, GtkListBoxRow)

GtkWidget   *whence_hop_row_new               (const WhenceHop *hop,
                                               guint            step,
                                               guint            n_steps,
                                               gboolean         show_date);

guint        whence_hop_row_get_hop_index     (WhenceHopRow    *self);
WhenceTrust  whence_hop_row_get_trust         (WhenceHopRow    *self);
gboolean     whence_hop_row_is_relay          (WhenceHopRow    *self);
const char  *whence_hop_row_get_title         (WhenceHopRow    *self);
const char  *whence_hop_row_get_note          (WhenceHopRow    *self);
const char  *whence_hop_row_get_time_text     (WhenceHopRow    *self);
char        *whence_hop_row_dup_description   (WhenceHopRow    *self);
void         whence_hop_row_shorten_note      (WhenceHopRow    *self);
void         whence_hop_row_set_rail          (WhenceHopRow    *self,
                                               gboolean         first,
                                               gboolean         last);

/* Shared with the journey's text form and the cards. */
char        *whence_place_name                (const char      *host,
                                               const char      *ip);
char        *whence_format_delay              (gint64           delay_s);
char        *whence_format_local_time         (gint64           utc_seconds,
                                               gboolean         with_date);

G_END_DECLS
