/* whence-journey-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "whence-hop-row.h"
#include "whence-trace.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_JOURNEY_VIEW (whence_journey_view_get_type ())

G_DECLARE_FINAL_TYPE (WhenceJourneyView, whence_journey_view, WHENCE, JOURNEY_VIEW, GtkWidget)

GtkWidget    *whence_journey_view_new             (void);
void          whence_journey_view_set_trace       (WhenceJourneyView *self,
                                                   WhenceTrace       *trace);
WhenceTrace  *whence_journey_view_get_trace       (WhenceJourneyView *self);
guint         whence_journey_view_get_n_hop_rows  (WhenceJourneyView *self);
WhenceHopRow *whence_journey_view_get_hop_row     (WhenceJourneyView *self,
                                                   guint              position);
GtkListBox   *whence_journey_view_get_list        (WhenceJourneyView *self);
void          whence_journey_view_set_show_all    (WhenceJourneyView *self,
                                                   gboolean           show_all);
guint         whence_journey_view_get_n_collapsed (WhenceJourneyView *self);

G_END_DECLS
