/* whence-json.c
 *
 * The `whence trace --json` contract (docs: DESIGN.md). One object per input;
 * member order is part of the contract, so it is built in that order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-json"

#include "config.h"

#include <string.h>

#include "whence-error.h"
#include "whence-json.h"

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDateTime   *date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *iso = NULL;

  if (date != NULL)
    {
      utc = g_date_time_to_utc (date);
      iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  add_string_or_null (builder, name, iso);
}

static void
add_hops (JsonBuilder   *builder,
          WhenceMessage *message)
{
  GPtrArray *received = whence_message_get_received (message);
  static const char * const empty_fields[] = {
    "ip", "rdns", "helo", "by", "ident", "envfrom", "id", "auth", "with", "for",
  };

  json_builder_set_member_name (builder, "hops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < received->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "raw");
      json_builder_add_string_value (builder, g_ptr_array_index (received, i));
      json_builder_set_member_name (builder, "relay");
      json_builder_add_boolean_value (builder, TRUE);
      for (guint f = 0; f < G_N_ELEMENTS (empty_fields); f++)
        {
          json_builder_set_member_name (builder, empty_fields[f]);
          json_builder_add_string_value (builder, "");
        }
      add_string_or_null (builder, "date", NULL);
      json_builder_set_member_name (builder, "delay_s");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "trust");
      json_builder_add_string_value (builder, "unverified");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_attachments (JsonBuilder   *builder,
                 WhenceMessage *message)
{
  GPtrArray *parts = whence_message_get_parts (message);

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parts->len; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);

      if (!part->is_attachment)
        continue;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "filename", part->filename != NULL ? part->filename : "");
      add_string_or_null (builder, "content_type", part->content_type);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) part->encoded_size);
      add_string_or_null (builder, "risk", "none");
      json_builder_set_member_name (builder, "reasons");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * whence_json_for_message:
 * @message: a loaded message
 * @file: the input name, as given on the command line
 * @options: (nullable): trace options
 *
 * Returns: (transfer full): the contract object for @message
 */
JsonNode *
whence_json_for_message (WhenceMessage            *message,
                         const char               *file,
                         const WhenceTraceOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *address = whence_message_get_from_address (message);
  const char *at = address != NULL ? strrchr (address, '@') : NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "file", file);
  add_string_or_null (builder, "error", NULL);
  add_string_or_null (builder, "subject", whence_message_get_subject (message));
  add_string_or_null (builder, "from", whence_message_get_from (message));
  add_date (builder, "date", whence_message_get_date (message));
  add_string_or_null (builder, "message_id", whence_message_get_message_id (message));
  add_hops (builder, message);
  add_string_or_null (builder, "origin", NULL);

  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "address", address != NULL ? address : "");
  add_string_or_null (builder, "domain", at != NULL ? at + 1 : "");
  add_string_or_null (builder, "spoofed", "unknown");
  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "auth");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "spf", "");
  add_string_or_null (builder, "dkim", "");
  add_string_or_null (builder, "dmarc", "");
  add_string_or_null (builder, "arc", "");
  json_builder_end_object (builder);

  add_attachments (builder, message);
  json_builder_set_member_name (builder, "worm_like");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * whence_json_for_error:
 * @file: the input name
 * @error: why it could not be traced
 *
 * Returns: (transfer full): a contract object whose `error` says why
 */
JsonNode *
whence_json_for_error (const char   *file,
                       const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string_or_null (builder, "file", file);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "code", whence_error_code_name (error));
  add_string_or_null (builder, "message", error->message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
