/* test-cases.c: the case file round-trips, survives SIGKILL mid-write,
 * checks its originals, exports for the police, and says clearly why it
 * cannot save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "whence-case.h"
#include "whence-error.h"
#include "whence-message.h"
#include "whence-test-util.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("whence-cases-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
  g_autoptr(GBytes) klez = whence_test_data_bytes ("report", "klez-style-sample.eml");
  g_autoptr(GBytes) crlf = whence_test_data_bytes ("report", "crlf-8bit.eml");
  g_autoptr(GDateTime) march = g_date_time_new_utc (2026, 3, 2, 8, 0, 5);
  g_autoptr(GDateTime) nov = g_date_time_new_utc (2026, 11, 26, 9, 14, 3);
  g_autoptr(GDateTime) sent = g_date_time_new_utc (2026, 11, 26, 12, 0, 0);
  WhenceCaseEmailInfo info1 = { "klez.eml", "A very funny game", "Anna <anna@example.org>",
                                "203.0.113.77", nov };
  WhenceCaseEmailInfo info2 = { "crlf.eml", "Rechnung", "Jörg <joerg@example.org>",
                                "203.0.113.77", march };
  const char *rungs[] = { "abuse@upstream.example", "RIPE NCC", NULL };
  g_autoptr(WhenceCase) c = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sha_klez = whence_sha256_hex (klez);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) back = NULL;
  GStatBuf st;
  gint64 id, id2, email2, report;
  guint n_cases = 0, n_emails = 0;
  g_autoptr(GDateTime) first = NULL;

  g_assert_no_error (error);
  id = whence_case_store_create_case (store, "Worm from 203.0.113.77", klez, &info1,
                                      "{\"origin\":{\"ip\":\"203.0.113.77\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  email2 = whence_case_store_add_email (store, id, crlf, &info2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (email2, >, 0);
  g_assert_true (whence_case_store_set_answers (store, id, "US", "only-email", &error));
  g_assert_true (whence_case_store_set_lookups (store, id, "{\"abuse\":\"abuse@example-telecom.es\"}", &error));
  report = whence_case_store_add_report (store, id, "abuse@example-telecom.es", "email", sent, rungs, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report, >, 0);

  /* A second case with the same email shares its original. */
  id2 = whence_case_store_create_case (store, "Same email again", klez, &info1, NULL, &error);
  g_assert_no_error (error);

  /* The original is kept read-only under its hash, byte for byte. */
  path = whence_case_store_get_original_path (store, sha_klez);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0444);
  back = whence_case_store_load_original (store, sha_klez, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, klez));

  /* Everything comes back after closing and reopening. */
  g_clear_object (&store);
  store = whence_case_store_open (dir, &error);
  g_assert_no_error (error);
  c = whence_case_store_get_case (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->title, ==, "Worm from 203.0.113.77");
  g_assert_cmpstr (c->country, ==, "US");
  g_assert_cmpstr (c->situation, ==, "only-email");
  g_assert_cmpstr (c->trace_json, ==, "{\"origin\":{\"ip\":\"203.0.113.77\"}}");
  g_assert_cmpstr (c->lookups_json, ==, "{\"abuse\":\"abuse@example-telecom.es\"}");
  g_assert_cmpuint (c->emails->len, ==, 2);
  {
    WhenceCaseEmail *e1 = g_ptr_array_index (c->emails, 0);
    WhenceCaseEmail *e2 = g_ptr_array_index (c->emails, 1);
    WhenceCaseReport *r = g_ptr_array_index (c->reports, 0);

    g_assert_cmpstr (e1->sha256, ==, sha_klez);
    g_assert_cmpint (e1->size, ==, g_bytes_get_size (klez));
    g_assert_cmpstr (e1->subject, ==, "A very funny game");
    g_assert_true (g_date_time_equal (e1->received, nov));
    g_assert_true (e1->intact);
    g_assert_cmpstr (e2->sender, ==, "Jörg <joerg@example.org>");
    g_assert_true (e2->intact);
    g_assert_cmpuint (c->reports->len, ==, 1);
    g_assert_cmpstr (r->recipient, ==, "abuse@example-telecom.es");
    g_assert_cmpstr (r->method, ==, "email");
    g_assert_true (g_date_time_equal (r->sent_at, sent));
    g_assert_cmpstr (r->next_rungs[0], ==, "abuse@upstream.example");
    g_assert_cmpstr (r->next_rungs[1], ==, "RIPE NCC");
    g_assert_null (r->outcome);
  }

  list = whence_case_store_list_cases (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Repeat offenders. */
  g_assert_true (whence_case_store_count_origin (store, "203.0.113.77", &n_cases, &n_emails, &first, &error));
  g_assert_cmpuint (n_cases, ==, 2);
  g_assert_cmpuint (n_emails, ==, 3);
  g_assert_true (g_date_time_equal (first, march));
  {
    g_autofree char *text = whence_case_describe_repeat (n_emails, first, nov);

    g_assert_cmpstr (text, ==, "This computer sent you 3 emails since March.");
  }
  g_assert_true (whence_case_store_count_origin (store, "192.0.2.1", &n_cases, &n_emails, NULL, &error));
  g_assert_cmpuint (n_emails, ==, 0);

  /* Outcome recorded. */
  g_assert_true (whence_case_store_set_report_outcome (store, report, "answered", NULL, &error));
  g_assert_true (whence_case_store_set_outcome (store, id, "stopped", &error));
  {
    g_autoptr(WhenceCase) again = whence_case_store_get_case (store, id, &error);

    g_assert_cmpstr (((WhenceCaseReport *) g_ptr_array_index (again->reports, 0))->outcome, ==, "answered");
    g_assert_cmpstr (again->outcome, ==, "stopped");
    g_assert_nonnull (again->outcome_at);
  }

  /* Deleting the first case keeps the original the second still uses, and
   * removes the one only it used. */
  {
    g_autofree char *sha_crlf = whence_sha256_hex (crlf);
    g_autofree char *crlf_path = whence_case_store_get_original_path (store, sha_crlf);

    g_assert_true (whence_case_store_delete_case (store, id, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (crlf_path, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_null (whence_case_store_get_case (store, id, &error));
    g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
    g_clear_error (&error);
    g_assert_false (whence_case_store_delete_case (store, id, &error));
    g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
    g_clear_error (&error);
    {
      g_autoptr(WhenceCase) other = whence_case_store_get_case (store, id2, NULL);

      g_assert_nonnull (other);
      g_assert_true (((WhenceCaseEmail *) g_ptr_array_index (other->emails, 0))->intact);
    }
  }

  whence_test_remove_tree (dir);
}

static void
test_tamper_and_export (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *out_dir = g_build_filename (dir, "export", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
  g_autoptr(GBytes) crlf = whence_test_data_bytes ("report", "crlf-8bit.eml");
  g_autofree char *sha = whence_sha256_hex (crlf);
  g_autofree char *path = whence_case_store_get_original_path (store, sha);
  WhenceCaseEmailInfo info = { "crlf.eml", "Rechnung", NULL, "192.0.2.55", NULL };
  gint64 id = whence_case_store_create_case (store, "Rechnung", crlf, &info, "{}", &error);
  g_autofree char *sums = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *exported_path = NULL;
  g_autofree char *sums_path = g_build_filename (out_dir, "SHA256SUMS", NULL);
  g_autofree char *summary_path = g_build_filename (out_dir, "summary.txt", NULL);
  g_autofree char *expected_sums = NULL;
  g_autofree char *sha256sum = NULL;
  char *contents;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (whence_case_store_add_report (store, id, "Polizei", "web form", NULL, NULL, &error) > 0);

  /* Export: the original as it was, a checksum file sha256sum accepts, a
   * summary that names the hash. */
  g_assert_true (whence_case_store_export_case (store, id, out, &error));
  g_assert_no_error (error);
  exported_path = g_build_filename (out_dir, sha, NULL);
  {
    g_autofree char *eml = g_strconcat (exported_path, ".eml", NULL);
    g_autoptr(GBytes) exported = NULL;

    g_assert_true (g_file_get_contents (eml, &contents, &len, NULL));
    exported = g_bytes_new_take (contents, len);
    g_assert_true (g_bytes_equal (exported, crlf));
  }
  g_assert_true (g_file_get_contents (sums_path, &sums, NULL, NULL));
  expected_sums = g_strdup_printf ("%s  %s.eml\n", sha, sha);
  g_assert_cmpstr (sums, ==, expected_sums);
  g_assert_true (g_file_get_contents (summary_path, &summary, NULL, NULL));
  g_assert_nonnull (strstr (summary, sha));
  g_assert_nonnull (strstr (summary, "Polizei (web form)"));
  g_assert_nonnull (strstr (summary, "192.0.2.55"));
  sha256sum = g_find_program_in_path ("sha256sum");
  if (sha256sum != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("sh -c 'cd \"%s\" && sha256sum -c --quiet SHA256SUMS'", out_dir);
      int status = -1;

      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  /* Someone changes the stored original: reopening says so, loading refuses,
   * and the export stops rather than hand over a changed file. */
  g_chmod (path, 0600);
  g_assert_true (g_file_set_contents (path, "changed", -1, NULL));
  {
    g_autoptr(WhenceCase) c = whence_case_store_get_case (store, id, &error);

    g_assert_no_error (error);
    g_assert_false (((WhenceCaseEmail *) g_ptr_array_index (c->emails, 0))->intact);
  }
  g_assert_null (whence_case_store_load_original (store, sha, &error));
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
  g_clear_error (&error);
  g_assert_false (whence_case_store_export_case (store, id, out, &error));
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
  g_clear_error (&error);

  /* Saving the same email again repairs the damaged copy. */
  g_assert_true (whence_case_store_add_email (store, id, crlf, &info, &error) > 0);
  {
    g_autoptr(GBytes) back = whence_case_store_load_original (store, sha, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (back, crlf));
  }

  whence_test_remove_tree (dir);
}

static void
test_clear_errors (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *file = g_build_filename (dir, "not-a-folder", NULL);
  g_autofree char *inside = g_build_filename (file, "whence", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceCaseStore) store = NULL;
  g_autoptr(GBytes) klez = whence_test_data_bytes ("report", "klez-style-sample.eml");
  gint64 id;

  /* The folder cannot be made: a plain error, no crash. */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  store = whence_case_store_open (inside, &error);
  g_assert_null (store);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
  g_assert_nonnull (strstr (error->message, inside));
  g_clear_error (&error);

  /* A damaged database says so, and leaves the originals alone. */
  {
    g_autofree char *bad = g_build_filename (dir, "bad", NULL);
    g_autofree char *db = g_build_filename (bad, "cases.db", NULL);

    g_mkdir_with_parents (bad, 0700);
    g_assert_true (g_file_set_contents (db, "this is not a database, it is only text, long enough to matter"
                                        " for SQLite to read a header from it ......................"
                                        "..............................................", -1, NULL));
    store = whence_case_store_open (bad, &error);
    g_assert_null (store);
    g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_clear_error (&error);
  }

  /* A failed write leaves what was saved untouched. */
  store = whence_case_store_open (dir, &error);
  g_assert_no_error (error);
  id = whence_case_store_create_case (store, "Kept", klez, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (whence_case_store_add_report (store, id + 100, "x", "email", NULL, NULL, &error), ==, 0);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
  g_clear_error (&error);
  g_assert_false (whence_case_store_set_trace (store, id + 100, "{}", &error));
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE);
  g_clear_error (&error);
  {
    g_autoptr(WhenceCase) c = whence_case_store_get_case (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->title, ==, "Kept");
    g_assert_true (((WhenceCaseEmail *) g_ptr_array_index (c->emails, 0))->intact);
  }

  whence_test_remove_tree (dir);
}

static void
check_integrity (const char *dir)
{
  g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Child mode: the disk runs out of room. Tests run as root, where a
 * read-only folder does not stop writes and no small disk can be mounted, so
 * a file size limit stands in for a full disk: writes past it fail the way
 * they fail on a full disk. Prints the error a person would see. */
static int
run_full_disk (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
  g_autofree char *body = g_strnfill (2 * 1024 * 1024, 'x');
  g_autofree char *text = g_strdup_printf ("Subject: too big for the disk\r\n\r\n%s", body);
  g_autoptr(GBytes) original = g_bytes_new (text, strlen (text));
  struct rlimit limit = { 256 * 1024, 256 * 1024 };

  if (store == NULL)
    return 2;
  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    return 3;
  if (whence_case_store_create_case (store, "Too big", original, NULL, NULL, &error) > 0)
    return 4;
  if (!g_error_matches (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE))
    return 5;
  printf ("%s\n", error->message);
  return 0;
}

static void
test_full_disk (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) klez = whence_test_data_bytes ("report", "klez-style-sample.eml");
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-cases", NULL);
  const char *argv[] = { self_exe, "--full-disk", dir, NULL };
  g_autofree char *out = NULL;
  int status = -1;
  gint64 id;

  {
    g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);

    g_assert_no_error (error);
    id = whence_case_store_create_case (store, "Saved before", klez, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  /* Plain words: what happened, and the promise that matters. */
  g_assert_nonnull (strstr (out, "could not be saved"));
  g_assert_nonnull (strstr (out, "Cases saved before are safe"));

  check_integrity (dir);
  {
    g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
    g_autoptr(WhenceCase) c = NULL;
    g_autoptr(GPtrArray) list = NULL;

    g_assert_no_error (error);
    c = whence_case_store_get_case (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (c->title, ==, "Saved before");
    g_assert_true (((WhenceCaseEmail *) g_ptr_array_index (c->emails, 0))->intact);
    /* The case that did not fit left nothing half-saved behind. */
    list = whence_case_store_list_cases (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
  }

  whence_test_remove_tree (dir);
}

/* Child mode: write cases until killed; after each commit print its id. */
static int
run_writer (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);

  if (store == NULL)
    {
      fprintf (stderr, "writer: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; ; i++)
    {
      /* Each email different, some big, so kills land in every phase. */
      g_autofree char *body = g_strnfill (g_random_int_range (10, 200000), 'a' + (i % 26));
      g_autofree char *text = g_strdup_printf ("Subject: case %u %u\r\n\r\n%s", i, g_random_int (), body);
      g_autoptr(GBytes) original = g_bytes_new (text, strlen (text));
      WhenceCaseEmailInfo info = { "loop.eml", "loop", NULL, "198.51.100.9", NULL };
      gint64 id = whence_case_store_create_case (store, "loop", original, &info, "{\"n\":1}", &error);

      if (id <= 0 || whence_case_store_add_report (store, id, "abuse@example.net", "email",
                                                   NULL, NULL, &error) <= 0)
        {
          fprintf (stderr, "writer: %s\n", error->message);
          return 1;
        }
      /* Both transactions are committed when this line is printed. */
      printf ("%" G_GINT64_FORMAT "\n", id);
      fflush (stdout);
    }
  return 0;
}

static void
test_kill_mid_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GHashTable) committed = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-cases", NULL);
  guint rounds = 6;

  for (guint round = 0; round < rounds; round++)
    {
      const char *argv[] = { self_exe, "--writer", dir, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int out_fd;
      g_autoptr(GString) output = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      char buffer[4096];
      gssize n;
      int status;
      guint before = ids->len;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);

      /* Kill at a random moment: sometimes during the very first writes. */
      g_usleep (g_random_int_range (round == 0 ? 5000 : 30000, 400000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);

      while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (output, buffer, n);
      close (out_fd);

      /* Only whole lines: a half-printed id was not reported committed. */
      lines = g_strsplit (output->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          gint64 id = g_ascii_strtoll (lines[i], NULL, 10);

          g_assert_cmpint (id, >, 0);
          g_array_append_val (ids, id);
        }
      g_test_message ("round %u: %u cases committed before the kill", round, ids->len - before);

      check_integrity (dir);
      {
        g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
        g_autoptr(GPtrArray) list = NULL;

        g_assert_no_error (error);
        /* Every case ever reported committed, from every round, is there
         * with its original intact and its report. */
        for (guint i = 0; i < ids->len; i++)
          {
            g_autoptr(WhenceCase) c = whence_case_store_get_case (store, g_array_index (ids, gint64, i), &error);

            g_assert_no_error (error);
            g_assert_cmpuint (c->emails->len, ==, 1);
            g_assert_true (((WhenceCaseEmail *) g_ptr_array_index (c->emails, 0))->intact);
            g_assert_cmpuint (c->reports->len, ==, 1);
          }
        list = whence_case_store_list_cases (store, &error);
        g_assert_no_error (error);
        /* At most one more: the case whose commit finished but whose id
         * line was not printed yet. */
        g_assert_cmpuint (list->len, >=, ids->len);
        g_assert_cmpuint (list->len, <=, ids->len + round + 1);
      }
    }

  g_assert_cmpuint (ids->len, >, 0);
  whence_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--full-disk"))
    return run_full_disk (argv[2]);

  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/cases/round-trip", test_round_trip);
  g_test_add_func ("/cases/tamper-and-export", test_tamper_and_export);
  g_test_add_func ("/cases/clear-errors", test_clear_errors);
  g_test_add_func ("/cases/kill-mid-write", test_kill_mid_write);
  g_test_add_func ("/cases/full-disk", test_full_disk);

  return g_test_run ();
}
