/* test-json-writer.c: the direct JSON writer prints exactly what JSON-GLib's
 * generator prints for the same values, byte for byte
 *
 * `whence trace --json` used to be built with JsonBuilder and printed with
 * JsonGenerator; scripts have seen that text. Every test here builds the same
 * values both ways and compares the text, so any difference in escaping,
 * numbers, separators or the repair of invalid UTF-8 fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-json.h"
#include "whence-json-writer.h"
#include "whence-message.h"

/* The same values, fed to JSON-GLib's builder and to the writer. */
typedef struct
{
  JsonBuilder      *builder;
  GString          *text;
  WhenceJsonWriter  writer;
} Pair;

static Pair *
pair_new (void)
{
  Pair *pair = g_new0 (Pair, 1);

  pair->builder = json_builder_new ();
  pair->text = g_string_new (NULL);
  whence_json_writer_init (&pair->writer, pair->text);
  return pair;
}

static void
pair_free (Pair *pair)
{
  g_object_unref (pair->builder);
  g_string_free (pair->text, TRUE);
  g_free (pair);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pair, pair_free)

static void
pair_begin_object (Pair *pair)
{
  json_builder_begin_object (pair->builder);
  whence_json_writer_begin_object (&pair->writer);
}

static void
pair_end_object (Pair *pair)
{
  json_builder_end_object (pair->builder);
  whence_json_writer_end_object (&pair->writer);
}

static void
pair_begin_array (Pair *pair)
{
  json_builder_begin_array (pair->builder);
  whence_json_writer_begin_array (&pair->writer);
}

static void
pair_end_array (Pair *pair)
{
  json_builder_end_array (pair->builder);
  whence_json_writer_end_array (&pair->writer);
}

static void
pair_member (Pair       *pair,
             const char *name)
{
  json_builder_set_member_name (pair->builder, name);
  whence_json_writer_member (&pair->writer, name);
}

/* What whence-json.c did before the writer: repair, then hand to JSON-GLib. */
static void
pair_string (Pair       *pair,
             const char *value)
{
  if (value == NULL)
    json_builder_add_null_value (pair->builder);
  else if (g_utf8_validate (value, -1, NULL))
    json_builder_add_string_value (pair->builder, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (pair->builder, valid);
    }
  whence_json_writer_string (&pair->writer, value);
}

static void
pair_int (Pair   *pair,
          gint64  value)
{
  json_builder_add_int_value (pair->builder, value);
  whence_json_writer_int (&pair->writer, value);
}

static void
pair_boolean (Pair     *pair,
              gboolean  value)
{
  json_builder_add_boolean_value (pair->builder, value);
  whence_json_writer_boolean (&pair->writer, value);
}

static void
pair_null (Pair *pair)
{
  json_builder_add_null_value (pair->builder);
  whence_json_writer_null (&pair->writer);
}

