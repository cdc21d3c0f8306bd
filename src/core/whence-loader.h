/* whence-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "whence-message.h"
#include "whence-trace.h"

G_BEGIN_DECLS

/**
 * WhenceLoadResult:
 *
 * What became of one input: its messages, or why it could not be read.
 */
typedef struct
{
  char      *name;      /* as a person would name the input */
  GFile     *file;      /* nullable: dropped data and pasted text have none */
  GPtrArray *messages;  /* WhenceMessage; NULL when @error is set */
  GPtrArray *traces;    /* WhenceTrace, one per message: NULL where it failed */
  GPtrArray *trace_errors; /* utf8, one per message: why its trace failed, or NULL */
  GError    *error;
} WhenceLoadResult;

/**
 * WhenceLoaderBatchFunc:
 * @results: (element-type WhenceLoadResult) (transfer container): inputs
 *   loaded and traced so far, in input order
 *
 * Called on the caller's main context while a load runs, a batch at a time.
 */
typedef void (*WhenceLoaderBatchFunc) (GPtrArray *results,
                                       gpointer   user_data);

void        whence_load_result_free        (WhenceLoadResult *result);

void        whence_loader_load_files_async (GPtrArray           *files,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        whence_loader_load_bytes_async (GBytes              *bytes,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        whence_loader_load_text_async  (const char          *text,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *whence_loader_load_finish      (GAsyncResult        *result,
                                            GError             **error);
void        whence_loader_load_files_streamed_async (GPtrArray             *files,
                                                     WhenceLoaderBatchFunc  batch_func,
                                                     gpointer               batch_data,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceLoadResult, whence_load_result_free)

G_END_DECLS
