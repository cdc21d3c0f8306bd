/* test-reminders.c: which reports are due for a reminder, and the
 * notification for it, against a fake org.freedesktop.Notifications on a
 * private bus (TESTING.md): none there -> FALSE and nothing lost; there ->
 * shown with an "open case" button that opens the right case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "whence-notifier.h"
#include "whence-reminder.h"
#include "whence-test-util.h"

/* The fake server ************************************************************/

static const char introspection[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  " <method name='Notify'>"
  "  <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "  <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "  <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  " </method>"
  " <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  " <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  " <method name='GetServerInformation'>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  " </method>"
  " <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  " <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

typedef struct
{
  GMutex           lock;
  GCond            cond;
  gboolean         ready;
  char            *address;
  GDBusConnection *connection;
  GPtrArray       *summaries;
  GPtrArray       *bodies;
  GPtrArray       *actions;   /* joined with "|" */
  GPtrArray       *desktop_entries;
  guint            next_id;
} FakeServer;

static FakeServer server;

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *app, *icon, *summary, *body;
      guint replaces;
      int timeout;
      g_autofree const char **actions = NULL;
      g_autoptr(GVariant) hints = NULL;
      const char *entry = NULL;
      guint id;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", &app, &replaces, &icon, &summary, &body,
                     &actions, &hints, &timeout);
      g_variant_lookup (hints, "desktop-entry", "&s", &entry);
      g_mutex_lock (&server.lock);
      g_ptr_array_add (server.summaries, g_strdup (summary));
      g_ptr_array_add (server.bodies, g_strdup (body));
      g_ptr_array_add (server.actions, g_strjoinv ("|", (char **) actions));
      g_ptr_array_add (server.desktop_entries, g_strdup (entry ? entry : ""));
      id = ++server.next_id;
      g_mutex_unlock (&server.lock);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "fake", "whence", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gpointer
server_thread (gpointer data)
{
  GMainContext *context = g_main_context_new ();
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, NULL);
  GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_main_context_push_thread_default (context);
  server.connection = g_dbus_connection_new_for_address_sync (server.address,
                                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                              | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server.connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (server.connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), 0, -1, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&server.lock);
  server.ready = TRUE;
  g_cond_signal (&server.cond);
  g_mutex_unlock (&server.lock);

  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static void
start_fake_server (GTestDBus *bus)
{
  server.address = g_strdup (g_test_dbus_get_bus_address (bus));
  g_thread_unref (g_thread_new ("fake-notifications", server_thread, NULL));
  g_mutex_lock (&server.lock);
  while (!server.ready)
    g_cond_wait (&server.cond, &server.lock);
  g_mutex_unlock (&server.lock);
}

/* Fixtures *******************************************************************/

static GTestDBus *bus;
static char *case_dir;
static WhenceCaseStore *store;
static gint64 case_old, case_new, case_closed, report_old, report_new, report_answered;
static GDateTime *now;

static void
fill_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) email = g_bytes_new_static ("Subject: x\r\n\r\nbody\r\n", 19);
  g_autoptr(GBytes) email2 = g_bytes_new_static ("Subject: y\r\n\r\nbody\r\n", 19);
  g_autoptr(GBytes) email3 = g_bytes_new_static ("Subject: z\r\n\r\nbody\r\n", 19);
  g_autoptr(GDateTime) twenty_days = g_date_time_add_days (now, -20);
  g_autoptr(GDateTime) three_days = g_date_time_add_days (now, -3);
  const char *ladder[] = { "abuse@upstream.example", "RIPE NCC", NULL };

  case_dir = g_dir_make_tmp ("whence-reminders-XXXXXX", &error);
  g_assert_no_error (error);
  store = whence_case_store_open (case_dir, &error);
  g_assert_no_error (error);

  case_old = whence_case_store_create_case (store, "Old", email, NULL, NULL, &error);
  report_old = whence_case_store_add_report (store, case_old, "abuse@isp.example", "email",
                                             twenty_days, ladder, &error);
  report_answered = whence_case_store_add_report (store, case_old, "IC3", "web form",
                                                  twenty_days, NULL, &error);
  g_assert_true (whence_case_store_set_report_outcome (store, report_answered, "filed", NULL, &error));
  case_new = whence_case_store_create_case (store, "New", email2, NULL, NULL, &error);
  report_new = whence_case_store_add_report (store, case_new, "abuse@other.example", "email",
                                             three_days, NULL, &error);
  case_closed = whence_case_store_create_case (store, "Closed", email3, NULL, NULL, &error);
  whence_case_store_add_report (store, case_closed, "abuse@third.example", "email", twenty_days, NULL, &error);
  g_assert_true (whence_case_store_set_outcome (store, case_closed, "stopped", &error));
  g_assert_no_error (error);
}

