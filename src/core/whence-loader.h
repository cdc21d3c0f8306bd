/* whence-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "whence-message.h"

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
  GError    *error;
} WhenceLoadResult;

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceLoadResult, whence_load_result_free)

G_END_DECLS
