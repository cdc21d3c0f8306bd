/* whence-rdap-http.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * WhenceFetchLimits:
 *
 * Bounds for one fetch, redirects included.
 */
typedef struct
{
  guint timeout_ms;     /* the whole fetch, redirects included */
  gsize max_bytes;      /* reading stops beyond this: the answer is refused */
  guint max_redirects;
} WhenceFetchLimits;

gboolean whence_fetch_url_allowed (const char          *url);
void     whence_fetch_async       (SoupSession         *session,
                                   const char          *url,
                                   const WhenceFetchLimits *limits,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GBytes  *whence_fetch_finish      (GAsyncResult        *result,
                                   char               **final_url,
                                   GError             **error);

G_END_DECLS
