/* whence-cli.c
 *
 * `whence trace` and `whence report`: the command-line face of the core, for
 * technical helpers, scripts and tests. It never initialises GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "whence-analysis.h"
#include "whence-arf.h"
#include "whence-cli.h"
#include "whence-cli-prefetch.h"
#include "whence-error.h"
#include "whence-json.h"
#include "whence-lookup.h"
#include "whence-message.h"
#include "whence-net.h"
#include "whence-trace.h"
#include "whence-trace-text.h"

#define EXIT_TRACED 0
#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2

typedef struct
{
  gboolean  json;
  gboolean  pretty;
  gboolean  lookup;   /* --lookup: the person consents to online lookups */
  char     *trusted_networks;
  char    **files;
} TraceArgs;

gboolean
whence_cli_handles (int    argc,
                    char **argv)
{
  return argc >= 2 && (g_str_equal (argv[1], "trace") || g_str_equal (argv[1], "report"));
}

static GPtrArray *
load_input (const char  *file,
            GError     **error)
{
  if (g_str_equal (file, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);

      return whence_message_load_stream (in, _("Standard input"), NULL, error);
    }

  return whence_message_load_path (file, NULL, error);
}

static void
print_node (JsonNode *node,
            gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* What a technical helper pastes into a ticket: the file, then the answer
 * and every hop with the trust the answer rests on. */
static void
print_readable (WhenceMessage *message,
                const char    *file,
                const char    *trusted_networks)
{
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, trusted_networks, NULL);
  g_autoptr(WhenceAnalysis) analysis = whence_analysis_new (message, trace);
  g_autofree char *text = whence_trace_format_text (message, trace, analysis);

  g_print ("%s\n%s\n", file, text);
}

typedef struct
{
  TraceArgs                *args;
  const WhenceTraceOptions *options;
  WhenceLookup             *lookup;
  const char               *file;
  GString                  *line;  /* the compact path's buffer, reused */
} TraceOne;

/* The default --json output is written as text with no JsonNode tree, which
 * cost a sixth of the run. --pretty and --lookup still go through JSON-GLib,
 * which prints and extends the same object, read back from that text. */
static gboolean
prints_compact_text (const TraceOne *one)
{
  return !one->args->pretty && one->lookup == NULL;
}

static void
print_line (GString *line)
{
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stdout);
}

static gboolean
trace_one (WhenceMessage *message,
           gpointer       user_data)
{
  TraceOne *one = user_data;

  if (one->args->json && prints_compact_text (one))
    {
      g_string_truncate (one->line, 0);
      whence_json_append_message (one->line, message, one->file, one->options);
      print_line (one->line);
    }
  else if (one->args->json)
    {
      g_autoptr(JsonNode) node = whence_json_for_message (message, one->file, one->options);

      /* Lookup failures are reported in "network", never in the exit status. */
      if (one->lookup != NULL)
        whence_lookup_add_network_member (one->lookup, node, WHENCE_LOOKUP_CONSENT_GIVEN);
      print_node (node, one->args->pretty);
    }
  else
    print_readable (message, one->file, one->args->trusted_networks);

  return TRUE;
}

