/* whence-window-private.h
 *
 * The window is split over several files, each with one job; this header
 * holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-window.h"
#include "whence-batch-page.h"
#include "whence-result-page.h"

G_BEGIN_DECLS

struct _WhenceWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  GtkButton            *back_button;
  AdwToastOverlay      *toast_overlay;
  GtkOverlay           *drop_overlay;
  GtkRevealer          *drop_revealer;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  GtkStack             *results_stack;
  WhenceBatchPage      *batch_page;
  WhenceResultPage     *result_page;

  /* Owned */
  GSettings            *settings;
  GCancellable         *cancellable;
  GPtrArray            *messages;      /* WhenceMessage, in arrival order */
  GPtrArray            *traces;        /* WhenceTrace, one per message */
  GQueue                pending;       /* WhenceLoadResult traced, not yet shown */
  guint                 pending_next;  /* next message of the queue's head */
  GPtrArray            *failed_names;   /* utf8: inputs that failed in this run */
  GPtrArray            *failed_reasons; /* utf8: why, one per name */
  guint                 n_batch;       /* messages in the current tracing run */
  guint                 n_batch_done;
  guint                 trace_idle_id;
  int                   shown_index;   /* message on the result page, or -1 */
  guint                 n_loading;
  guint                 n_inputs_loading;  /* files asked for while loading */
  AdwToast             *last_toast;    /* weak, for tests */
};

void _whence_window_class_init_dnd (GtkWidgetClass *widget_class);
void _whence_window_init_dnd       (WhenceWindow   *self);
void _whence_window_show_errors    (WhenceWindow   *self,
                                    GPtrArray      *names,
                                    GPtrArray      *messages);

/* The results area: "list" (emails grouped by computer) or "message". */
const char *_whence_window_get_results_view (WhenceWindow *self);
void        _whence_window_show_message     (WhenceWindow *self,
                                             guint         index);

/* For tests: the title of the most recent toast, or NULL. */
const char *_whence_window_get_last_toast_title (WhenceWindow *self);

G_END_DECLS
