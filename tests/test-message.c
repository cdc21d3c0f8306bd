/* test-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <string.h>

#include "whence-error.h"
#include "whence-message.h"

static GPtrArray *
load_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "load", name, NULL);

  return whence_message_load_path (path, NULL, error);
}

static const WhenceMimePart *
find_attachment (WhenceMessage *message)
{
  GPtrArray *parts = whence_message_get_parts (message);

  for (guint i = 0; i < parts->len; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);

      if (part->is_attachment)
        return part;
    }

  return NULL;
}

static void
test_load_eml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = load_fixture ("klez-style-sample.eml", &error);
  WhenceMessage *message;
  GPtrArray *received;
  const WhenceMimePart *attachment;
  g_autoptr(GDateTime) utc = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);

  g_assert_cmpstr (whence_message_get_subject (message), ==, "A very funny game");
  g_assert_cmpstr (whence_message_get_from_address (message), ==, "anna.keller@example.org");
  g_assert_cmpstr (whence_message_get_message_id (message), ==, "20261126101351.77.hjkp@example.org");
  g_assert_nonnull (whence_message_get_date (message));
  utc = g_date_time_to_utc (whence_message_get_date (message));
  g_assert_cmpint (g_date_time_get_hour (utc), ==, 9);

  received = whence_message_get_received (message);
  g_assert_cmpuint (received->len, ==, 4);
  /* Topmost first, unfolded: no line breaks left. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (received, 0), "from mailstore1.example.net"));
  g_assert_null (strchr (g_ptr_array_index (received, 2), '\n'));
  g_assert_nonnull (strstr (g_ptr_array_index (received, 2), "[203.0.113.77])"));

  attachment = find_attachment (message);
  g_assert_nonnull (attachment);
  g_assert_cmpstr (attachment->filename, ==, "game.exe");
  g_assert_cmpstr (attachment->content_type, ==, "audio/x-wav");
  g_assert_cmpstr (attachment->encoding, ==, "base64");
  g_assert_cmpuint (attachment->encoded_size, >, 100);
  g_assert_false (whence_message_is_headers_only (message));
}

static void
test_peek_part_decodes_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = load_fixture ("klez-style-sample.eml", &error);
  WhenceMessage *message = g_ptr_array_index (messages, 0);
  g_autoptr(GBytes) head = NULL;
  gsize len;
  const char *data;

  head = whence_message_peek_part (message, find_attachment (message), 16, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (head, &len);
  g_assert_cmpuint (len, ==, 16);
  g_assert_true (memcmp (data, "This is a harmle", 16) == 0);
}

static void
test_original_is_byte_exact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = load_fixture ("klez-style-sample.eml", &error);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "load", "klez-style-sample.eml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) original = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  original = whence_message_dup_original (g_ptr_array_index (messages, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original), contents, len);
}

/* One email saved with its mbox From line: read as GMime's mbox parser
 * reads it (the From line is the mailbox's, not the email's), and a body
 * line that begins with "From " makes it an mbox again. */
static void
test_single_entry_with_from_line (void)
{
  const char alone[] = "From anna@example.org Thu Nov 26 09:13:51 2026\n"
                       "Received: from a.example (a.example [192.0.2.7]) by mx.example; Thu, 26 Nov 2026 09:13:51 +0000\n"
                       "Subject: Alone\n\nHello\n";
  const char two[] = "From anna@example.org Thu Nov 26 09:13:51 2026\nSubject: One\n\nHello\n"
                     "From bob@example.org Thu Nov 26 09:14:00 2026\nSubject: Two\n\nHi\n";
  g_autoptr(GBytes) alone_bytes = g_bytes_new_static (alone, sizeof alone - 1);
  g_autoptr(GBytes) two_bytes = g_bytes_new_static (two, sizeof two - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_bytes (alone_bytes, "alone", &error);
  g_autoptr(GBytes) original = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (messages, 0)), ==, "Alone");
  g_assert_cmpuint (whence_message_get_received (g_ptr_array_index (messages, 0))->len, ==, 1);
  original = whence_message_dup_original (g_ptr_array_index (messages, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original),
                   strchr (alone, '\n') + 1, strlen (strchr (alone, '\n') + 1));

  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = whence_message_load_bytes (two_bytes, "two", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (messages, 1)), ==, "Two");
}