static int
run_trace (TraceArgs *args)
{
  WhenceTraceOptions options = { args->trusted_networks };
  g_autoptr(WhenceLookup) lookup = args->lookup ? whence_lookup_new () : NULL;
  g_autoptr(GString) line = g_string_sized_new (16384);
  g_autoptr(WhenceCliPrefetch) prefetch = NULL;
  int status = EXIT_TRACED;

#ifdef __GLIBC__
  /* Each email takes and gives back up to a few hundred kilobytes (a copy of
   * it for GMime, its parts, its text). By default glibc maps the biggest
   * of these afresh each time, or hands the top of the heap back to the
   * kernel, and pays page faults to get the memory again: over the corpus
   * repeated to 10,000 emails, 26,800 page faults. Keeping up to 16 MB
   * in the heap: 7,300. */
  mallopt (M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif

  /* A batch of small files is traced on every core, printed in order. */
  if (args->json && !args->pretty && lookup == NULL)
    prefetch = whence_cli_prefetch_new ((const char * const *) args->files, &options);

  for (guint i = 0; args->files[i] != NULL; i++)
    {
      TraceOne one = { args, &options, lookup, args->files[i], line };
      g_autoptr(GError) error = NULL;
      gboolean traced;

      g_string_truncate (line, 0);
      if (prefetch != NULL && whence_cli_prefetch_take (prefetch, i, line, &traced))
        {
          fwrite (line->str, 1, line->len, stdout);
          if (!traced)
            status = EXIT_SOME_FAILED;
          continue;
        }

      /* Files are streamed: each email of an mbox is printed as soon as it
       * is read and then dropped, so memory stays flat whatever its size. */
      if (g_str_equal (one.file, "-"))
        {
          g_autoptr(GPtrArray) messages = load_input (one.file, &error);

          for (guint m = 0; messages != NULL && m < messages->len; m++)
            trace_one (g_ptr_array_index (messages, m), &one);
          traced = messages != NULL;
        }
      else
        traced = whence_message_foreach_in_path (one.file, trace_one, &one, NULL, &error);

      if (!traced)
        {
          status = EXIT_SOME_FAILED;
          if (args->json && prints_compact_text (&one))
            {
              g_string_truncate (line, 0);
              whence_json_append_error (line, one.file, error);
              print_line (line);
            }
          else if (args->json)
            {
              g_autoptr(JsonNode) node = whence_json_for_error (one.file, error);
              print_node (node, args->pretty);
            }
          else
            g_printerr ("%s: %s\n", one.file, error->message);
        }
    }

  return status;
}

/* Parses the options that follow the subcommand word ("trace", "report");
 * on a bad option, says why on stderr and returns %FALSE. */
static gboolean
parse_subcommand_options (GOptionContext *context,
                          GOptionEntry   *entries,
                          int             argc,
                          char          **argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* Skip the subcommand word itself, but keep it in "Usage: whence trace …". */
  if (g_get_prgname () == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[0]);
      g_autofree char *name = g_strdup_printf ("%s %s", base, argv[1]);

      g_set_prgname (name);
    }
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &(int){ argc - 1 }, &(char **){ argv + 1 }, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* `whence report --arf [--lookup] FILE`: the abuse report on stdout. */
static int
run_report (int    argc,
            char **argv)
{
  gboolean arf = FALSE, lookup = FALSE;
  g_autofree char *trusted_networks = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(WhenceLookup) lookups = NULL;
  g_autoptr(GBytes) report = NULL;
  GOptionEntry entries[] = {
    { "arf", 0, 0, G_OPTION_ARG_NONE, &arf,
      N_("Print the report for the network’s abuse desk (ARF, RFC 5965)"), NULL },
    { "lookup", 0, 0, G_OPTION_ARG_NONE, &lookup,
      N_("Look up the abuse address (sends the sender’s address to the internet registries)"), NULL },
    { "trusted-networks", 0, 0, G_OPTION_ARG_STRING, &trusted_networks,
      N_("Networks whose servers you trust, as in SpamAssassin"), N_("CIDR …") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — write a report about an email"));
  if (!parse_subcommand_options (context, entries, argc, argv))
    return EXIT_USAGE;
  if (!arf || files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_printerr ("%s\n", _("Usage: whence report --arf [--lookup] FILE"));
      return EXIT_USAGE;
    }

  whence_core_init ();
  messages = load_input (files[0], &error);
  if (messages != NULL && messages->len != 1)
    g_set_error_literal (&error, WHENCE_ERROR, WHENCE_ERROR_LIMIT,
                         _("A report is about one email. This file holds several."));
  if (error != NULL)
    {
      g_printerr ("%s: %s\n", files[0], error->message);
      return EXIT_SOME_FAILED;
    }

  if (lookup)
    lookups = whence_lookup_new ();
  report = whence_arf_build_for_message (g_ptr_array_index (messages, 0), trusted_networks,
                                         lookups, &error);
  if (report == NULL)
    {
      g_printerr ("%s: %s\n", files[0], error->message);
      return EXIT_SOME_FAILED;
    }
  fwrite (g_bytes_get_data (report, NULL), 1, g_bytes_get_size (report), stdout);
  return fflush (stdout) == 0 ? EXIT_TRACED : EXIT_SOME_FAILED;
}

int
whence_cli_run (int    argc,
                char **argv)
{
  TraceArgs args = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json,
      N_("Print one JSON object per email"), NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &args.pretty,
      N_("Indent the JSON for reading"), NULL },
    { "trusted-networks", 0, 0, G_OPTION_ARG_STRING, &args.trusted_networks,
      N_("Networks whose servers you trust, as in SpamAssassin"), N_("CIDR …") },
    { "lookup", 0, 0, G_OPTION_ARG_NONE, &args.lookup,
      N_("Look up who runs the sending computer (sends its address to the internet registries)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  if (g_str_equal (argv[1], "report"))
    return run_report (argc, argv);

  context = g_option_context_new (_("FILE… — trace where emails came from"));
  if (!parse_subcommand_options (context, entries, argc, argv))
    return EXIT_USAGE;
  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("%s\n", _("Give at least one email file, or - to read standard input."));
      return EXIT_USAGE;
    }

  /* A wrong network list is a usage error, found before any file is read. */
  if (args.trusted_networks != NULL)
    {
      g_autoptr(WhenceNetList) networks = whence_net_list_parse (args.trusted_networks, &error);

      if (networks == NULL)
        {
          g_printerr ("%s\n", error->message);
          g_free (args.trusted_networks);
          return EXIT_USAGE;
        }
    }

  whence_core_init ();
  args.files = files;
  status = run_trace (&args);
  g_free (args.trusted_networks);

  return status;
}
