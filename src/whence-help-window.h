/* whence-help-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Topic names, also usable as the target of the "help.topic" action. */
#define WHENCE_HELP_TOPIC_INDEX      "index"
#define WHENCE_HELP_TOPIC_SAVE_EMAIL "save-email"
#define WHENCE_HELP_TOPIC_WORM       "worm"
#define WHENCE_HELP_TOPIC_INFECTED   "infected"
#define WHENCE_HELP_TOPIC_FORM_REPLY "form-reply"
#define WHENCE_HELP_TOPIC_COURT      "court"

#define WHENCE_TYPE_HELP_WINDOW (whence_help_window_get_type ())

G_DECLARE_FINAL_TYPE (WhenceHelpWindow, whence_help_window, WHENCE, HELP_WINDOW, AdwWindow)

WhenceHelpWindow *whence_help_window_new        (GtkWindow        *parent);
void              whence_help_window_show_topic (WhenceHelpWindow *self,
                                                 const char       *topic);
const char       *whence_help_window_get_topic  (WhenceHelpWindow *self);
WhenceHelpWindow *whence_help_show              (GtkWindow        *parent,
                                                 const char       *topic);

G_END_DECLS
