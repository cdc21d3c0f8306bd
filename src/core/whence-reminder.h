/* whence-reminder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-case.h"

G_BEGIN_DECLS

/**
 * WhenceReminder:
 *
 * A report that is @days_old days old with no outcome recorded, and what
 * to do next. @title and @body are translated, ready for a notification or
 * a banner in the Cases view.
 */
typedef struct
{
  gint64      case_id;
  gint64      report_id;
  char       *case_title;
  char       *recipient;
  char       *method;
  GDateTime  *sent_at;
  guint       days_old;
  char       *next_rung;   /* nullable: the next place to try */
  char       *title;
  char       *body;
} WhenceReminder;

void       whence_reminder_free (WhenceReminder  *reminder);
GPtrArray *whence_reminders_due (WhenceCaseStore *store,
                                 guint            days,
                                 GDateTime       *now,
                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceReminder, whence_reminder_free)

G_END_DECLS
