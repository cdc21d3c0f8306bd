/* whence-result-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "whence-analysis.h"
#include "whence-journey-view.h"
#include "whence-lookup.h"
#include "whence-message.h"
#include "whence-network-card.h"
#include "whence-trace.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_RESULT_PAGE (whence_result_page_get_type ())

G_DECLARE_FINAL_TYPE (WhenceResultPage, whence_result_page, WHENCE, RESULT_PAGE, GtkWidget)

GtkWidget         *whence_result_page_new             (void);
void               whence_result_page_set_message     (WhenceResultPage *self,
                                                       WhenceMessage    *message,
                                                       WhenceTrace      *trace,
                                                       guint             index);
WhenceMessage     *whence_result_page_get_message     (WhenceResultPage *self);
WhenceTrace       *whence_result_page_get_trace       (WhenceResultPage *self);
guint              whence_result_page_get_index       (WhenceResultPage *self);
const char        *whence_result_page_get_headline    (WhenceResultPage *self);
const char        *whence_result_page_get_paragraph   (WhenceResultPage *self);
WhenceAnalysis    *whence_result_page_get_analysis    (WhenceResultPage *self);
WhenceJourneyView *whence_result_page_get_journey     (WhenceResultPage *self);
WhenceNetworkCard *whence_result_page_get_network_card (WhenceResultPage *self);
GtkWidget         *whence_result_page_get_report_button (WhenceResultPage *self);
WhenceLookupResult *whence_result_page_get_lookup_result (WhenceResultPage *self);
char              *whence_result_page_dup_trace_text  (WhenceResultPage *self);

G_END_DECLS
