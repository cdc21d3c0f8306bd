/* whence-domain.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *whence_registrable_domain (const char *host);
char     *whence_display_domain     (const char *host);
gboolean  whence_same_organisation  (const char *host_a,
                                     const char *host_b);

G_END_DECLS
