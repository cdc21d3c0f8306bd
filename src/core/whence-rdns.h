/* whence-rdns.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void   whence_rdns_lookup_async     (GResolver           *resolver,
                                     GInetAddress        *address,
                                     guint                timeout_ms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char  *whence_rdns_lookup_finish    (GAsyncResult        *result,
                                     gboolean            *verified,
                                     GError             **error);

char  *whence_dns_reversed_name     (GInetAddress        *address,
                                     const char          *zone);
void   whence_dns_txt_emails_async  (GResolver           *resolver,
                                     const char          *name,
                                     guint                timeout_ms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GStrv  whence_dns_txt_emails_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
