/* no-content-driver.c
 *
 * Runs one email through everything Whence does with it — load, list and
 * peek at the parts, trace, analyse, the JSON, the ISP report (ARF, printed
 * on standard output) and a saved case in CASE_DIR — so that
 * test-no-content.py can watch, under strace, what it writes and where it
 * connects.
 *
 *   no-content-driver FILE CASE_DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "whence-analysis.h"
#include "whence-arf.h"
#include "whence-case.h"
#include "whence-json.h"
#include "whence-message.h"
#include "whence-trace.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(WhenceAnalysis) analysis = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(WhenceReportFacts) facts = NULL;
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(WhenceCaseStore) store = NULL;
  g_autofree char *json = NULL;
  WhenceCaseEmailInfo info = { 0 };
  WhenceMessage *message;
  GPtrArray *parts;

  if (argc != 3)
    {
      g_printerr ("usage: %s FILE CASE_DIR\n", argv[0]);
      return 2;
    }

  whence_core_init ();
  messages = whence_message_load_path (argv[1], NULL, &error);
  g_assert_no_error (error);
  message = g_ptr_array_index (messages, 0);

  parts = whence_message_get_parts (message);
  for (guint i = 0; i < parts->len; i++)
    {
      g_autoptr(GBytes) head = whence_message_peek_part (message, g_ptr_array_index (parts, i),
                                                         65536, &error);
      g_assert_no_error (error);
    }

  trace = whence_trace_new (message, NULL, &error);
  g_assert_no_error (error);
  analysis = whence_analysis_new (message, trace);
  node = whence_json_for_message (message, argv[1], NULL);
  json = json_to_string (node, FALSE);

  facts = whence_report_facts_new_from_trace (message, trace);
  report = whence_arf_build (message, facts, "abuse@example.net", "me@example.org", &error);
  g_assert_no_error (error);
  fwrite (g_bytes_get_data (report, NULL), 1, g_bytes_get_size (report), stdout);

  original = whence_message_dup_original (message, &error);
  g_assert_no_error (error);
  store = whence_case_store_open (argv[2], &error);
  g_assert_no_error (error);
  info.source_name = whence_message_get_source_name (message);
  info.subject = whence_message_get_subject (message);
  info.sender = whence_message_get_from (message);
  whence_case_store_create_case (store, "No content test", original, &info, json, &error);
  g_assert_no_error (error);

  return 0;
}
