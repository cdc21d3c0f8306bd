/* whence-window-private.h
 *
 * The window is split over several files, each with one job; this header
 * holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-window.h"

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
  GtkLabel             *results_title;
  GtkListBox           *results_list;

  /* Owned */
  GSettings            *settings;
  GCancellable         *cancellable;
  GPtrArray            *messages;      /* WhenceMessage, in arrival order */
  guint                 n_loading;
  AdwToast             *last_toast;    /* weak, for tests */
};

void _whence_window_class_init_dnd (GtkWidgetClass *widget_class);
void _whence_window_init_dnd       (WhenceWindow   *self);
void _whence_window_show_errors    (WhenceWindow   *self,
                                    GPtrArray      *names,
                                    GPtrArray      *messages);

/* For tests: the title of the most recent toast, or NULL. */
const char *_whence_window_get_last_toast_title (WhenceWindow *self);

G_END_DECLS
