/* whence-cli-prefetch.c
 *
 * `whence trace --json` over many files, on every core: small files are
 * traced ahead by a pool of threads, each into its own text, and the command
 * line prints the texts in the order the files were given. Standard input,
 * big files and mboxes are left to the caller, which streams them as before,
 * so memory stays bounded whatever the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-cli"

#include "config.h"

#include <glib/gstdio.h>

#include "whence-cli-prefetch.h"
#include "whence-message.h"

/* Files up to this size are traced ahead: their text is a few kilobytes. */
#define PREFETCH_MAX_FILE_SIZE (1024 * 1024)

/* Files are handed to a thread in batches of up to this many, so that the
 * threads and the printing main thread wake each other once per batch,
 * not once per file (a tenth of the time went to that). */
#define PREFETCH_BATCH 16

/* How many batches may be traced ahead of the file being printed, per
 * thread. */
#define PREFETCH_BATCHES_AHEAD_PER_THREAD 3

typedef struct
{
  WhenceCliPrefetch *owner;
  guint              index;
  guint              batch;   /* on a batch's first file: how many files it has */
  GString           *text;
  gboolean           traced;
  gboolean           done;
} Job;

struct _WhenceCliPrefetch
{
  const char * const       *files;
  const WhenceTraceOptions *options;
  guint                     n_files;
  guint                     next;     /* the next file to consider submitting */
  guint                     ahead;    /* how far ahead of the printed file to go */
  Job                      *jobs;     /* one per file; text NULL when not submitted */
  GThreadPool              *pool;
  GMutex                    lock;
  GCond                     finished;
};

typedef struct
{
  const char               *file;
  const WhenceTraceOptions *options;
  GString                  *text;
} AppendOne;

static gboolean
append_one (WhenceMessage *message,
            gpointer       user_data)
{
  AppendOne *one = user_data;

  whence_json_append_message (one->text, message, one->file, one->options);
  g_string_append_c (one->text, '\n');

  return TRUE;
}

static gboolean
trace_file (WhenceCliPrefetch *self,
            Job               *job)
{
  const char *file = self->files[job->index];
  AppendOne one = { file, self->options, job->text };
  g_autoptr(GError) error = NULL;

  if (whence_message_foreach_in_path (file, append_one, &one, NULL, &error))
    return TRUE;

  whence_json_append_error (job->text, file, error);
  g_string_append_c (job->text, '\n');
  return FALSE;
}

/* Traces the files of one batch, then tells the main thread. */
static void
trace_batch (gpointer data,
             gpointer user_data)
{
  Job *first = data;
  WhenceCliPrefetch *self = first->owner;
  gboolean traced[PREFETCH_BATCH];

  for (guint k = 0; k < first->batch; k++)
    traced[k] = trace_file (self, first + k);

  g_mutex_lock (&self->lock);
  for (guint k = 0; k < first->batch; k++)
    {
      first[k].traced = traced[k];
      first[k].done = TRUE;
    }
  g_cond_broadcast (&self->finished);
  g_mutex_unlock (&self->lock);
}

/* Small regular files only: "-", pipes, folders, big files and whatever
 * cannot be looked at are left to the caller, which reports them. */
static gboolean
worth_prefetching (const char *file)
{
  GStatBuf st;

  return !g_str_equal (file, "-")
         && g_stat (file, &st) == 0
         && S_ISREG (st.st_mode)
         && st.st_size <= PREFETCH_MAX_FILE_SIZE;
}

/**
 * whence_cli_prefetch_new:
 * @files: the files as given on the command line
 * @options: trace options, kept until the prefetcher is freed
 *
 * Uses every core, at most 8, or as many threads as the environment
 * variable WHENCE_TRACE_THREADS says.
 *
 * Returns: (transfer full) (nullable): a prefetcher, or %NULL when tracing
 *   ahead would not help (one file, or one thread)
 */
WhenceCliPrefetch *
whence_cli_prefetch_new (const char * const       *files,
                         const WhenceTraceOptions *options)
{
  WhenceCliPrefetch *self;
  const char *wanted = g_getenv ("WHENCE_TRACE_THREADS");
  guint64 n_threads = MIN (g_get_num_processors (), 8);
  guint n_files = g_strv_length ((char **) files);

  /* For benchmarks and tests: 1 traces everything on the main thread. */
  if (wanted != NULL && !g_ascii_string_to_unsigned (wanted, 10, 1, 64, &n_threads, NULL))
    n_threads = 1;

  if (n_threads < 2 || n_files < 2)
    return NULL;

  /* GMime and the other libraries are set up once, before any thread. */
  whence_core_init ();

  self = g_new0 (WhenceCliPrefetch, 1);
  self->files = files;
  self->options = options;
  self->n_files = n_files;
  self->ahead = (guint) n_threads * PREFETCH_BATCHES_AHEAD_PER_THREAD * PREFETCH_BATCH;
  self->jobs = g_new0 (Job, n_files);
  self->pool = g_thread_pool_new (trace_batch, NULL, (int) n_threads, FALSE, NULL);
  g_mutex_init (&self->lock);
  g_cond_init (&self->finished);

  return self;
}

/* Batches of consecutive files worth tracing ahead; a file that is not
 * ends a batch, and is left to the caller. Only whole batches are made,
 * but at the end of the list. */
static void
submit_up_to (WhenceCliPrefetch *self,
              guint              limit)
{
  Job *first = NULL;

  limit = MIN (limit, self->n_files);
  if (limit > self->next && limit < self->n_files)
    limit -= (limit - self->next) % PREFETCH_BATCH;
  for (; self->next < limit; self->next++)
    {
      Job *job = &self->jobs[self->next];

      if (!worth_prefetching (self->files[self->next]))
        {
          if (first != NULL)
            g_thread_pool_push (self->pool, g_steal_pointer (&first), NULL);
          continue;
        }
      job->owner = self;
      job->index = self->next;
      job->text = g_string_sized_new (4096);
      if (first == NULL)
        first = job;
      if (++first->batch == PREFETCH_BATCH)
        g_thread_pool_push (self->pool, g_steal_pointer (&first), NULL);
    }
  if (first != NULL)
    g_thread_pool_push (self->pool, first, NULL);
}

/**
 * whence_cli_prefetch_take:
 * @index: the position of the file to print next; called in order
 * @out: where its text is appended (one JSON object per line)
 * @traced: (out): whether every message in the file was traced
 *
 * Waits for the file's text when it was traced ahead.
 *
 * Returns: %TRUE when @out holds the file's text; %FALSE when the caller
 *   must trace the file itself
 */
gboolean
whence_cli_prefetch_take (WhenceCliPrefetch *self,
                          guint              index,
                          GString           *out,
                          gboolean          *traced)
{
  Job *job;

  g_return_val_if_fail (index < self->n_files, FALSE);

  submit_up_to (self, index + self->ahead);

  job = &self->jobs[index];
  if (job->text == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  while (!job->done)
    g_cond_wait (&self->finished, &self->lock);
  g_mutex_unlock (&self->lock);

  g_string_append_len (out, job->text->str, job->text->len);
  *traced = job->traced;
  g_string_free (g_steal_pointer (&job->text), TRUE);

  return TRUE;
}

void
whence_cli_prefetch_free (WhenceCliPrefetch *self)
{
  if (self == NULL)
    return;

  /* Let the threads finish what they started; nothing more is submitted. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  for (guint i = 0; i < self->n_files; i++)
    if (self->jobs[i].text != NULL)
      g_string_free (self->jobs[i].text, TRUE);
  g_free (self->jobs);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->finished);
  g_free (self);
}
