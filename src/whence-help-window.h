/* whence-help-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WHENCE_TYPE_HELP_WINDOW (whence_help_window_get_type ())

G_DECLARE_FINAL_TYPE (WhenceHelpWindow, whence_help_window, WHENCE, HELP_WINDOW, AdwWindow)

WhenceHelpWindow *whence_help_window_new (GtkWindow *parent);

G_END_DECLS
