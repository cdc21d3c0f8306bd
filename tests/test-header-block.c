/* test-header-block.c
 *
 * The header splitter against GMime's parser: wherever the splitter says
 * yes, its fields (name, name as written, raw value, in order) and where the
 * body starts must be GMime's, over every email in tests/data, the shared
 * corpus when present, and thousands of mutations of their header blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "header-block-gmime.h"
#include "whence-header-block.h"
#include "whence-message.h"

typedef struct
{
  guint split;     /* the splitter said yes (and agreed with GMime) */
  guint declined;  /* it left the email to GMime */
} Counts;

/* Compares the splitter with GMime on @data; fails the test on any
 * difference. */
static void
compare_with_gmime (const char *label,
                    const char *data,
                    gsize       len,
                    Counts     *counts)
{
  g_autofree char *why = NULL;

  switch (header_block_compare_with_gmime (data, len, &why))
    {
    case HEADER_BLOCK_LEFT_TO_GMIME:
      counts->declined++;
      break;
    case HEADER_BLOCK_AGREES:
      counts->split++;
      break;
    case HEADER_BLOCK_DIFFERS:
    default:
      g_error ("%s: %s", label, why);
    }
}

static GPtrArray *
emails_to_compare (void)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *shared = g_getenv ("WHENCE_SHARED_DIR");
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autofree char *corpus = shared != NULL ? g_build_filename (shared, "corpus", NULL) : NULL;
  const char *folders[] = { data_dir, corpus };

  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autoptr(GDir) dir = folders[f] != NULL ? g_dir_open (folders[f], 0, NULL) : NULL;
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folders[f], name, NULL);
          g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);
          const char *inner;

          if (g_str_has_suffix (name, ".eml"))
            g_ptr_array_add (paths, g_steal_pointer (&path));
          while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
            if (g_str_has_suffix (inner, ".eml"))
              g_ptr_array_add (paths, g_build_filename (path, inner, NULL));
        }
    }

  return paths;
}

static void
test_real_mail (void)
{
  g_autoptr(GPtrArray) paths = emails_to_compare ();
  Counts counts = { 0 };

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (g_ptr_array_index (paths, i), &data, &len, NULL))
        continue;
      compare_with_gmime (g_ptr_array_index (paths, i), data, len, &counts);
    }

  g_test_message ("%u emails split as GMime splits them, %u left to GMime", counts.split, counts.declined);
  /* Real mail is the common case the splitter is for. */
  g_assert_cmpuint (counts.split, >, 10 * counts.declined);
}

/* Bytes that change how a header block is read: folds, blank lines, colons
 * in odd places, control characters, bare CRs, mbox From lines, 8-bit text. */
static const char *const mutations[] = {
  " ", "\t", ":", "\r", "\n", "\r\n", "\n ", "\n\t", "\n:", ": ", " :", "\n\n", "\r\n\r\n",
  "\n \n", "\x01", "\x7f", "\xc3\xa9", "From ", "\n>From x\n", "X-A", "\nX-B:", "\n X-C:",
  "\0", "\r\r\n", "=?utf-8?q?=C3=A9?=",
};

static void
test_mutated_mail (void)
{
  g_autoptr(GPtrArray) paths = emails_to_compare ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);
  Counts counts = { 0 };

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (g_ptr_array_index (paths, i), &data, &len, NULL) || len == 0)
        continue;

      for (guint round = 0; round < 40; round++)
        {
          g_autoptr(GString) mutated = g_string_new_len (data, MIN (len, 8192));
          guint edits = g_rand_int_range (rand, 1, 4);
          g_autofree char *label = NULL;

          for (guint e = 0; e < edits; e++)
            {
              /* Mostly near the start, where the headers are. */
              gsize at = g_rand_int_range (rand, 0, MIN (mutated->len, 2048) + 1);

              gsize cut = g_rand_int_range (rand, 1, 4);

              if (g_rand_boolean (rand) && at < mutated->len)
                g_string_erase (mutated, at, MIN (cut, mutated->len - at));
              else
                {
                  const char *m = mutations[g_rand_int_range (rand, 0, G_N_ELEMENTS (mutations))];

                  g_string_insert_len (mutated, MIN (at, mutated->len), m, *m == '\0' ? 1 : (gssize) strlen (m));
                }
            }
          label = g_strdup_printf ("%s (mutation %u)", (char *) g_ptr_array_index (paths, i), round);
          compare_with_gmime (label, mutated->str, mutated->len, &counts);
        }
    }

  g_test_message ("%u mutated emails split as GMime splits them, %u left to GMime", counts.split, counts.declined);
  g_assert_cmpuint (counts.split, >, 0);
  g_assert_cmpuint (counts.declined, >, 0);
}

