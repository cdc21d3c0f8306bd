/* gmime-parse-only.c
 *
 * A floor for bench/throughput.sh: reads each file given on the command line
 * into memory and has GMime parse it into its MIME tree, then frees it. It
 * does nothing else: no Received parsing, no analysis, no output. Whence
 * has GMime parse every message (the project does not parse MIME by hand),
 * so this shows how much of SpamAssassin's time GMime alone takes.
 *
 * The default builds the MIME part tree of the whole message. Whence asks a
 * little less of GMime (it splits the top header block itself and hands
 * GMime only the Content-* headers and the body); callgrind.sh shows that
 * share. `--message` builds a whole GMimeMessage, which also parses every
 * address header, as a mail program would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-bench"

#include <string.h>

#include <gmime/gmime.h>

static GMimeObject *
parse (GMimeStream *stream,
       gboolean     whole_message)
{
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeObject *object;

  /* GMime 3.2 defines no g_autoptr cleanups, hence the plain unrefs here. */
  if (whole_message)
    object = (GMimeObject *) g_mime_parser_construct_message (parser, NULL);
  else
    object = g_mime_parser_construct_part (parser, NULL);
  g_object_unref (parser);
  return object;
}

int
main (int   argc,
      char *argv[])
{
  gboolean whole_message = FALSE;
  guint parsed = 0, failed = 0;
  int first = 1;

  if (argc > 1 && strcmp (argv[1], "--message") == 0)
    {
      whole_message = TRUE;
      first = 2;
    }

  g_mime_init ();
  for (int i = first; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      GMimeStream *stream;
      GMimeObject *object;
      const char *start, *eol;
      gsize length;

      if (!g_file_get_contents (argv[i], &contents, &length, NULL))
        {
          failed++;
          continue;
        }
      /* An email saved alone may start with its mbox "From " line, which
       * the part parser would take for a broken header: skip it, as
       * Whence does. */
      start = contents;
      if (!whole_message && g_str_has_prefix (contents, "From ")
          && (eol = memchr (contents, '\n', length)) != NULL)
        start = eol + 1;
      /* The stream does not own the buffer: contents outlives it. */
      stream = g_mime_stream_mem_new_with_buffer (start, length - (start - contents));
      object = parse (stream, whole_message);
      g_object_unref (stream);
      if (object != NULL)
        {
          parsed++;
          g_object_unref (object);
        }
      else
        failed++;
    }
  g_mime_shutdown ();

  g_print ("%u parsed, %u not\n", parsed, failed);
  return 0;
}
