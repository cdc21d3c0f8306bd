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

#include "whence-analysis.h"
#include "whence-date.h"
#include "whence-error.h"
#include "whence-json.h"
#include "whence-trace.h"

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL && g_utf8_validate (value, -1, NULL))
    json_builder_add_string_value (builder, value);
  else if (value != NULL)
    {
      /* Headers carry raw 8-bit bytes; the JSON must stay valid UTF-8. */
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (builder, valid);
    }
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
add_epoch (JsonBuilder *builder,
           const char  *name,
           gboolean     has_value,
           gint64       utc_seconds)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (has_value)
    date = g_date_time_new_from_unix_utc (utc_seconds);
  if (date != NULL)
    iso = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
  add_string_or_null (builder, name, iso);
}

/* The Date header as GMime read it, or, when GMime could not, as our own
 * tolerant parser reads it. */
static void
add_message_date (JsonBuilder   *builder,
                  WhenceMessage *message)
{
  const char *raw;
  gint64 utc = 0;

  if (whence_message_get_date (message) != NULL)
    {
      add_date (builder, "date", whence_message_get_date (message));
      return;
    }
  raw = whence_message_get_header (message, "Date");
  add_epoch (builder, "date", raw != NULL && whence_date_parse (raw, &utc), utc);
}

static void
add_hops (JsonBuilder *builder,
          WhenceTrace *trace)
{
  guint n = trace != NULL ? whence_trace_get_n_hops (trace) : 0;

  json_builder_set_member_name (builder, "hops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);
      const WhenceReceived *r = hop->received;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, hop->index);
      add_string_or_null (builder, "raw", r->raw);
      json_builder_set_member_name (builder, "relay");
      json_builder_add_boolean_value (builder, r->relay);
      add_string_or_null (builder, "ip", r->ip);
      add_string_or_null (builder, "rdns", r->rdns);
      add_string_or_null (builder, "helo", r->helo);
      add_string_or_null (builder, "by", r->by);
      add_string_or_null (builder, "ident", r->ident);
      add_string_or_null (builder, "envfrom", r->envfrom);
      add_string_or_null (builder, "id", r->id);
      add_string_or_null (builder, "auth", r->auth);
      add_string_or_null (builder, "with", r->with);
      add_string_or_null (builder, "for", r->for_);
      add_epoch (builder, "date", r->has_date, r->date);
      json_builder_set_member_name (builder, "delay_s");
      if (hop->has_delay)
        json_builder_add_int_value (builder, hop->delay_s);
      else
        json_builder_add_null_value (builder);
      add_string_or_null (builder, "trust", whence_trust_to_string (hop->trust));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_origin (JsonBuilder *builder,
            WhenceTrace *trace)
{
  const WhenceOrigin *origin = trace != NULL ? whence_trace_get_origin (trace) : NULL;

  json_builder_set_member_name (builder, "origin");
  if (origin == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hop");
  json_builder_add_int_value (builder, origin->hop);
  add_string_or_null (builder, "ip", origin->ip);
  add_string_or_null (builder, "rdns", origin->rdns);
  add_string_or_null (builder, "helo", origin->helo);
  add_string_or_null (builder, "confidence", whence_confidence_to_string (origin->confidence));
  add_string_or_null (builder, "reason", origin->reason);
  json_builder_end_object (builder);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (g_ptr_array_index (strings, i), -1);
      json_builder_add_string_value (builder, valid);
    }
  json_builder_end_array (builder);
}

static void
add_attachments (JsonBuilder    *builder,
                 WhenceAnalysis *analysis)
{
  GPtrArray *attachments = whence_analysis_get_attachments (analysis);

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < attachments->len; i++)
    {
      const WhenceAttachment *attachment = g_ptr_array_index (attachments, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "filename", attachment->filename);
      add_string_or_null (builder, "content_type", attachment->content_type);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) attachment->size);
      add_string_or_null (builder, "risk", whence_risk_to_string (attachment->risk));
      add_string_array (builder, "reasons", attachment->reasons);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* What a hostile message made Whence skip ("limits": [] for real mail). */
static void
add_limits (JsonBuilder   *builder,
            WhenceMessage *message)
{
  GPtrArray *notes = whence_message_get_limit_notes (message);

  json_builder_set_member_name (builder, "limits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < notes->len; i++)
    {
      const WhenceLimitNote *note = g_ptr_array_index (notes, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "code", note->code);
      add_string_or_null (builder, "message", note->message);
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
  /* The command line checks --trusted-networks before it gets here. */
  g_autoptr(WhenceTrace) trace = whence_trace_new (message,
                                                   options != NULL ? options->trusted_networks : NULL,
                                                   NULL);
  g_autoptr(WhenceAnalysis) analysis = whence_analysis_new (message, trace);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "file", file);
  add_string_or_null (builder, "error", NULL);
  add_string_or_null (builder, "subject", whence_message_get_subject (message));
  add_string_or_null (builder, "from", whence_message_get_from (message));
  add_message_date (builder, message);
  add_string_or_null (builder, "message_id", whence_message_get_message_id (message));
  add_hops (builder, trace);
  add_origin (builder, trace);

  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "address", whence_analysis_get_sender_address (analysis));
  add_string_or_null (builder, "domain", whence_analysis_get_sender_domain (analysis));
  add_string_or_null (builder, "spoofed", whence_spoofed_to_string (whence_analysis_get_spoofed (analysis)));
  add_string_array (builder, "reasons", whence_analysis_get_spoof_reasons (analysis));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "auth");
  json_builder_begin_object (builder);
  for (guint m = 0; m < WHENCE_AUTH_N_METHODS; m++)
    {
      const WhenceAuthCheck *check = whence_analysis_get_auth (analysis, m);

      add_string_or_null (builder, check->method, check->result);
    }
  json_builder_end_object (builder);

  add_attachments (builder, analysis);
  json_builder_set_member_name (builder, "worm_like");
  json_builder_add_boolean_value (builder, whence_analysis_is_worm_like (analysis));
  add_limits (builder, message);
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

/**
 * whence_json_dup_string_member:
 * @object: a JSON object read from a file or the network
 * @name: a member name
 *
 * Returns: (transfer full) (nullable): the member's value when it is a
 *   string; %NULL when it is missing or anything else
 */
char *
whence_json_dup_string_member (JsonObject *object,
                               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}
