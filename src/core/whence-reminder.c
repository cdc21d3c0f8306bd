/* whence-reminder.c
 *
 * Which reports wait for an answer: older than N days (the caller reads the
 * reminder-days setting), no outcome recorded, not reminded in the last N
 * days, and the case not closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-reminder"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-reminder.h"

void
whence_reminder_free (WhenceReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->case_title);
  g_free (reminder->recipient);
  g_free (reminder->method);
  g_clear_pointer (&reminder->sent_at, g_date_time_unref);
  g_free (reminder->next_rung);
  g_free (reminder->title);
  g_free (reminder->body);
  g_free (reminder);
}

static guint
days_between (GDateTime *earlier,
              GDateTime *later)
{
  GTimeSpan span = g_date_time_difference (later, earlier);

  return span > 0 ? (guint) (span / G_TIME_SPAN_DAY) : 0;
}

/**
 * whence_reminders_due:
 * @store: the case file
 * @days: the reminder-days setting (at least 1)
 * @now: (nullable): for tests; %NULL for now
 * @error: return location for a #GError
 *
 * After showing one, call whence_case_store_mark_reminded() so it waits
 * another @days days; recording an outcome stops it.
 *
 * Returns: (transfer container) (element-type WhenceReminder): the due
 *   reminders, oldest report first, or %NULL with @error set
 */
GPtrArray *
whence_reminders_due (WhenceCaseStore  *store,
                      guint             days,
                      GDateTime        *now,
                      GError          **error)
{
  g_autoptr(GPtrArray) cases = whence_case_store_list_cases (store, error);
  g_autoptr(GDateTime) local_now = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  GPtrArray *due;

  if (cases == NULL)
    return NULL;

  days = MAX (days, 1);
  due = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_reminder_free);

  for (guint i = cases->len; i > 0; i--)
    {
      WhenceCase *c = g_ptr_array_index (cases, i - 1);

      if (c->outcome != NULL)
        continue;

      for (guint j = 0; j < c->reports->len; j++)
        {
          WhenceCaseReport *r = g_ptr_array_index (c->reports, j);
          WhenceReminder *reminder;
          guint age = days_between (r->sent_at, local_now);

          if (r->outcome != NULL || age < days
              || (r->reminded_at != NULL && days_between (r->reminded_at, local_now) < days))
            continue;

          reminder = g_new0 (WhenceReminder, 1);
          reminder->case_id = c->id;
          reminder->report_id = r->id;
          reminder->case_title = g_strdup (c->title);
          reminder->recipient = g_strdup (r->recipient);
          reminder->method = g_strdup (r->method);
          reminder->sent_at = g_date_time_ref (r->sent_at);
          reminder->days_old = age;
          reminder->next_rung = r->next_rungs != NULL && r->next_rungs[0] != NULL
                                ? g_strdup (r->next_rungs[0]) : NULL;
          /* Translators: %s is whom the person reported to */
          reminder->title = g_strdup_printf (_("No answer from %s yet?"), r->recipient);
          if (reminder->next_rung != NULL)
            reminder->body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "You reported this email %u day ago. "
                                                           "If the emails keep coming, try the next contact: %s.",
                                                           "You reported this email %u days ago. "
                                                           "If the emails keep coming, try the next contact: %s.",
                                                           age),
                                              age, reminder->next_rung);
          else
            reminder->body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "You reported this email %u day ago. "
                                                           "If you got an answer, note it in the case.",
                                                           "You reported this email %u days ago. "
                                                           "If you got an answer, note it in the case.",
                                                           age),
                                              age);
          g_ptr_array_add (due, reminder);
        }
    }

  return due;
}
