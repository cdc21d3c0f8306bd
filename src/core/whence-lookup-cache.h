/* whence-lookup-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *whence_lookup_cache_load  (const char  *directory,
                                     const char  *ip,
                                     GTimeSpan    lifetime,
                                     GDateTime  **fetched);
gboolean  whence_lookup_cache_store (const char  *directory,
                                     const char  *ip,
                                     JsonNode    *network,
                                     GDateTime   *fetched,
                                     GError     **error);
char     *whence_lookup_cache_path  (const char  *directory,
                                     const char  *ip);

G_END_DECLS
