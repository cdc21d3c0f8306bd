/* whence-fetch-queue.c
 *
 * At most a few questions at a time to each registry. A batch of emails can
 * name dozens of computers at once; the registries answer everyone for free
 * and block those who ask too much at once. Fetches beyond the limit wait
 * their turn, first come first served; the time limit of each starts when
 * it is sent. Callers see whence_fetch_async()'s own result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-fetch-queue"

#include "config.h"

#include "whence-fetch-queue.h"

typedef struct
{
  WhenceFetchQueue    *queue;
  char                *host;
  SoupSession         *session;
  char                *url;
  WhenceFetchLimits    limits;
  GCancellable        *cancellable;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Waiting;

typedef struct
{
  guint   active;
  GQueue  waiting;   /* Waiting */
} Host;

struct _WhenceFetchQueue
{
  guint       per_host;
  GHashTable *hosts;    /* host name -> Host */
};

static void
waiting_free (Waiting *waiting)
{
  g_free (waiting->host);
  g_clear_object (&waiting->session);
  g_free (waiting->url);
  g_clear_object (&waiting->cancellable);
  g_free (waiting);
}

static void
host_free (Host *host)
{
  g_queue_clear_full (&host->waiting, (GDestroyNotify) waiting_free);
  g_free (host);
}

/**
 * whence_fetch_queue_new:
 * @per_host: how many fetches may be in flight to one host
 *
 * Returns: (transfer full): a queue; free it only when no fetch is left
 */
WhenceFetchQueue *
whence_fetch_queue_new (guint per_host)
{
  WhenceFetchQueue *self = g_new0 (WhenceFetchQueue, 1);

  self->per_host = MAX (per_host, 1);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) host_free);

  return self;
}

void
whence_fetch_queue_free (WhenceFetchQueue *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->hosts);
  g_free (self);
}

static void start (Waiting *waiting);

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiting *waiting = user_data;
  WhenceFetchQueue *self = waiting->queue;
  Host *host = g_hash_table_lookup (self->hosts, waiting->host);

  /* The next one goes first: the callback may drop the last reference to
   * whatever owns this queue. */
  host->active--;
  if (!g_queue_is_empty (&host->waiting))
    start (g_queue_pop_head (&host->waiting));

  waiting->callback (source, result, waiting->user_data);
  waiting_free (waiting);
}

static void
start (Waiting *waiting)
{
  WhenceFetchQueue *self = waiting->queue;
  Host *host = g_hash_table_lookup (self->hosts, waiting->host);

  host->active++;
  whence_fetch_async (waiting->session, waiting->url, &waiting->limits, waiting->cancellable,
                      on_fetched, waiting);
}

/**
 * whence_fetch_queue_fetch_async:
 *
 * whence_fetch_async(), when the host of @url has a free place. Finish with
 * whence_fetch_finish().
 */
void
whence_fetch_queue_fetch_async (WhenceFetchQueue        *self,
                                SoupSession             *session,
                                const char              *url,
                                const WhenceFetchLimits *limits,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host_name = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "";
  Waiting *waiting = g_new0 (Waiting, 1);
  Host *host;

  waiting->queue = self;
  waiting->host = g_ascii_strdown (host_name, -1);
  waiting->session = g_object_ref (session);
  waiting->url = g_strdup (url);
  waiting->limits = *limits;
  waiting->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  waiting->callback = callback;
  waiting->user_data = user_data;

  host = g_hash_table_lookup (self->hosts, waiting->host);
  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_queue_init (&host->waiting);
      g_hash_table_insert (self->hosts, g_strdup (waiting->host), host);
    }

  if (host->active < self->per_host)
    start (waiting);
  else
    g_queue_push_tail (&host->waiting, waiting);
}
