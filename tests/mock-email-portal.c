/* mock-email-portal.c
 *
 * A stand-in for xdg-desktop-portal's Email interface on the test's private
 * session bus, so the wizard's real "Send With My Email App" path (libportal,
 * with the report as an attachment) can be checked. It runs in its own thread
 * with its own connection: libportal asks the portal's version with a
 * blocking call, which would never be answered if the stand-in shared the
 * test's main thread. Every ComposeEmail is recorded with what it carried,
 * including the bytes of each attached file, and answered with the Response
 * the test chose (0 sent on to the email app, 1 cancelled, 2 failed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mock-email-portal"

#include "config.h"

#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "mock-email-portal.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH     "/org/freedesktop/portal/desktop"
#define REQUEST_PREFIX  "/org/freedesktop/portal/desktop/request/"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Email'>"
  "    <method name='ComposeEmail'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

struct _MockEmailPortal
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  guint response;

  GMutex lock;
  GCond cond;
  gboolean ready;
  GError *start_error;

  MockEmailCall seen;   /* under lock */
};

/* An attachment arrives as an O_PATH descriptor: reopen it to read it. */
static GBytes *
read_attachment (GUnixFDList *fds,
                 int          index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *proc_path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int fd = g_unix_fd_list_get (fds, index, &error);

  if (fd < 0)
    return NULL;
  proc_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  if (!g_file_get_contents (proc_path, &contents, &length, &error))
    {
      close (fd);
      return NULL;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
record_call (MockEmailPortal       *self,
             GDBusMethodInvocation *invocation,
             GVariant              *options)
{
  GDBusMessage *message = g_dbus_method_invocation_get_message (invocation);
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (message);
  g_autoptr(GVariant) handles = NULL;
  const char *address = NULL;

  g_mutex_lock (&self->lock);
  self->seen.calls++;
  g_clear_pointer (&self->seen.addresses, g_strfreev);
  if (!g_variant_lookup (options, "addresses", "^as", &self->seen.addresses)
      && g_variant_lookup (options, "address", "&s", &address))
    {
      self->seen.addresses = g_new0 (char *, 2);
      self->seen.addresses[0] = g_strdup (address);
    }
  g_clear_pointer (&self->seen.subject, g_free);
  g_variant_lookup (options, "subject", "s", &self->seen.subject);
  g_clear_pointer (&self->seen.body, g_free);
  g_variant_lookup (options, "body", "s", &self->seen.body);
  g_ptr_array_set_size (self->seen.attachments, 0);
  handles = g_variant_lookup_value (options, "attachment_fds", G_VARIANT_TYPE ("ah"));
  for (gsize i = 0; handles != NULL && fds != NULL && i < g_variant_n_children (handles); i++)
    {
      gint32 index;
      GBytes *bytes;

      g_variant_get_child (handles, i, "h", &index);
      bytes = read_attachment (fds, index);
      if (bytes != NULL)
        g_ptr_array_add (self->seen.attachments, bytes);
    }
  g_mutex_unlock (&self->lock);
}

static void
handle_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  MockEmailPortal *self = user_data;
  g_autoptr(GVariant) options = NULL;
  g_autofree char *sender_part = NULL;
  g_autofree char *handle = NULL;
  const char *token = "t";

  g_variant_get (parameters, "(&s@a{sv})", NULL, &options);
  record_call (self, invocation, options);

  /* The request path libportal listens on: the caller's unique name
   * without ':' and with '.' as '_', then its token. */
  g_variant_lookup (options, "handle_token", "&s", &token);
  sender_part = g_strdelimit (g_strdup (sender + 1), ".", '_');
  handle = g_strconcat (REQUEST_PREFIX, sender_part, "/", token, NULL);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  /* Sent to the caller only, as the real portal does. */
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request",
                                 "Response", g_variant_new ("(u@a{sv})", self->response,
                                                            g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);
}

static GVariant *
handle_get_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GError          **error,
                     gpointer          user_data)
{
  return g_variant_new_uint32 (3);
}

static const GDBusInterfaceVTable vtable = { handle_method_call, handle_get_property, NULL, { 0 } };

static gboolean
serve (MockEmailPortal  *self,
       GDBusConnection **bus_out,
       guint            *registration_out,
       GError          **error)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  guint registration, result;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (address == NULL)
    return FALSE;
  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, error);
  if (bus == NULL)
    return FALSE;
  node = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (node == NULL)
    return FALSE;
  registration = g_dbus_connection_register_object (bus, PORTAL_PATH, node->interfaces[0],
                                                    &vtable, self, NULL, error);
  if (registration == 0)
    return FALSE;
  /* 4: DBUS_NAME_FLAG_DO_NOT_QUEUE; 1: now the primary owner. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", PORTAL_BUS_NAME, 4u),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(u)", &result);
  if (result != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s already has an owner", PORTAL_BUS_NAME);
      return FALSE;
    }
  *bus_out = g_steal_pointer (&bus);
  *registration_out = registration;
  return TRUE;
}

static gpointer
run (gpointer data)
{
  MockEmailPortal *self = data;
  GDBusConnection *bus = NULL;
  guint registration = 0;
  GError *error = NULL;
  gboolean serving;

  g_main_context_push_thread_default (self->context);
  serving = serve (self, &bus, &registration, &error);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  self->start_error = error;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (serving)
    {
      g_main_loop_run (self->loop);
      g_dbus_connection_unregister_object (bus, registration);
      g_dbus_connection_close_sync (bus, NULL, NULL);
    }
  g_clear_object (&bus);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * mock_email_portal_start:
 * @response: the Response code every request gets (0 success, 2 failure)
 *
 * Returns: the stand-in, serving on the session bus; the test fails if it
 *   cannot serve
 */
MockEmailPortal *
mock_email_portal_start (guint response)
{
  MockEmailPortal *self = g_new0 (MockEmailPortal, 1);

  self->response = response;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->seen.attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("mock-email-portal", run, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  g_assert_no_error (self->start_error);
  return self;
}

void
mock_email_portal_stop (MockEmailPortal *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_strfreev (self->seen.addresses);
  g_free (self->seen.subject);
  g_free (self->seen.body);
  g_ptr_array_unref (self->seen.attachments);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * mock_email_portal_dup_calls:
 *
 * Returns: (transfer full): a copy of what the portal has been asked so far
 */
MockEmailCall *
mock_email_portal_dup_calls (MockEmailPortal *self)
{
  MockEmailCall *copy = g_new0 (MockEmailCall, 1);

  copy->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_mutex_lock (&self->lock);
  copy->calls = self->seen.calls;
  copy->addresses = g_strdupv (self->seen.addresses);
  copy->subject = g_strdup (self->seen.subject);
  copy->body = g_strdup (self->seen.body);
  for (guint i = 0; i < self->seen.attachments->len; i++)
    g_ptr_array_add (copy->attachments, g_bytes_ref (g_ptr_array_index (self->seen.attachments, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

void
mock_email_call_free (MockEmailCall *call)
{
  g_strfreev (call->addresses);
  g_free (call->subject);
  g_free (call->body);
  g_ptr_array_unref (call->attachments);
  g_free (call);
}