static void
test_due (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due14 = whence_reminders_due (store, 14, now, &error);
  g_autoptr(GPtrArray) due2 = whence_reminders_due (store, 2, now, &error);
  g_autoptr(GPtrArray) due30 = whence_reminders_due (store, 30, now, &error);
  WhenceReminder *r;

  g_assert_no_error (error);
  /* 14 days: only the 20-day-old report with no outcome in an open case. */
  g_assert_cmpuint (due14->len, ==, 1);
  r = g_ptr_array_index (due14, 0);
  g_assert_cmpint (r->case_id, ==, case_old);
  g_assert_cmpint (r->report_id, ==, report_old);
  g_assert_cmpuint (r->days_old, ==, 20);
  g_assert_cmpstr (r->next_rung, ==, "abuse@upstream.example");
  g_assert_nonnull (strstr (r->title, "abuse@isp.example"));
  g_assert_nonnull (strstr (r->body, "20 days"));
  g_assert_nonnull (strstr (r->body, "abuse@upstream.example"));
  /* 2 days: the 3-day-old one too, oldest first. */
  g_assert_cmpuint (due2->len, ==, 2);
  g_assert_cmpint (((WhenceReminder *) g_ptr_array_index (due2, 0))->report_id, ==, report_old);
  g_assert_cmpint (((WhenceReminder *) g_ptr_array_index (due2, 1))->report_id, ==, report_new);
  g_assert_null (((WhenceReminder *) g_ptr_array_index (due2, 1))->next_rung);
  g_assert_cmpuint (due30->len, ==, 0);
}

static void
test_no_server (void)
{
  g_autoptr(GPtrArray) not_shown = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  gint64 start = g_get_monotonic_time ();
  guint shown;

  /* No server on the bus: FALSE, quickly, no warning, and the reminders come
   * back for the Cases view, still due. */
  shown = whence_notifier_show_due (G_ACTION_GROUP (group), store, 14, &not_shown);
  g_assert_cmpuint (shown, ==, 0);
  g_assert_cmpuint (not_shown->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  due = whence_reminders_due (store, 14, NULL, NULL);
  g_assert_cmpuint (due->len, ==, 1);
}

static gint64 opened_case;

static void
on_open_case (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  opened_case = g_variant_get_int64 (parameter);
}

static void
test_with_server (void)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open = g_simple_action_new (WHENCE_NOTIFIER_OPEN_CASE_ACTION, G_VARIANT_TYPE_INT64);
  g_autoptr(GPtrArray) not_shown = NULL;
  g_autoptr(GPtrArray) still_due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  guint shown;

  g_signal_connect (open, "activate", G_CALLBACK (on_open_case), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));
  start_fake_server (bus);

  shown = whence_notifier_show_due (G_ACTION_GROUP (group), store, 14, &not_shown);
  g_assert_cmpuint (shown, ==, 1);
  g_assert_cmpuint (not_shown->len, ==, 0);

  g_mutex_lock (&server.lock);
  g_assert_cmpuint (server.summaries->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (server.summaries, 0), "abuse@isp.example"));
  g_assert_nonnull (strstr (g_ptr_array_index (server.bodies, 0), "abuse@upstream.example"));
  g_assert_nonnull (strstr (g_ptr_array_index (server.actions, 0), WHENCE_NOTIFIER_OPEN_CASE_ACTION));
  g_assert_cmpstr (g_ptr_array_index (server.desktop_entries, 0), ==, APP_ID);
  g_mutex_unlock (&server.lock);

  /* Shown once: marked, so not due again for another 14 days. */
  still_due = whence_reminders_due (store, 14, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (still_due->len, ==, 0);

  /* The person presses "Open Case". */
  g_dbus_connection_emit_signal (server.connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", server.next_id, WHENCE_NOTIFIER_OPEN_CASE_ACTION),
                                 &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (opened_case == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpint (opened_case, ==, case_old);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_mutex_init (&server.lock);
  g_cond_init (&server.cond);
  server.summaries = g_ptr_array_new_with_free_func (g_free);
  server.bodies = g_ptr_array_new_with_free_func (g_free);
  server.actions = g_ptr_array_new_with_free_func (g_free);
  server.desktop_entries = g_ptr_array_new_with_free_func (g_free);

  /* A private bus with nothing on it; the fake server joins it later. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  now = g_date_time_new_now_utc ();
  fill_store ();

  g_test_add_func ("/reminders/due", test_due);
  g_test_add_func ("/reminders/no-server", test_no_server);
  g_test_add_func ("/reminders/with-server", test_with_server);

  status = g_test_run ();

  g_clear_object (&store);
  whence_test_remove_tree (case_dir);
  g_free (case_dir);
  /* Only stop: unref/down would wait while libnotify holds the connection. */
  g_test_dbus_stop (bus);
  return status;
}
