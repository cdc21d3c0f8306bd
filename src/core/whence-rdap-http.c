/* whence-rdap-http.c
 *
 * One careful HTTP GET for RDAP: HTTPS only (plain HTTP only to this
 * computer, for tests), redirects followed by hand so each hop is checked
 * and counted, one deadline for the whole exchange, and a size cap that stops
 * reading instead of buffering whatever a server sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-rdap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-deadline.h"
#include "whence-error.h"
#include "whence-rdap-http.h"

#define CHUNK_SIZE 16384

typedef struct
{
  SoupSession       *session;
  char              *url;
  WhenceFetchLimits  limits;
  guint              redirects;
  WhenceDeadline     deadline;
  GInputStream      *stream;
  GByteArray        *body;
  guint8             buffer[CHUNK_SIZE];
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  whence_deadline_clear (&fetch->deadline);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->session);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch->url);
  g_free (fetch);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * whence_fetch_url_allowed:
 * @url: an absolute URL
 *
 * Returns: %TRUE for https URLs, and http URLs to this computer
 */
gboolean
whence_fetch_url_allowed (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri));
}

static void
fail_lookup (GTask      *task,
             int         code,
             const char *message)
{
  g_task_return_new_error (task, WHENCE_ERROR, code, "%s", message);
  g_object_unref (task);
}

/* Turns transport errors into the plain reasons a person is shown. */
static void
fail_with (GTask  *task,
           GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && fetch->deadline.timed_out)
    fail_lookup (task, WHENCE_ERROR_LOOKUP,
                 _("Could not look up who runs this computer: the registry took too long to answer."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    fail_lookup (task, WHENCE_ERROR_LOOKUP,
                 _("Could not look up who runs this computer: the registry took too long to answer."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
           || error->domain == G_RESOLVER_ERROR)
    fail_lookup (task, WHENCE_ERROR_OFFLINE,
                 _("Could not look up who runs this computer: this computer seems to be offline."));
  else if (error->domain == G_TLS_ERROR)
    fail_lookup (task, WHENCE_ERROR_LOOKUP,
                 _("Could not look up who runs this computer: the registry’s identity could not be checked."));
  else
    fail_lookup (task, WHENCE_ERROR_LOOKUP,
                 _("Could not look up who runs this computer: the registry could not be reached."));
}

static void send_request (GTask *task);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    {
      fail_with (task, error);
      return;
    }

  if (n == 0)
    {
      GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));

      g_input_stream_close_async (fetch->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }

  g_byte_array_append (fetch->body, fetch->buffer, (guint) n);
  if (fetch->body->len > fetch->limits.max_bytes)
    {
      /* Stop here: cancelling drops the connection instead of draining it. */
      g_cancellable_cancel (fetch->deadline.cancellable);
      fail_lookup (task, WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry’s answer was far too large."));
      return;
    }

  g_input_stream_read_async (fetch->stream, fetch->buffer, sizeof fetch->buffer,
                             G_PRIORITY_DEFAULT, fetch->deadline.cancellable, on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (fetch->session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (fetch->session, result, &error);
  guint status;

  if (stream == NULL)
    {
      fail_with (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                           "Location");
      g_autofree char *next = location != NULL
        ? g_uri_resolve_relative (fetch->url, location, G_URI_FLAGS_NONE, NULL) : NULL;

      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      if (next == NULL)
        {
          fail_lookup (task, WHENCE_ERROR_LOOKUP,
                       _("Could not look up who runs this computer: the registry could not be reached."));
          return;
        }
      if (++fetch->redirects > fetch->limits.max_redirects)
        {
          fail_lookup (task, WHENCE_ERROR_LOOKUP,
                       _("Could not look up who runs this computer: the registries kept sending Whence elsewhere."));
          return;
        }
      if (!whence_fetch_url_allowed (next))
        {
          fail_lookup (task, WHENCE_ERROR_LOOKUP,
                       _("Could not look up who runs this computer: the registry pointed to an address that is not secure."));
          return;
        }
      g_free (fetch->url);
      fetch->url = g_steal_pointer (&next);
      send_request (task);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      fail_lookup (task, WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry does not know this address."));
      return;
    }
  if (status == 429 /* Too Many Requests; libsoup 3.2 has no name for it */
      || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      fail_lookup (task, WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry is busy. Try again in a few minutes."));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fail_lookup (task, WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry answered with an error."));
      return;
    }

  fetch->stream = g_steal_pointer (&stream);
  fetch->body = g_byte_array_new ();
  g_input_stream_read_async (fetch->stream, fetch->buffer, sizeof fetch->buffer,
                             G_PRIORITY_DEFAULT, fetch->deadline.cancellable, on_read, task);
}

static void
send_request (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", fetch->url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      fail_lookup (task, WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry could not be reached."));
      return;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/rdap+json, application/json");
  soup_session_send_async (fetch->session, message, G_PRIORITY_DEFAULT,
                           fetch->deadline.cancellable, on_sent, task);
}

/**
 * whence_fetch_async:
 * @session: the session to use (its user agent names Whence)
 * @url: an https URL (http only to loopback)
 * @limits: timeout, size and redirect bounds
 * @cancellable: (nullable): cancels the fetch
 * @callback: called when done, in the thread-default main context
 * @user_data: for @callback
 *
 * Fetches @url within @limits.
 */
void
whence_fetch_async (SoupSession             *session,
                    const char              *url,
                    const WhenceFetchLimits *limits,
                    GCancellable            *cancellable,
                    GAsyncReadyCallback      callback,
                    gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, whence_fetch_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  /* Errors are reported by us, with plain reasons, not by GTask. */
  g_task_set_check_cancellable (task, FALSE);

  fetch->session = g_object_ref (session);
  fetch->url = g_strdup (url);
  fetch->limits = *limits;

  if (!whence_fetch_url_allowed (url))
    {
      fail_lookup (g_steal_pointer (&task), WHENCE_ERROR_LOOKUP,
                   _("Could not look up who runs this computer: the registry address is not secure (not HTTPS)."));
      return;
    }

  whence_deadline_start (&fetch->deadline, cancellable, limits->timeout_ms);

  send_request (g_steal_pointer (&task));
}

/**
 * whence_fetch_finish:
 * @result: the result given to the callback
 * @final_url: (out) (optional): the URL that answered, after redirects
 * @error: return location for a #WHENCE_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the body
 */
GBytes *
whence_fetch_finish (GAsyncResult  *result,
                     char         **final_url,
                     GError       **error)
{
  Fetch *fetch = g_task_get_task_data (G_TASK (result));

  if (final_url != NULL)
    *final_url = g_strdup (fetch->url);

  return g_task_propagate_pointer (G_TASK (result), error);
}
