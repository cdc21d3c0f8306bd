/* whence-test-util.h
 *
 * Helpers the C tests share (GLib only, no display): test data and
 * scratch folders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "whence-message.h"

G_BEGIN_DECLS

GBytes        *whence_test_data_bytes   (const char *folder,
                                         const char *name);
WhenceMessage *whence_test_data_message (const char *folder,
                                         const char *name);
GPtrArray     *whence_test_load_jsonl   (const char *path);
void           whence_test_remove_tree  (const char *path);

G_END_DECLS
