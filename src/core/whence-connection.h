/* whence-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean whence_rdns_looks_residential (const char *rdns,
                                        char      **why);
gboolean whence_rdns_contains_ip       (const char *rdns,
                                        const char *ip);
gboolean whence_helo_is_odd            (const char *helo,
                                        char      **why);
gboolean whence_received_is_authenticated (const char *with,
                                           const char *auth);

G_END_DECLS
