/* whence-fetch-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-rdap-http.h"

G_BEGIN_DECLS

typedef struct _WhenceFetchQueue WhenceFetchQueue;

WhenceFetchQueue *whence_fetch_queue_new         (guint                    per_host);
void              whence_fetch_queue_free        (WhenceFetchQueue        *self);
void              whence_fetch_queue_fetch_async (WhenceFetchQueue        *self,
                                                  SoupSession             *session,
                                                  const char              *url,
                                                  const WhenceFetchLimits *limits,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceFetchQueue, whence_fetch_queue_free)

G_END_DECLS