static void
test_mbox_splits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = load_fixture ("three.mbox", &error);
  g_autoptr(GBytes) second = NULL;
  g_autofree char *second_text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (messages, 0)), ==, "First");
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (messages, 1)), ==, "Second");
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (messages, 2)), ==, "Third");
  g_assert_cmpuint (whence_message_get_received (g_ptr_array_index (messages, 1))->len, ==, 2);
  g_assert_cmpuint (whence_message_get_source_index (g_ptr_array_index (messages, 2)), ==, 2);

  /* Each entry's original is its own message, not the rest of the mailbox. */
  second = whence_message_dup_original (g_ptr_array_index (messages, 1), &error);
  g_assert_no_error (error);
  second_text = g_strndup (g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  g_assert_true (g_str_has_prefix (second_text, "Received: from two.example"));
  g_assert_null (strstr (second_text, "Third"));
  g_assert_null (strstr (second_text, "Hello one"));
}

static void
test_errors (void)
{
  static const struct { const char *file; int code; } cases[] = {
    { "empty.eml", WHENCE_ERROR_EMPTY },
    { "picture.eml", WHENCE_ERROR_NOT_AN_EMAIL },
    { "junk.bin", WHENCE_ERROR_NOT_AN_EMAIL },
    { "does-not-exist.eml", WHENCE_ERROR_UNREADABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = load_fixture (cases[i].file, &error);

      g_test_message ("%s", cases[i].file);
      g_assert_null (messages);
      g_assert_error (error, WHENCE_ERROR, cases[i].code);
      /* Messages are for people: a sentence, not a code. */
      g_assert_cmpuint (strlen (error->message), >, 20);
    }
}

static void
test_fragment_and_paste (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = load_fixture ("fragment.eml", &error);
  g_autoptr(WhenceMessage) pasted = NULL;
  g_autoptr(WhenceMessage) nothing = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (whence_message_get_received (g_ptr_array_index (messages, 0))->len, ==, 1);

  pasted = whence_message_new_from_headers ("\n  Received: from x.example (x.example [192.0.2.9])\n"
                                            "\tby y.example; Mon, 2 Mar 2026 10:00:00 +0000\n"
                                            "Subject: pasted\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (whence_message_get_subject (pasted), ==, "pasted");
  g_assert_true (whence_message_is_headers_only (pasted));
  g_assert_cmpstr (g_ptr_array_index (whence_message_get_received (pasted), 0), ==,
                   "from x.example (x.example [192.0.2.9])\tby y.example; Mon, 2 Mar 2026 10:00:00 +0000");

  nothing = whence_message_new_from_headers ("   \n ", &error);
  g_assert_null (nothing);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_EMPTY);
  g_clear_error (&error);

  nothing = whence_message_new_from_headers ("hello there, this is just a sentence", &error);
  g_assert_null (nothing);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL);
}

static void
test_stream_and_bytes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "load", "klez-style-sample.eml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) from_stream = NULL;
  g_autoptr(GPtrArray) from_file = NULL;

  from_stream = whence_message_load_stream (G_INPUT_STREAM (input), "dropped", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (whence_message_get_source_name (g_ptr_array_index (from_stream, 0)), ==, "dropped");
  g_assert_cmpuint (whence_message_get_received (g_ptr_array_index (from_stream, 0))->len, ==, 4);

  from_file = whence_message_load_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (whence_message_get_subject (g_ptr_array_index (from_file, 0)), ==, "A very funny game");
}

/* Loading, listing and peeking must leave no file behind: nothing from an
 * attachment ever reaches the disk. */
