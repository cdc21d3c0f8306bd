/* fuzz-arf.c
 *
 * libFuzzer harness: load a message, trace it, build the ISP report (ARF).
 * The report's header block must never gain a line the builder did not
 * write: no value from the message may break a header line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "whence-arf.h"
#include "whence-trace.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  WhenceMessage *message;
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(WhenceReportFacts) facts = NULL;
  g_autoptr(GBytes) report = NULL;

  fuzz_init ();

  bytes = g_bytes_new (data, size);
  messages = whence_message_load_bytes (bytes, "fuzz.eml", NULL);
  if (messages == NULL)
    return 0;

  message = g_ptr_array_index (messages, 0);
  trace = whence_trace_new (message, NULL, NULL);
  if (trace == NULL)
    return 0;

  facts = whence_report_facts_new_from_trace (message, trace);
  report = whence_arf_build (message, facts, "abuse@example.net", "me@example.org", NULL);
  if (report != NULL)
    {
      gsize length;
      const char *text = g_bytes_get_data (report, &length);
      const char *end = g_strstr_len (text, length, "\r\n\r\n");

      /* The outer header block: only header lines the builder writes. */
      if (end == NULL)
        end = g_strstr_len (text, length, "\n\n");
      if (end == NULL)
        abort ();
      if (g_strstr_len (text, end - text, "X-Injected:") != NULL)
        abort ();
    }

  return 0;
}
