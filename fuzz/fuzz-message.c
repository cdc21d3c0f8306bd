/* fuzz-message.c
 *
 * libFuzzer harness: the message loader, then the trace, the analysis and
 * the JSON of `whence trace --json` on each message found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "whence-analysis.h"
#include "whence-json.h"
#include "whence-trace.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  fuzz_init ();

  bytes = g_bytes_new (data, size);
  messages = whence_message_load_bytes (bytes, "fuzz.eml", NULL);
  if (messages == NULL)
    return 0;

  for (guint i = 0; i < messages->len && i < 16; i++)
    {
      WhenceMessage *message = g_ptr_array_index (messages, i);
      GPtrArray *parts = whence_message_get_parts (message);
      g_autoptr(WhenceTrace) trace = NULL;
      g_autoptr(WhenceAnalysis) analysis = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GBytes) original = NULL;
      g_autofree char *text = NULL;

      whence_message_get_limit_notes (message);
      for (guint p = 0; p < parts->len && p < 8; p++)
        {
          g_autoptr(GBytes) head = whence_message_peek_part (message, g_ptr_array_index (parts, p),
                                                             4096, NULL);
        }
      original = whence_message_dup_original (message, NULL);

      trace = whence_trace_new (message, NULL, NULL);
      if (trace != NULL)
        {
          for (guint h = 0; h < whence_trace_get_n_hops (trace); h++)
            whence_trace_get_hop (trace, h);
          whence_trace_get_origin (trace);
          analysis = whence_analysis_new (message, trace);
          if (analysis != NULL)
            {
              whence_analysis_get_attachments (analysis);
              whence_analysis_get_spoofed (analysis);
              whence_analysis_is_worm_like (analysis);
            }
        }

      node = whence_json_for_message (message, "fuzz.eml", NULL);
      text = json_to_string (node, FALSE);
      if (!g_utf8_validate (text, -1, NULL))
        abort ();

      /* The compact text `whence trace --json` prints, written directly:
       * always valid UTF-8 and valid JSON. */
      {
        g_autoptr(GString) line = g_string_new (NULL);
        g_autoptr(JsonNode) back = NULL;

        whence_json_append_message (line, message, "fuzz.eml", NULL);
        if (!g_utf8_validate (line->str, line->len, NULL)
            || (back = json_from_string (line->str, NULL)) == NULL)
          abort ();
      }
    }

  return 0;
}
