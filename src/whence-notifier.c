/* whence-notifier.c
 *
 * Follow-up reminders as desktop notifications (libnotify), with a button
 * that opens the case. Without a notification server nothing fails: the
 * calls return FALSE quickly and the Cases view shows the reminders itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "whence-notifier.h"

typedef struct
{
  GActionGroup *actions;
  gint64        case_id;
} OpenCase;

static void
open_case_free (gpointer data)
{
  OpenCase *open = data;

  g_clear_object (&open->actions);
  g_free (open);
}

static void
on_open_case (NotifyNotification *notification,
              char               *action,
              gpointer            user_data)
{
  OpenCase *open = user_data;

  if (open->actions != NULL)
    g_action_group_activate_action (open->actions, WHENCE_NOTIFIER_OPEN_CASE_ACTION,
                                    g_variant_new_int64 (open->case_id));
  notify_notification_close (notification, NULL);
}

static void
on_closed (NotifyNotification *notification,
           gpointer            user_data)
{
  /* The reference taken when it was shown: dropped once the server is done. */
  g_object_unref (notification);
}

/**
 * whence_notifier_show_reminder:
 * @actions: (nullable): where WHENCE_NOTIFIER_OPEN_CASE_ACTION lives (the
 *   application); %NULL for no button
 * @reminder: the reminder
 * @error: return location for a #GError
 *
 * Returns: %TRUE when a notification server took it; %FALSE otherwise (no
 *   server, no session bus): show it in the window instead
 */
gboolean
whence_notifier_show_reminder (GActionGroup          *actions,
                               const WhenceReminder  *reminder,
                               GError               **error)
{
  NotifyNotification *notification;
  OpenCase *open;

  g_return_val_if_fail (reminder != NULL, FALSE);

  if (!notify_is_initted () && !notify_init (PACKAGE_NAME))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Notifications are not available."));
      return FALSE;
    }

  notification = notify_notification_new (reminder->title, reminder->body, APP_ID);
  notify_notification_set_app_name (notification, PACKAGE_NAME);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APP_ID));
  notify_notification_set_category (notification, "reminder");

  if (actions != NULL)
    {
      open = g_new0 (OpenCase, 1);
      open->actions = g_object_ref (actions);
      open->case_id = reminder->case_id;
      notify_notification_add_action (notification, "default", _("Open Case"),
                                      on_open_case, open, NULL);
      /* Same data for the button; freed once, with the notification. */
      notify_notification_add_action (notification, WHENCE_NOTIFIER_OPEN_CASE_ACTION, _("Open Case"),
                                      on_open_case, open, open_case_free);
    }

  if (!notify_notification_show (notification, error))
    {
      g_object_unref (notification);
      return FALSE;
    }

  /* Kept alive until closed, so the button still works later. */
  g_signal_connect (notification, "closed", G_CALLBACK (on_closed), NULL);
  return TRUE;
}

/**
 * whence_notifier_show_due:
 * @actions: (nullable): see whence_notifier_show_reminder()
 * @store: the case file
 * @days: the reminder-days setting
 * @not_shown: (out) (optional) (transfer container) (element-type WhenceReminder):
 *   the due reminders no server took, for the Cases view
 *
 * Shows every due reminder and marks those shown as reminded.
 *
 * Returns: how many were shown as notifications
 */
guint
whence_notifier_show_due (GActionGroup     *actions,
                          WhenceCaseStore  *store,
                          guint             days,
                          GPtrArray       **not_shown)
{
  g_autoptr(GPtrArray) due = whence_reminders_due (store, days, NULL, NULL);
  GPtrArray *left = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_reminder_free);
  guint shown = 0;

  for (guint i = 0; due != NULL && i < due->len; i++)
    {
      WhenceReminder *reminder = g_ptr_array_index (due, i);

      if (left->len == 0 && whence_notifier_show_reminder (actions, reminder, NULL))
        {
          whence_case_store_mark_reminded (store, reminder->report_id, NULL, NULL);
          shown++;
        }
      else
        g_ptr_array_add (left, g_ptr_array_steal_index (due, i--));
    }

  if (not_shown != NULL)
    *not_shown = left;
  else
    g_ptr_array_unref (left);
  return shown;
}
