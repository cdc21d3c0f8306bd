/* whence-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "whence-application.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_WINDOW (whence_window_get_type ())

G_DECLARE_FINAL_TYPE (WhenceWindow, whence_window, WHENCE, WINDOW, AdwApplicationWindow)

WhenceWindow *whence_window_new               (WhenceApplication *application);
void          whence_window_load_files        (WhenceWindow      *self,
                                               GPtrArray         *files);
void          whence_window_load_bytes        (WhenceWindow      *self,
                                               GBytes            *bytes,
                                               const char        *name);
void          whence_window_load_text         (WhenceWindow      *self,
                                               const char        *text);
const char   *whence_window_get_page_name     (WhenceWindow      *self);
guint         whence_window_get_n_messages    (WhenceWindow      *self);
gboolean      whence_window_is_loading        (WhenceWindow      *self);

G_END_DECLS