static char *
generate (JsonNode *root,
          gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

/* The writer's text equals the generator's; and read back by JsonParser (as
 * --pretty and --lookup do) it prints the same, compact and pretty. */
static void
pair_assert_same (Pair *pair)
{
  g_autoptr(JsonNode) built = json_builder_get_root (pair->builder);
  g_autofree char *expected = generate (built, FALSE);
  g_autofree char *expected_pretty = generate (built, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = json_from_string (pair->text->str, &error);
  g_autofree char *reprinted = NULL;
  g_autofree char *reprinted_pretty = NULL;

  g_assert_cmpstr (pair->text->str, ==, expected);
  g_assert_cmpuint (pair->text->len, ==, strlen (expected));
  g_assert_true (g_utf8_validate (pair->text->str, pair->text->len, NULL));

  g_assert_no_error (error);
  reprinted = generate (parsed, FALSE);
  reprinted_pretty = generate (parsed, TRUE);
  g_assert_cmpstr (reprinted, ==, expected);
  g_assert_cmpstr (reprinted_pretty, ==, expected_pretty);
}

/* One string alone in an array, both ways. */
static void
assert_string_same (const char *value)
{
  g_autoptr(Pair) pair = pair_new ();

  pair_begin_array (pair);
  pair_string (pair, value);
  pair_end_array (pair);
  pair_assert_same (pair);
}

/* JSON-GLib 1.6's quirks, spelled out: 0x1f stays raw, DEL is escaped, '/'
 * and non-ASCII are not, hex digits are lower case. */
static void
test_escape_table (void)
{
  static const struct
  {
    const char *value;
    const char *text;
  } cases[] = {
    { "", "[\"\"]" },
    { "plain", "[\"plain\"]" },
    { "\"\\", "[\"\\\"\\\\\"]" },
    { "\b\f\n\r\t", "[\"\\b\\f\\n\\r\\t\"]" },
    { "\001\013\036", "[\"\\u0001\\u000b\\u001e\"]" },
    { "\037", "[\"\037\"]" },
    { "\177", "[\"\\u007f\"]" },
    { "a/b", "[\"a/b\"]" },
    { "é€😀\u2028", "[\"é€😀\u2028\"]" },
    { "\xff", "[\"\xef\xbf\xbd\"]" },
    { NULL, "[null]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      WhenceJsonWriter writer;

      whence_json_writer_init (&writer, text);
      whence_json_writer_begin_array (&writer);
      whence_json_writer_string (&writer, cases[i].value);
      whence_json_writer_end_array (&writer);
      g_assert_cmpstr (text->str, ==, cases[i].text);
      assert_string_same (cases[i].value);
    }
}

/* Every byte value alone, between multi-byte characters, after a truncated
 * sequence, and (ASCII) as a member name. */
static void
test_every_byte (void)
{
  for (guint b = 1; b <= 0xff; b++)
    {
      char alone[] = { (char) b, '\0' };
      char between[] = { 'x', '\xc3', '\xa9', (char) b, '\xe2', '\x82', '\xac', '\0' };
      char truncated[] = { '\xe2', '\x82', (char) b, 'y', '\0' };
      char repeated[] = { (char) b, (char) b, (char) b, '\0' };

      assert_string_same (alone);
      assert_string_same (between);
      assert_string_same (truncated);
      assert_string_same (repeated);

      if (b < 0x80)
        {
          g_autoptr(Pair) pair = pair_new ();
          char name[] = { 'n', (char) b, '\0' };

          pair_begin_object (pair);
          pair_member (pair, name);
          pair_string (pair, alone);
          pair_member (pair, alone);
          pair_int (pair, b);
          pair_end_object (pair);
          pair_assert_same (pair);
        }
    }
}

/* Every code point U+0001..U+10FFFF, 256 to a string; the surrogates
 * U+D800..U+DFFF come out as invalid UTF-8 and go through the repair. */
static void
test_every_code_point (void)
{
  for (gunichar start = 0; start <= 0x10ffff; start += 256)
    {
      g_autoptr(GString) value = g_string_new (NULL);

      for (gunichar c = MAX (start, 1); c < start + 256; c++)
        {
          char utf8[6];

          g_string_append_len (value, utf8, g_unichar_to_utf8 (c, utf8));
        }
      assert_string_same (value->str);
    }
}

/* Sequences g_utf8_make_valid() must repair exactly as before. */
static void
test_invalid_utf8 (void)
{
  static const char *const cases[] = {
    "\x80",                    /* lone continuation byte */
    "a\xbf\xbf z",
    "\xc0\xaf",                /* overlong '/' */
    "\xe0\x80\xaf",            /* overlong, three bytes */
    "\xed\xa0\x80",            /* surrogate */
    "\xf4\x90\x80\x80",        /* beyond U+10FFFF */
    "\xf5\x80\x80\x80",
    "\xfe\xff",
    "\xc3",                    /* truncated at the end */
    "\xe2\x82",
    "\xf0\x9f\x98",
    "\xe2\x82\"\\\x7f\x1f",    /* truncated before characters that are escaped */
    "Subject: caf\xe9 \x93quoted\x94",  /* Latin-1 and cp1252 in a header */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_string_same (cases[i]);
}

static char *
random_string (void)
{
  GString *value = g_string_new (NULL);
  gint32 length = g_test_rand_int_range (0, 48);

  for (gint32 i = 0; i < length; i++)
    {
      switch (g_test_rand_int_range (0, 4))
        {
        case 0:  /* any byte: control characters, invalid UTF-8 */
          g_string_append_c (value, (char) g_test_rand_int_range (1, 256));
          break;
        case 1:
          g_string_append_c (value, (char) g_test_rand_int_range (0x20, 0x7f));
          break;
        case 2:
          g_string_append_c (value, (char) g_test_rand_int_range (1, 0x20));
          break;
        default:
          {
            char utf8[6];
            gunichar c = g_test_rand_int_range (0x80, 0x110000);

            if (c >= 0xd800 && c <= 0xdfff)
              c = 0xfffd;
            g_string_append_len (value, utf8, g_unichar_to_utf8 (c, utf8));
          }
          break;
        }
    }
  return g_string_free (value, FALSE);
}

static void
test_random_strings (void)
{
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *value = random_string ();

      assert_string_same (value);
    }
}

static gint64
random_int (void)
{
  guint64 high = (guint32) g_test_rand_int ();
  guint64 low = (guint32) g_test_rand_int ();
  guint64 bits = high << 32 | low;

  /* Small, medium and full-width values, both signs. */
  switch (g_test_rand_int_range (0, 3))
    {
    case 0:
      return (gint64) (bits % 1000) - 500;
    case 1:
      return (gint64) (bits >> g_test_rand_int_range (1, 63)) * (g_test_rand_bit () ? 1 : -1);
    default:
      return (gint64) bits;
    }
}

static void
test_ints (void)
{
  g_autoptr(Pair) pair = pair_new ();
  gint64 power = 1;

  pair_begin_array (pair);
  pair_int (pair, 0);
  pair_int (pair, G_MAXINT64);
  pair_int (pair, G_MININT64);
  pair_int (pair, G_MININT64 + 1);
  pair_int (pair, G_MAXINT32);
  pair_int (pair, G_MININT32);
  pair_int (pair, G_MAXUINT32);
  /* 10^0 to 10^18: the next power would not fit in 64 bits. */
  for (guint i = 0; i < 19; i++)
    {
      pair_int (pair, power);
      pair_int (pair, power - 1);
      pair_int (pair, -power);
      pair_int (pair, -power + 1);
      if (i < 18)
        power *= 10;
    }
  for (guint i = 0; i < 5000; i++)
    pair_int (pair, random_int ());
  pair_end_array (pair);
  pair_assert_same (pair);
}

static void
test_empty_and_nested (void)
{
  g_autoptr(Pair) pair = pair_new ();

  pair_begin_object (pair);
  pair_member (pair, "empty_array");
  pair_begin_array (pair);
  pair_end_array (pair);
  pair_member (pair, "empty_object");
  pair_begin_object (pair);
  pair_end_object (pair);
  pair_member (pair, "nested");
  pair_begin_array (pair);
  pair_begin_array (pair);
  pair_end_array (pair);
  pair_begin_array (pair);
  pair_begin_object (pair);
  pair_end_object (pair);
  pair_end_array (pair);
  pair_begin_object (pair);
  pair_member (pair, "");
  pair_begin_array (pair);
  pair_null (pair);
  pair_end_array (pair);
  pair_end_object (pair);
  pair_end_array (pair);
  pair_member (pair, "true");
  pair_boolean (pair, TRUE);
  pair_member (pair, "false");
  pair_boolean (pair, FALSE);
  pair_member (pair, "null");
  pair_string (pair, NULL);
  pair_end_object (pair);
  pair_assert_same (pair);
}

static void random_value (Pair *pair,
                          guint depth);

static void
random_container (Pair  *pair,
                  guint  depth)
{
  gint32 n = g_test_rand_int_range (0, 6);

  if (g_test_rand_bit ())
    {
      pair_begin_array (pair);
      for (gint32 i = 0; i < n; i++)
        random_value (pair, depth + 1);
      pair_end_array (pair);
    }
  else
    {
      pair_begin_object (pair);
      for (gint32 i = 0; i < n; i++)
        {
          /* Unique names: JSON-GLib keeps only the last of duplicates. */
          g_autofree char *name = g_strdup_printf ("m%d-%s", i, g_test_rand_bit () ? "\"\t\001/é" : "");

          pair_member (pair, name);
          random_value (pair, depth + 1);
        }
      pair_end_object (pair);
    }
}

static void
random_value (Pair  *pair,
              guint  depth)
{
  switch (g_test_rand_int_range (0, depth < 6 ? 6 : 4))
    {
    case 0:
      {
        g_autofree char *value = random_string ();

        pair_string (pair, value);
      }
      break;
    case 1:
      pair_int (pair, random_int ());
      break;
    case 2:
      pair_boolean (pair, g_test_rand_bit ());
      break;
    case 3:
      pair_null (pair);
      break;
    default:
      random_container (pair, depth);
      break;
    }
}

static void
test_random_trees (void)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(Pair) pair = pair_new ();

      random_container (pair, 0);
      pair_assert_same (pair);
    }
}

/* The writer appends: text already in the buffer is kept, and two objects
 * in a row print as the generator prints each. */
static void
test_appends (void)
{
  g_autoptr(GString) text = g_string_new ("prefix ");
  WhenceJsonWriter writer;

  whence_json_writer_init (&writer, text);
  whence_json_writer_begin_object (&writer);
  whence_json_writer_member (&writer, "a");
  whence_json_writer_int (&writer, 1);
  whence_json_writer_end_object (&writer);
  g_string_append_c (text, '\n');
  whence_json_writer_init (&writer, text);
  whence_json_writer_begin_array (&writer);
  whence_json_writer_end_array (&writer);
  g_assert_cmpstr (text->str, ==, "prefix {\"a\":1}\n[]");
}

/* The text the command line prints and the JsonNode the UI and --pretty
 * use are the same object, for real mail. */
static void
test_contract_forms_agree (void)
{
  static const char *const folders[] = { "trace", "analysis", "trust", "malformed" };
  guint n_messages = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(GPtrArray) messages = NULL;

          if (!g_str_has_suffix (name, ".eml"))
            continue;
          messages = whence_message_load_path (path, NULL, NULL);
          for (guint m = 0; messages != NULL && m < messages->len; m++)
            {
              WhenceMessage *message = g_ptr_array_index (messages, m);
              g_autoptr(GString) text = g_string_new (NULL);
              g_autoptr(JsonNode) node = whence_json_for_message (message, path, NULL);
              g_autofree char *printed = generate (node, FALSE);

              whence_json_append_message (text, message, path, NULL);
              g_assert_cmpstr (text->str, ==, printed);
              g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
              n_messages++;
            }
        }
    }
  g_assert_cmpuint (n_messages, >, 10);
}