#define CASE(text) { text, sizeof text - 1 }

static void
test_left_to_gmime (void)
{
  const struct { const char *text; gsize len; } cases[] = {
    CASE (""),                                     /* nothing */
    CASE ("Subject: no blank line\n"),             /* ends inside the headers */
    CASE ("Subject: no newline"),                  /* ends inside a line */
    CASE ("Fromx y\nSubject: x\n\nbody\n"),        /* not an mbox From line: GMime gives up */
    CASE ("not a header\nSubject: x\n\nbody\n"),
    CASE (": empty name first\n\nbody\n"),
    CASE ("Subject: a\0b\n\nbody\n"),              /* a NUL in a header */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (WhenceHeaderSlice));
      g_autoptr(GString) store = g_string_new (NULL);
      gsize body = 0;

      g_assert_false (whence_header_block_split (cases[i].text, cases[i].len, slices, store, &body));
    }
}

/* An .eml that starts with an mbox From line: GMime skips it, so does the
 * splitter. */
static void
test_from_line (void)
{
  const char mail[] = ">From someone@example.org Thu Nov 26 09:00:00 2026\nSubject: x\n\nbody\n";
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (WhenceHeaderSlice));
  g_autoptr(GString) store = g_string_new (NULL);
  gsize body = 0;

  g_assert_true (whence_header_block_split (mail, sizeof mail - 1, slices, store, &body));
  g_assert_cmpuint (slices->len, ==, 1);
  g_assert_cmpstr (store->str + g_array_index (slices, WhenceHeaderSlice, 0).name, ==, "Subject");
  compare_with_gmime ("from-line", mail, sizeof mail - 1, &(Counts) { 0 });
}

static void
test_fields (void)
{
  const char mail[] = "Received: from a\r\n\tby b; Thu, 26 Nov 2026\r\nSubject : hi\r\n"
                      "bad line here\r\n:empty\r\n\r\nbody\r\n";
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (WhenceHeaderSlice));
  g_autoptr(GString) store = g_string_new (NULL);
  const WhenceHeaderSlice *s;
  gsize body = 0;

  g_assert_true (whence_header_block_split (mail, sizeof mail - 1, slices, store, &body));
  g_assert_cmpstr (mail + body, ==, "body\r\n");
  /* The line that is no header is dropped; an empty name is kept. */
  g_assert_cmpuint (slices->len, ==, 3);
  s = &g_array_index (slices, WhenceHeaderSlice, 0);
  g_assert_cmpstr (store->str + s->name, ==, "Received");
  g_assert_cmpstr (store->str + s->raw_value, ==, " from a\r\n\tby b; Thu, 26 Nov 2026\r\n");
  s = &g_array_index (slices, WhenceHeaderSlice, 1);
  g_assert_cmpstr (store->str + s->raw_name, ==, "Subject ");
  g_assert_cmpstr (store->str + s->name, ==, "Subject");
  s = &g_array_index (slices, WhenceHeaderSlice, 2);
  g_assert_cmpstr (store->str + s->name, ==, "");
  g_assert_cmpstr (store->str + s->raw_value, ==, "empty\r\n");

  /* And that is how GMime reads it too. */
  compare_with_gmime ("fields", mail, sizeof mail - 1, &(Counts) { 0 });
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/header-block/fields", test_fields);
  g_test_add_func ("/header-block/left-to-gmime", test_left_to_gmime);
  g_test_add_func ("/header-block/from-line", test_from_line);
  g_test_add_func ("/header-block/real-mail", test_real_mail);
  g_test_add_func ("/header-block/mutated-mail", test_mutated_mail);

  return g_test_run ();
}
