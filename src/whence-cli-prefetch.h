/* whence-cli-prefetch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "whence-json.h"

G_BEGIN_DECLS

typedef struct _WhenceCliPrefetch WhenceCliPrefetch;

WhenceCliPrefetch *whence_cli_prefetch_new  (const char * const       *files,
                                             const WhenceTraceOptions *options);
gboolean           whence_cli_prefetch_take (WhenceCliPrefetch        *self,
                                             guint                     index,
                                             GString                  *out,
                                             gboolean                 *traced);
void               whence_cli_prefetch_free (WhenceCliPrefetch        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceCliPrefetch, whence_cli_prefetch_free)

G_END_DECLS