static void
test_error_forms_agree (void)
{
  g_autoptr(GError) error = g_error_new_literal (WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL,
                                                 "not \"mail\"\t\x7f\x1f\xff");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) node = whence_json_for_error ("dir/\xe9.eml", error);
  g_autofree char *printed = generate (node, FALSE);

  whence_json_append_error (text, "dir/\xe9.eml", error);
  g_assert_cmpstr (text->str, ==, printed);
  g_assert_cmpstr (text->str, ==,
                   "{\"file\":\"dir/\xef\xbf\xbd.eml\",\"error\":{\"code\":\"not-an-email\","
                   "\"message\":\"not \\\"mail\\\"\\t\\u007f\x1f\xef\xbf\xbd\"}}");
}

int
main (int   argc,
      char *argv[])
{
  whence_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-writer/escape-table", test_escape_table);
  g_test_add_func ("/json-writer/every-byte", test_every_byte);
  g_test_add_func ("/json-writer/every-code-point", test_every_code_point);
  g_test_add_func ("/json-writer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json-writer/random-strings", test_random_strings);
  g_test_add_func ("/json-writer/ints", test_ints);
  g_test_add_func ("/json-writer/empty-and-nested", test_empty_and_nested);
  g_test_add_func ("/json-writer/random-trees", test_random_trees);
  g_test_add_func ("/json-writer/appends", test_appends);
  g_test_add_func ("/json-writer/contract-forms-agree", test_contract_forms_agree);
  g_test_add_func ("/json-writer/error-forms-agree", test_error_forms_agree);

  return g_test_run ();
}
