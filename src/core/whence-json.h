/* whence-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "whence-message.h"

G_BEGIN_DECLS

/* Options that change what a trace finds, shared by the CLI and the UI. */
typedef struct
{
  const char *trusted_networks;  /* SpamAssassin-style "CIDR CIDR …", or NULL */
} WhenceTraceOptions;

JsonNode *whence_json_for_message (WhenceMessage            *message,
                                   const char               *file,
                                   const WhenceTraceOptions *options);
JsonNode *whence_json_for_error   (const char               *file,
                                   const GError             *error);

/* The same objects as compact text, appended without building a tree:
 * what `whence trace --json` prints, one object a line. */
void      whence_json_append_message (GString                  *out,
                                      WhenceMessage            *message,
                                      const char               *file,
                                      const WhenceTraceOptions *options);
void      whence_json_append_error   (GString                  *out,
                                      const char               *file,
                                      const GError             *error);

char     *whence_json_dup_string_member (JsonObject *object,
                                         const char *name);

G_END_DECLS
