/* whence-json.c
 *
 * The `whence trace --json` contract (docs: DESIGN.md). One object per input;
 * member order is part of the contract, so it is written in that order, once,
 * as text (whence-json-writer.c); the JsonNode forms are that text read back.
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
#include "whence-json-writer.h"
#include "whence-trace.h"

/* The writer makes raw 8-bit header bytes valid UTF-8. */
static void
add_string_or_null (WhenceJsonWriter *writer,
                    const char       *name,
                    const char       *value)
{
  whence_json_writer_member (writer, name);
  whence_json_writer_string (writer, value);
}

static void
add_epoch (WhenceJsonWriter *writer,
           const char       *name,
           gboolean          has_value,
           gint64            utc_seconds)
{
  char iso[WHENCE_DATE_ISO_SIZE];

  add_string_or_null (writer, name,
                      has_value && whence_date_format_iso (utc_seconds, iso) ? iso : NULL);
}

static void
add_date (WhenceJsonWriter *writer,
          const char       *name,
          GDateTime        *date)
{
  add_epoch (writer, name, date != NULL, date != NULL ? g_date_time_to_unix (date) : 0);
}

/* The Date header as GMime read it, or, when GMime could not, as our own
 * tolerant parser reads it. */
static void
add_message_date (WhenceJsonWriter *writer,
                  WhenceMessage    *message)
{
  const char *raw;
  gint64 utc = 0;

  if (whence_message_get_date (message) != NULL)
    {
      add_date (writer, "date", whence_message_get_date (message));
      return;
    }
  raw = whence_message_get_header (message, "Date");
  add_epoch (writer, "date", raw != NULL && whence_date_parse (raw, &utc), utc);
}

static void
add_hops (WhenceJsonWriter *writer,
          WhenceTrace      *trace)
{
  guint n = trace != NULL ? whence_trace_get_n_hops (trace) : 0;

  whence_json_writer_member (writer, "hops");
  whence_json_writer_begin_array (writer);
  for (guint i = 0; i < n; i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);
      const WhenceReceived *r = hop->received;

      whence_json_writer_begin_object (writer);
      whence_json_writer_member (writer, "index");
      whence_json_writer_int (writer, hop->index);
      add_string_or_null (writer, "raw", r->raw);
      whence_json_writer_member (writer, "relay");
      whence_json_writer_boolean (writer, r->relay);
      add_string_or_null (writer, "ip", r->ip);
      add_string_or_null (writer, "rdns", r->rdns);
      add_string_or_null (writer, "helo", r->helo);
      add_string_or_null (writer, "by", r->by);
      add_string_or_null (writer, "ident", r->ident);
      add_string_or_null (writer, "envfrom", r->envfrom);
      add_string_or_null (writer, "id", r->id);
      add_string_or_null (writer, "auth", r->auth);
      add_string_or_null (writer, "with", r->with);
      add_string_or_null (writer, "for", r->for_);
      add_epoch (writer, "date", r->has_date, r->date);
      whence_json_writer_member (writer, "delay_s");
      if (hop->has_delay)
        whence_json_writer_int (writer, hop->delay_s);
      else
        whence_json_writer_null (writer);
      add_string_or_null (writer, "trust", whence_trust_to_string (hop->trust));
      whence_json_writer_end_object (writer);
    }
  whence_json_writer_end_array (writer);
}

static void
add_origin (WhenceJsonWriter *writer,
            WhenceTrace      *trace)
{
  const WhenceOrigin *origin = trace != NULL ? whence_trace_get_origin (trace) : NULL;

  whence_json_writer_member (writer, "origin");
  if (origin == NULL)
    {
      whence_json_writer_null (writer);
      return;
    }
  whence_json_writer_begin_object (writer);
  whence_json_writer_member (writer, "hop");
  whence_json_writer_int (writer, origin->hop);
  add_string_or_null (writer, "ip", origin->ip);
  add_string_or_null (writer, "rdns", origin->rdns);
  add_string_or_null (writer, "helo", origin->helo);
  add_string_or_null (writer, "confidence", whence_confidence_to_string (origin->confidence));
  add_string_or_null (writer, "reason", origin->reason);
  whence_json_writer_end_object (writer);
}

static void
add_string_array (WhenceJsonWriter *writer,
                  const char       *name,
                  GPtrArray        *strings)
{
  whence_json_writer_member (writer, name);
  whence_json_writer_begin_array (writer);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    whence_json_writer_string (writer, g_ptr_array_index (strings, i));
  whence_json_writer_end_array (writer);
}

static void
add_attachments (WhenceJsonWriter *writer,
                 WhenceAnalysis   *analysis)
{
  GPtrArray *attachments = whence_analysis_get_attachments (analysis);

  whence_json_writer_member (writer, "attachments");
  whence_json_writer_begin_array (writer);
  for (guint i = 0; i < attachments->len; i++)
    {
      const WhenceAttachment *attachment = g_ptr_array_index (attachments, i);

      whence_json_writer_begin_object (writer);
      add_string_or_null (writer, "filename", attachment->filename);
      add_string_or_null (writer, "content_type", attachment->content_type);
      whence_json_writer_member (writer, "size");
      whence_json_writer_int (writer, (gint64) attachment->size);
      add_string_or_null (writer, "risk", whence_risk_to_string (attachment->risk));
      add_string_array (writer, "reasons", attachment->reasons);
      whence_json_writer_end_object (writer);
    }
  whence_json_writer_end_array (writer);
}

