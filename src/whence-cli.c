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

#include "whence-cli.h"
#include "whence-error.h"
#include "whence-json.h"
#include "whence-message.h"

#define EXIT_TRACED 0
#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2

typedef struct
{
  gboolean  json;
  gboolean  pretty;
  char     *trusted_networks;
  char    **files;
} TraceArgs;

gboolean
whence_cli_handles (int    argc,
                    char **argv)
{
  return argc >= 2 && g_str_equal (argv[1], "trace");
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

static void
print_readable (WhenceMessage *message,
                const char    *file)
{
  GPtrArray *received = whence_message_get_received (message);

  g_print ("%s\n", file);
  g_print ("  %s: %s\n", _("Subject"), whence_message_get_subject (message) ?: "");
  g_print ("  %s: %s\n", _("From"), whence_message_get_from (message) ?: "");
  for (guint i = 0; i < received->len; i++)
    g_print ("  #%u %s\n", i, (const char *) g_ptr_array_index (received, i));
}

static int
run_trace (TraceArgs *args)
{
  WhenceTraceOptions options = { args->trusted_networks };
  int status = EXIT_TRACED;

  for (guint i = 0; args->files[i] != NULL; i++)
    {
      const char *file = args->files[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = load_input (file, &error);

      if (messages == NULL)
        {
          status = EXIT_SOME_FAILED;
          if (args->json)
            {
              g_autoptr(JsonNode) node = whence_json_for_error (file, error);
              print_node (node, args->pretty);
            }
          else
            g_printerr ("%s: %s\n", file, error->message);
          continue;
        }

      for (guint m = 0; m < messages->len; m++)
        {
          WhenceMessage *message = g_ptr_array_index (messages, m);

          if (args->json)
            {
              g_autoptr(JsonNode) node = whence_json_for_message (message, file, &options);
              print_node (node, args->pretty);
            }
          else
            print_readable (message, file);
        }
    }

  return status;
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
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — trace where emails came from"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* Skip the "trace" word itself. */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &(int){ argc - 1 }, &(char **){ argv + 1 }, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("%s\n", _("Give at least one email file, or - to read standard input."));
      return EXIT_USAGE;
    }

  whence_core_init ();
  args.files = files;
  status = run_trace (&args);
  g_free (args.trusted_networks);

  return status;
}