static void
test_attachments_never_written (void)
{
  g_autofree char *scratch = g_dir_make_tmp ("whence-test-XXXXXX", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GBytes) head = NULL;
  WhenceMessage *message;

  g_assert_nonnull (scratch);
  g_assert_cmpint (g_chdir (scratch), ==, 0);
  g_setenv ("TMPDIR", scratch, TRUE);

  messages = load_fixture ("klez-style-sample.eml", &error);
  g_assert_no_error (error);
  message = g_ptr_array_index (messages, 0);
  head = whence_message_peek_part (message, find_attachment (message), 4096, &error);
  g_assert_no_error (error);

  dir = g_dir_open (scratch, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  g_assert_cmpint (g_chdir (old_cwd), ==, 0);
  g_rmdir (scratch);
}

static void
test_unfold (void)
{
  g_autofree char *a = whence_unfold_header ("from a\r\n\tby b\r\n  with c");
  g_autofree char *b = whence_unfold_header ("  plain  ");

  g_assert_cmpstr (a, ==, "from a\tby b  with c");
  g_assert_cmpstr (b, ==, "plain");
}

/* whence_message_dup_raw_headers() builds the block itself, for speed: it
 * must give what GMime's own g_mime_header_list_to_string () gives for the
 * same bytes, CR LF, doubled and lone CRs and folding included. */
static void
test_raw_headers_as_gmime (void)
{
  static const char * const inputs[] = {
    "From: a@example.org\nSubject: plain\n\nbody\n",
    "Received: from a (b [192.0.2.1]) by c\r\n\tid 1; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    "Authentication-Results: mx; spf=pass\r\nSubject: dos\r\n\r\nbody\r\n",
    "From: a@example.org\r\nX-A: doubled\r\r\nX-B: lone\rcr\r\nSubject: s\r\n\r\n",
    "From: a@example.org\nSubject: x\nX-End: y\r",
    "From: a@example.org\r\nX-C: \r\r\r\n\r\n",
    "From: a@example.org\nX-Folded: one\n two\n\tthree\nSubject: \xe9t\xe9\n\nbody",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (inputs[i], strlen (inputs[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = whence_message_load_bytes (bytes, "raw.eml", &error);
      GMimeStream *stream = g_mime_stream_mem_new_with_buffer (inputs[i], strlen (inputs[i]));
      GMimeParser *parser = g_mime_parser_new_with_stream (stream);
      GMimeMessage *reference = g_mime_parser_construct_message (parser, NULL);
      g_autofree char *expected = NULL;
      g_autofree char *raw = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (messages->len, ==, 1);
      g_assert_nonnull (reference);
      expected = g_mime_header_list_to_string (g_mime_object_get_header_list (GMIME_OBJECT (reference)),
                                               NULL);
      raw = whence_message_dup_raw_headers (g_ptr_array_index (messages, 0));
      g_assert_cmpstr (raw, ==, expected);

      g_object_unref (reference);
      g_object_unref (parser);
      g_object_unref (stream);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/message/load-eml", test_load_eml);
  g_test_add_func ("/message/peek-part", test_peek_part_decodes_in_memory);
  g_test_add_func ("/message/original-byte-exact", test_original_is_byte_exact);
  g_test_add_func ("/message/mbox", test_mbox_splits);
  g_test_add_func ("/message/mbox-single-entry", test_single_entry_with_from_line);
  g_test_add_func ("/message/errors", test_errors);
  g_test_add_func ("/message/fragment-and-paste", test_fragment_and_paste);
  g_test_add_func ("/message/stream-and-file", test_stream_and_bytes);
  g_test_add_func ("/message/attachments-never-written", test_attachments_never_written);
  g_test_add_func ("/message/unfold", test_unfold);
  g_test_add_func ("/message/raw-headers-as-gmime", test_raw_headers_as_gmime);

  return g_test_run ();
}