/* What a hostile message made Whence skip ("limits": [] for real mail). */
static void
add_limits (WhenceJsonWriter *writer,
            WhenceMessage    *message)
{
  GPtrArray *notes = whence_message_get_limit_notes (message);

  whence_json_writer_member (writer, "limits");
  whence_json_writer_begin_array (writer);
  for (guint i = 0; i < notes->len; i++)
    {
      const WhenceLimitNote *note = g_ptr_array_index (notes, i);

      whence_json_writer_begin_object (writer);
      add_string_or_null (writer, "code", note->code);
      add_string_or_null (writer, "message", note->message);
      whence_json_writer_end_object (writer);
    }
  whence_json_writer_end_array (writer);
}

/* The tree for callers that add members (--lookup), pretty-print or read
 * it back: the same text, read by JSON-GLib, so both forms always agree. */
static JsonNode *
node_from_text (const GString *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text->str, &error);

  if (node == NULL)
    {
      g_critical ("The JSON writer produced text JSON-GLib cannot read: %s", error->message);
      return json_node_new (JSON_NODE_NULL);
    }
  return node;
}

/**
 * whence_json_append_message:
 * @out: where to append the object, compact, without a newline
 * @message: a loaded message
 * @file: the input name, as given on the command line
 * @options: (nullable): trace options
 *
 * Appends the contract object for @message as JSON-GLib would print it
 * without pretty printing, without building a tree.
 */
void
whence_json_append_message (GString                  *out,
                            WhenceMessage            *message,
                            const char               *file,
                            const WhenceTraceOptions *options)
{
  WhenceJsonWriter writer;
  /* The command line checks --trusted-networks before it gets here. */
  g_autoptr(WhenceTrace) trace = whence_trace_new (message,
                                                   options != NULL ? options->trusted_networks : NULL,
                                                   NULL);
  g_autoptr(WhenceAnalysis) analysis = whence_analysis_new_for_contract (message, trace);

  whence_json_writer_init (&writer, out);
  whence_json_writer_begin_object (&writer);
  add_string_or_null (&writer, "file", file);
  add_string_or_null (&writer, "error", NULL);
  add_string_or_null (&writer, "subject", whence_message_get_subject (message));
  add_string_or_null (&writer, "from", whence_message_get_from (message));
  add_message_date (&writer, message);
  add_string_or_null (&writer, "message_id", whence_message_get_message_id (message));
  add_hops (&writer, trace);
  add_origin (&writer, trace);

  whence_json_writer_member (&writer, "sender");
  whence_json_writer_begin_object (&writer);
  add_string_or_null (&writer, "address", whence_analysis_get_sender_address (analysis));
  add_string_or_null (&writer, "domain", whence_analysis_get_sender_domain (analysis));
  add_string_or_null (&writer, "spoofed", whence_spoofed_to_string (whence_analysis_get_spoofed (analysis)));
  add_string_array (&writer, "reasons", whence_analysis_get_spoof_reasons (analysis));
  whence_json_writer_end_object (&writer);

  whence_json_writer_member (&writer, "auth");
  whence_json_writer_begin_object (&writer);
  for (guint m = 0; m < WHENCE_AUTH_N_METHODS; m++)
    {
      const WhenceAuthCheck *check = whence_analysis_get_auth (analysis, m);

      add_string_or_null (&writer, check->method, check->result);
    }
  whence_json_writer_end_object (&writer);

  add_attachments (&writer, analysis);
  whence_json_writer_member (&writer, "worm_like");
  whence_json_writer_boolean (&writer, whence_analysis_is_worm_like (analysis));
  add_limits (&writer, message);
  whence_json_writer_end_object (&writer);
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
  g_autoptr(GString) text = g_string_sized_new (4096);

  whence_json_append_message (text, message, file, options);
  return node_from_text (text);
}

/**
 * whence_json_append_error:
 * @out: where to append the object, compact, without a newline
 * @file: the input name
 * @error: why it could not be traced
 *
 * Appends a contract object whose `error` says why.
 */
void
whence_json_append_error (GString      *out,
                          const char   *file,
                          const GError *error)
{
  WhenceJsonWriter writer;

  whence_json_writer_init (&writer, out);
  whence_json_writer_begin_object (&writer);
  add_string_or_null (&writer, "file", file);
  whence_json_writer_member (&writer, "error");
  whence_json_writer_begin_object (&writer);
  add_string_or_null (&writer, "code", whence_error_code_name (error));
  add_string_or_null (&writer, "message", error->message);
  whence_json_writer_end_object (&writer);
  whence_json_writer_end_object (&writer);
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
  g_autoptr(GString) text = g_string_sized_new (256);

  whence_json_append_error (text, file, error);
  return node_from_text (text);
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
