/* whence-rdns.c
 *
 * The DNS half of a lookup: the reverse name of an address (trusted only
 * when that name leads back to the same address, since anyone who runs the
 * reverse zone can claim any name), and TXT-record contact databases.
 * Every query has its own deadline so a dead resolver cannot stall a trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-rdns"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-deadline.h"
#include "whence-error.h"
#include "whence-rdns.h"

typedef struct
{
  GResolver      *resolver;
  GInetAddress   *address;
  char           *name;
  WhenceDeadline  deadline;
} Query;

static void
query_free (Query *query)
{
  whence_deadline_clear (&query->deadline);
  g_clear_object (&query->resolver);
  g_clear_object (&query->address);
  g_free (query->name);
  g_free (query);
}

static Query *
query_new (GTask        *task,
           GResolver    *resolver,
           guint         timeout_ms,
           GCancellable *cancellable)
{
  Query *query = g_new0 (Query, 1);

  query->resolver = g_object_ref (resolver);
  whence_deadline_start (&query->deadline, cancellable, timeout_ms);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_set_check_cancellable (task, FALSE);

  return query;
}

static void
return_dns_error (GTask  *task,
                  GError *error)
{
  Query *query = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !query->deadline.timed_out)
    g_task_return_error (task, g_error_copy (error));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_LOOKUP, "%s",
                             _("The name server took too long to answer."));
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_LOOKUP, "%s",
                             _("The name server has no name for this address."));
  else
    g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_OFFLINE, "%s",
                             _("The name server could not be reached."));
  g_object_unref (task);
}

static void
on_forward (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Query *query = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  gboolean verified = FALSE;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && !query->deadline.timed_out)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      if (g_inet_address_equal (l->data, query->address))
        verified = TRUE;
    }
  g_resolver_free_addresses (addresses);

  /* The name stands either way; verification only says whether to trust it. */
  g_task_return_boolean (task, verified);
  g_object_unref (task);
}

static void
on_reverse (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Query *query = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *name = g_resolver_lookup_by_address_finish (G_RESOLVER (source), result, &error);

  if (name == NULL)
    {
      return_dns_error (task, error);
      return;
    }

  /* Names are data from a stranger: keep only plain host names. */
  if (!g_hostname_is_ascii_encoded (name) && !g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_LOOKUP, "%s",
                               _("The name server has no name for this address."));
      g_object_unref (task);
      return;
    }
  query->name = name;
  g_resolver_lookup_by_name_async (query->resolver, query->name, query->deadline.cancellable,
                                   on_forward, task);
}

/**
 * whence_rdns_lookup_async:
 * @resolver: the resolver
 * @address: the address
 * @timeout_ms: bound for both queries together
 * @cancellable: (nullable): cancels the lookup
 * @callback: called when done
 * @user_data: for @callback
 *
 * Finds the reverse name of @address and checks that it resolves back.
 */
void
whence_rdns_lookup_async (GResolver           *resolver,
                          GInetAddress        *address,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);
  Query *query = query_new (task, resolver, timeout_ms, cancellable);

  g_task_set_source_tag (task, whence_rdns_lookup_async);
  query->address = g_object_ref (address);
  g_resolver_lookup_by_address_async (resolver, address, query->deadline.cancellable,
                                      on_reverse, task);
}

/**
 * whence_rdns_lookup_finish:
 * @result: the result
 * @verified: (out) (optional): whether the name resolves back to the address
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the reverse name
 */
char *
whence_rdns_lookup_finish (GAsyncResult  *result,
                           gboolean      *verified,
                           GError       **error)
{
  Query *query = g_task_get_task_data (G_TASK (result));
  gboolean had_error = g_task_had_error (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  if (verified != NULL)
    *verified = ok;
  if (had_error || query->name == NULL)
    return NULL;

  return g_strdup (query->name);
}

/**
 * whence_dns_reversed_name:
 * @address: an address
 * @zone: the zone to append, without the leading dot
 *
 * Returns: (transfer full): "4.3.2.1.@zone" for IPv4, nibbles for IPv6
 */
char *
whence_dns_reversed_name (GInetAddress *address,
                          const char   *zone)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);
  gsize size = g_inet_address_get_native_size (address);
  GString *name = g_string_new (NULL);

  if (size == 4)
    g_string_append_printf (name, "%u.%u.%u.%u.", bytes[3], bytes[2], bytes[1], bytes[0]);
  else
    {
      for (gsize i = size; i > 0; i--)
        g_string_append_printf (name, "%x.%x.", bytes[i - 1] & 0xf, bytes[i - 1] >> 4);
    }
  g_string_append (name, zone);

  return g_string_free (name, FALSE);
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL
         && strlen (text) < 255 && g_utf8_validate (text, -1, NULL);
}

static void
on_txt (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);

  if (error != NULL)
    {
      return_dns_error (task, error);
      return;
    }

  for (GList *l = records; l != NULL && emails->len < 8; l = l->next)
    {
      g_autofree const char **strings = NULL;
      g_autofree char *joined = NULL;
      g_auto(GStrv) words = NULL;

      if (!g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(as)")))
        continue;
      g_variant_get (l->data, "(^a&s)", &strings);
      joined = g_strjoinv ("", (char **) strings);
      words = g_strsplit_set (joined, " ,;\t", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_strstrip (words[i]);
          if (looks_like_email (words[i]))
            g_ptr_array_add (emails, g_ascii_strdown (words[i], -1));
        }
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  g_ptr_array_add (emails, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (emails, NULL), (GDestroyNotify) g_strfreev);
  g_object_unref (task);
}

/**
 * whence_dns_txt_emails_async:
 * @resolver: the resolver
 * @name: the name whose TXT records hold contact addresses
 * @timeout_ms: the bound
 * @cancellable: (nullable): cancels the query
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads email addresses from TXT records (abuse.net, Abusix).
 */
void
whence_dns_txt_emails_async (GResolver           *resolver,
                             const char          *name,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);
  Query *query = query_new (task, resolver, timeout_ms, cancellable);

  g_task_set_source_tag (task, whence_dns_txt_emails_async);
  g_resolver_lookup_records_async (resolver, name, G_RESOLVER_RECORD_TXT,
                                   query->deadline.cancellable, on_txt, task);
}

/**
 * whence_dns_txt_emails_finish:
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the addresses found, possibly none
 */
GStrv
whence_dns_txt_emails_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
