/* whence-loader.c
 *
 * Loads emails off the main thread, so the window never freezes however many
 * files a person drops at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-loader"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-loader.h"

typedef enum { SOURCE_FILES, SOURCE_BYTES, SOURCE_TEXT } SourceKind;

/* How long the worker gathers results before handing them over: the main
 * thread then takes them a few at a time between frames. */
#define BATCH_INTERVAL_US (50 * 1000)

typedef struct
{
  SourceKind             kind;
  GPtrArray             *files;   /* GFile */
  GBytes                *bytes;
  char                  *name;
  char                  *text;
  WhenceLoaderBatchFunc  batch_func;
  gpointer               batch_data;
  GMainContext          *context; /* the caller's, for batches */
} LoadJob;

typedef struct
{
  GPtrArray             *results;
  WhenceLoaderBatchFunc  func;
  gpointer               user_data;
  GCancellable          *cancellable;
} Batch;

static void
load_job_free (LoadJob *job)
{
  g_clear_pointer (&job->files, g_ptr_array_unref);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->name);
  g_free (job->text);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->results, g_ptr_array_unref);
  g_clear_object (&batch->cancellable);
  g_free (batch);
}

static gboolean
deliver_batch (gpointer user_data)
{
  Batch *batch = user_data;

  /* After cancellation the caller may be gone. */
  if (!g_cancellable_is_cancelled (batch->cancellable))
    batch->func (g_steal_pointer (&batch->results), batch->user_data);
  return G_SOURCE_REMOVE;
}

/* Batches run in order and before the task's own callback: all are idles
 * of the same priority on the same context. */
static void
send_batch (LoadJob      *job,
            GPtrArray   **results,
            GCancellable *cancellable)
{
  Batch *batch;

  if ((*results)->len == 0)
    return;

  batch = g_new0 (Batch, 1);
  batch->results = g_steal_pointer (results);
  batch->func = job->batch_func;
  batch->user_data = job->batch_data;
  batch->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  *results = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_load_result_free);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_batch, batch,
                              (GDestroyNotify) batch_free);
}

/* Tracing happens here, in the worker, so the window only shows results. */
static void
trace_result (WhenceLoadResult *result)
{
  if (result->messages == NULL)
    return;

  result->traces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
  result->trace_errors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < result->messages->len; i++)
    {
      g_autoptr(GError) error = NULL;
      WhenceTrace *trace = whence_trace_new (g_ptr_array_index (result->messages, i), NULL, &error);

      g_ptr_array_add (result->traces, trace);
      g_ptr_array_add (result->trace_errors, trace == NULL ? g_strdup (error->message) : NULL);
    }
}

void
whence_load_result_free (WhenceLoadResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_clear_object (&result->file);
  g_clear_pointer (&result->messages, g_ptr_array_unref);
  g_clear_pointer (&result->traces, g_ptr_array_unref);
  g_clear_pointer (&result->trace_errors, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

static WhenceLoadResult *
load_one_file (GFile        *file,
               GCancellable *cancellable)
{
  WhenceLoadResult *result = g_new0 (WhenceLoadResult, 1);
  g_autofree char *basename = g_file_get_basename (file);

  result->file = g_object_ref (file);
  result->name = g_filename_display_name (basename != NULL ? basename : "");
  result->messages = whence_message_load_file (file, cancellable, &result->error);
  trace_result (result);

  return result;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_load_result_free);
  WhenceLoadResult *result;
  gint64 last_batch = g_get_monotonic_time ();

  switch (job->kind)
    {
    case SOURCE_FILES:
      for (guint i = 0; i < job->files->len; i++)
        {
          if (g_task_return_error_if_cancelled (task))
            return;
          g_ptr_array_add (results, load_one_file (g_ptr_array_index (job->files, i), cancellable));
          if (job->batch_func != NULL && g_get_monotonic_time () - last_batch >= BATCH_INTERVAL_US)
            {
              send_batch (job, &results, cancellable);
              last_batch = g_get_monotonic_time ();
            }
        }
      break;

    case SOURCE_BYTES:
      result = g_new0 (WhenceLoadResult, 1);
      result->name = g_strdup (job->name);
      result->messages = whence_message_load_bytes (job->bytes, job->name, &result->error);
      trace_result (result);
      g_ptr_array_add (results, result);
      break;

    case SOURCE_TEXT:
    default:
      {
        g_autoptr(WhenceMessage) message = NULL;

        result = g_new0 (WhenceLoadResult, 1);
        result->name = g_strdup (_("Pasted headers"));
        message = whence_message_new_from_headers (job->text, &result->error);
        if (message != NULL)
          {
            result->messages = g_ptr_array_new_with_free_func (g_object_unref);
            g_ptr_array_add (result->messages, g_steal_pointer (&message));
          }
        trace_result (result);
        g_ptr_array_add (results, result);
      }
      break;
    }

  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

static void
run_job (LoadJob             *job,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  whence_core_init ();
  job->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * whence_loader_load_files_async:
 * @files: (element-type GFile): the files to load
 *
 * Loads each file in a worker thread. Finish with whence_loader_load_finish().
 */
void
whence_loader_load_files_async (GPtrArray           *files,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  g_return_if_fail (files != NULL);

  job->kind = SOURCE_FILES;
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (job->files, g_object_ref (g_ptr_array_index (files, i)));

  run_job (job, cancellable, callback, user_data);
}

/**
 * whence_loader_load_files_streamed_async:
 * @files: (element-type GFile): the files to load
 * @batch_func: (scope notified): called on the caller's context with each
 *   batch of results while the load runs, in input order
 *
 * Like whence_loader_load_files_async(), but hands over results as they come
 * (every few tens of milliseconds) so a window can show them at once; the
 * array whence_loader_load_finish() returns then holds only those not yet
 * handed over. @batch_data must outlive the load (the callback's @user_data
 * may hold it); after cancellation no batch is delivered.
 */
void
whence_loader_load_files_streamed_async (GPtrArray             *files,
                                         WhenceLoaderBatchFunc  batch_func,
                                         gpointer               batch_data,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  g_return_if_fail (files != NULL);
  g_return_if_fail (batch_func != NULL);

  job->kind = SOURCE_FILES;
  job->batch_func = batch_func;
  job->batch_data = batch_data;
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (job->files, g_object_ref (g_ptr_array_index (files, i)));

  run_job (job, cancellable, callback, user_data);
}

/**
 * whence_loader_load_bytes_async:
 * @bytes: an email as a mail program handed it over (message/rfc822)
 * @name: how to name it to a person
 */
void
whence_loader_load_bytes_async (GBytes              *bytes,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  g_return_if_fail (bytes != NULL);

  job->kind = SOURCE_BYTES;
  job->bytes = g_bytes_ref (bytes);
  job->name = g_strdup (name);
  run_job (job, cancellable, callback, user_data);
}

/**
 * whence_loader_load_text_async:
 * @text: header text a person pasted
 */
void
whence_loader_load_text_async (const char          *text,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  g_return_if_fail (text != NULL);

  job->kind = SOURCE_TEXT;
  job->text = g_strdup (text);
  run_job (job, cancellable, callback, user_data);
}

/**
 * whence_loader_load_finish:
 *
 * Returns: (transfer container) (element-type WhenceLoadResult): one result
 *   per input (each with its messages' traces), in input order — for a
 *   streamed load only those not handed over in batches; %NULL only when
 *   cancelled
 */
GPtrArray *
whence_loader_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
