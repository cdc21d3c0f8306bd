/* whence-notifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "whence-reminder.h"

G_BEGIN_DECLS

/* The action the notification's button activates, with the case id (int64). */
#define WHENCE_NOTIFIER_OPEN_CASE_ACTION "open-case"

gboolean whence_notifier_show_reminder (GActionGroup          *actions,
                                        const WhenceReminder  *reminder,
                                        GError               **error);
guint    whence_notifier_show_due      (GActionGroup          *actions,
                                        WhenceCaseStore       *store,
                                        guint                  days,
                                        GPtrArray            **not_shown);

G_END_DECLS
