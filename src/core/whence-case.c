/* whence-case.c
 *
 * The case file: an SQLite database (WAL, full sync, every change in a
 * transaction) next to a folder of untouched originals, each a read-only
 * file named by its SHA-256. The original is written and flushed before the
 * row that points to it commits, so a crash can leave at most an unused
 * file, never a case without its evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-case"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "whence-case.h"
#include "whence-error.h"

#define SCHEMA_VERSION 1

struct _WhenceCaseStore
{
  GObject   parent_instance;

  sqlite3  *db;
  char     *dir;
  char     *originals_dir;
  GMutex    lock;
};

G_DEFINE_FINAL_TYPE (WhenceCaseStore, whence_case_store, G_TYPE_OBJECT)

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS cases ("
  "  id INTEGER PRIMARY KEY,"
  "  created INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  country TEXT, situation TEXT,"
  "  trace_json TEXT, lookups_json TEXT,"
  "  outcome TEXT, outcome_at INTEGER);"
  "CREATE TABLE IF NOT EXISTS emails ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
  "  source_name TEXT, subject TEXT, sender TEXT, origin_ip TEXT,"
  "  received INTEGER, added INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS emails_case ON emails(case_id);"
  "CREATE INDEX IF NOT EXISTS emails_origin ON emails(origin_ip);"
  "CREATE INDEX IF NOT EXISTS emails_sha ON emails(sha256);"
  "CREATE TABLE IF NOT EXISTS reports ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
  "  recipient TEXT NOT NULL, method TEXT NOT NULL, sent_at INTEGER NOT NULL,"
  "  next_rungs TEXT,"
  "  outcome TEXT, outcome_at INTEGER, reminded_at INTEGER);"
  "CREATE INDEX IF NOT EXISTS reports_case ON reports(case_id);";

/* Boxed types ***************************************************************/

static void
case_email_free (WhenceCaseEmail *email)
{
  g_free (email->sha256);
  g_free (email->source_name);
  g_free (email->subject);
  g_free (email->sender);
  g_free (email->origin_ip);
  g_clear_pointer (&email->received, g_date_time_unref);
  g_clear_pointer (&email->added, g_date_time_unref);
  g_free (email);
}

static void
case_report_free (WhenceCaseReport *report)
{
  g_free (report->recipient);
  g_free (report->method);
  g_clear_pointer (&report->sent_at, g_date_time_unref);
  g_strfreev (report->next_rungs);
  g_free (report->outcome);
  g_clear_pointer (&report->outcome_at, g_date_time_unref);
  g_clear_pointer (&report->reminded_at, g_date_time_unref);
  g_free (report);
}

static void
case_free (WhenceCase *self)
{
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->title);
  g_free (self->country);
  g_free (self->situation);
  g_free (self->trace_json);
  g_free (self->lookups_json);
  g_free (self->outcome);
  g_clear_pointer (&self->outcome_at, g_date_time_unref);
  g_clear_pointer (&self->emails, g_ptr_array_unref);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
}

WhenceCase *
whence_case_ref (WhenceCase *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
whence_case_unref (WhenceCase *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) case_free);
}

G_DEFINE_BOXED_TYPE (WhenceCase, whence_case, whence_case_ref, whence_case_unref)

/* Errors ********************************************************************/

static void
set_sqlite_error (GError  **error,
                  sqlite3  *db,
                  int       rc,
                  const char *dir)
{
  int primary = rc & 0xff;

  switch (primary)
    {
    case SQLITE_FULL:
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("The disk is full, so the case was not saved. "
                             "Free some space and try again. Cases saved before are safe."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("The case file in “%s” is read-only, so nothing new can be saved. "
                     "Cases saved before are safe."), dir);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("The case file in “%s” could not be opened. "
                     "The folder may be missing or read-only."), dir);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("The case file in “%s” is damaged. "
                     "The original emails next to it are untouched."), dir);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("The case file is busy. Try again in a moment."));
      break;
    default:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("The case file could not be saved (%s). Cases saved before are safe."),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

static void
set_file_error (GError    **error,
                int         saved_errno,
                const char *path)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EFBIG:   /* over a size limit or quota: no room, as far as a person can tell */
#ifdef EDQUOT
    case EDQUOT:
#endif
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("The disk is full, so the case was not saved. "
                             "Free some space and try again. Cases saved before are safe."));
      break;
    case EROFS:
    case EACCES:
    case EPERM:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("The folder “%s” is read-only, so nothing new can be saved. "
                     "Cases saved before are safe."), path);
      break;
    default:
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                   _("“%s” could not be saved (%s). Cases saved before are safe."),
                   path, g_strerror (saved_errno));
      break;
    }
}

/* GLib's file errors carry no errno; map the codes back. */
static int
errno_from_gfile_error (const GError *error)
{
  if (error->domain != G_FILE_ERROR)
    return EIO;
  switch (error->code)
    {
    case G_FILE_ERROR_NOSPC: return ENOSPC;
    case G_FILE_ERROR_ROFS: return EROFS;
    case G_FILE_ERROR_ACCES: return EACCES;
    case G_FILE_ERROR_PERM: return EPERM;
    case G_FILE_ERROR_NOENT: return ENOENT;
    case G_FILE_ERROR_NOTDIR: return ENOTDIR;
    default: return EIO;
    }
}

/* Helpers *******************************************************************/

static gboolean
exec (WhenceCaseStore  *self,
      const char       *sql,
      GError          **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (WhenceCaseStore  *self,
         const char       *sql,
         GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           GDateTime    *time)
{
  if (time != NULL)
    sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (time));
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, index));
}

/* Runs a statement to completion. */
static gboolean
step_done (WhenceCaseStore  *self,
           sqlite3_stmt     *stmt,
           GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin (WhenceCaseStore  *self,
       GError          **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (WhenceCaseStore  *self,
        GError          **error)
{
  if (exec (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
rollback (WhenceCaseStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * whence_sha256_hex:
 * @bytes: data
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of @bytes
 */
char *
whence_sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* Object ********************************************************************/

static void
whence_case_store_finalize (GObject *object)
{
  WhenceCaseStore *self = (WhenceCaseStore *) object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->dir);
  g_free (self->originals_dir);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (whence_case_store_parent_class)->finalize (object);
}

static void
whence_case_store_class_init (WhenceCaseStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = whence_case_store_finalize;
}

static void
whence_case_store_init (WhenceCaseStore *self)
{
  g_mutex_init (&self->lock);
}

/**
 * whence_case_store_get_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/whence`
 */
char *
whence_case_store_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "whence", NULL);
}

/**
 * whence_case_store_open:
 * @dir: (nullable): the folder for cases.db and the originals; %NULL for
 *   whence_case_store_get_default_dir()
 * @error: return location for a #GError (%WHENCE_ERROR_CASE_FILE)
 *
 * Opens (creating if needed) the case file. Safe to call from a worker
 * thread; the store may then be used from any one thread at a time, or
 * from several (calls are serialised).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WhenceCaseStore *
whence_case_store_open (const char  *dir,
                        GError     **error)
{
  g_autoptr(WhenceCaseStore) self = g_object_new (WHENCE_TYPE_CASE_STORE, NULL);
  g_autofree char *db_path = NULL;
  int rc;

  self->dir = dir != NULL ? g_strdup (dir) : whence_case_store_get_default_dir ();
  self->originals_dir = g_build_filename (self->dir, "originals", NULL);

  if (g_mkdir_with_parents (self->originals_dir, 0700) != 0)
    {
      set_file_error (error, errno, self->dir);
      return NULL;
    }

  db_path = g_build_filename (self->dir, "cases.db", NULL);
  rc = sqlite3_open_v2 (db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL: a killed writer leaves the last committed state readable. FULL:
   * a commit is on the disk before it returns. */
  if (!exec (self, "PRAGMA journal_mode=WAL", error)
      || !exec (self, "PRAGMA synchronous=FULL", error)
      || !exec (self, "PRAGMA foreign_keys=ON", error)
      || !begin (self, error))
    return NULL;
  if (!exec (self, schema, error))
    {
      rollback (self);
      return NULL;
    }
  if (!exec (self, "PRAGMA user_version=" G_STRINGIFY (SCHEMA_VERSION), error)
      || !commit (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
whence_case_store_get_dir (WhenceCaseStore *self)
{
  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), NULL);
  return self->dir;
}

/**
 * whence_case_store_get_original_path:
 *
 * Returns: (transfer full) (nullable): where the original with this hash
 *   is kept; %NULL when @sha256 is not a SHA-256
 */
char *
whence_case_store_get_original_path (WhenceCaseStore *self,
                                     const char      *sha256)
{
  g_autofree char *name = NULL;

  if (!is_sha256 (sha256))
    return NULL;
  name = g_strconcat (sha256, ".eml", NULL);
  return g_build_filename (self->originals_dir, name, NULL);
}

static gboolean
verify_file (const char  *path,
             const char  *sha256,
             GBytes     **out)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *actual = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  actual = whence_sha256_hex (bytes);
  if (!g_str_equal (actual, sha256))
    return FALSE;
  if (out != NULL)
    *out = g_steal_pointer (&bytes);
  return TRUE;
}

/* Writes the original read-only, flushed to disk, under its hash. An intact
 * copy already there is kept as it is. */
static char *
store_original (WhenceCaseStore  *self,
                GBytes           *original,
                GError          **error)
{
  g_autofree char *sha256 = whence_sha256_hex (original);
  g_autofree char *path = whence_case_store_get_original_path (self, sha256);
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *data = g_bytes_get_data (original, &len);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (verify_file (path, sha256, NULL))
        return g_steal_pointer (&sha256);
      /* A damaged leftover: replace it. */
      g_chmod (path, 0600);
    }

  if (!g_file_set_contents_full (path, data ? data : "", len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0444, &local))
    {
      int saved_errno = errno_from_gfile_error (local);

      /* GLib has no code for some causes (a file size limit, EFBIG): its
       * own message names them better than a guessed errno would. */
      if (saved_errno == EIO)
        g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                     _("“%s” could not be saved (%s). Cases saved before are safe."),
                     self->originals_dir, local->message);
      else
        set_file_error (error, saved_errno, self->originals_dir);
      return NULL;
    }

  return g_steal_pointer (&sha256);
}

static gint64
insert_email (WhenceCaseStore            *self,
              gint64                      case_id,
              const char                 *sha256,
              gsize                       size,
              const WhenceCaseEmailInfo  *info,
              GError                    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  stmt = prepare (self,
                  "INSERT INTO emails (case_id, sha256, size, source_name, subject, sender,"
                  " origin_ip, received, added) VALUES (?,?,?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, case_id);
  bind_text (stmt, 2, sha256);
  sqlite3_bind_int64 (stmt, 3, size);
  bind_text (stmt, 4, info ? info->source_name : NULL);
  bind_text (stmt, 5, info ? info->subject : NULL);
  bind_text (stmt, 6, info ? info->sender : NULL);
  bind_text (stmt, 7, info && info->origin_ip && *info->origin_ip ? info->origin_ip : NULL);
  bind_time (stmt, 8, info ? info->received : NULL);
  bind_time (stmt, 9, now);
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * whence_case_store_create_case:
 * @self: the store
 * @title: a short title for the Cases list
 * @original: the email exactly as it arrived (whence_message_dup_original())
 * @info: (nullable): what is known about it
 * @trace_json: (nullable): what the trace found, as `whence trace --json`
 * @error: return location for a #GError
 *
 * Returns: the new case's id (> 0), or 0 with @error set
 */
gint64
whence_case_store_create_case (WhenceCaseStore            *self,
                               const char                 *title,
                               GBytes                     *original,
                               const WhenceCaseEmailInfo  *info,
                               const char                 *trace_json,
                               GError                    **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *sha256 = NULL;
  gint64 case_id;

  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (title != NULL && original != NULL, 0);

  if ((sha256 = store_original (self, original, error)) == NULL || !begin (self, error))
    return 0;

  stmt = prepare (self, "INSERT INTO cases (created, title, trace_json) VALUES (?,?,?)", error);
  if (stmt == NULL)
    goto fail;
  bind_time (stmt, 1, now);
  bind_text (stmt, 2, title);
  bind_text (stmt, 3, trace_json);
  if (!step_done (self, stmt, error))
    goto fail;
  case_id = sqlite3_last_insert_rowid (self->db);

  if (insert_email (self, case_id, sha256, g_bytes_get_size (original), info, error) == 0
      || !commit (self, error))
    goto fail;

  return case_id;

fail:
  rollback (self);
  return 0;
}

static gboolean
case_exists (WhenceCaseStore  *self,
             gint64            case_id,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM cases WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("This case no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/**
 * whence_case_store_add_email:
 *
 * Adds another email (a repeat from the same sender, say) to a case.
 *
 * Returns: the email's id (> 0), or 0 with @error set
 */
gint64
whence_case_store_add_email (WhenceCaseStore            *self,
                             gint64                      case_id,
                             GBytes                     *original,
                             const WhenceCaseEmailInfo  *info,
                             GError                    **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *sha256 = NULL;
  gint64 id;

  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), 0);

  if (!case_exists (self, case_id, error)
      || (sha256 = store_original (self, original, error)) == NULL
      || !begin (self, error))
    return 0;
  id = insert_email (self, case_id, sha256, g_bytes_get_size (original), info, error);
  if (id == 0 || !commit (self, error))
    {
      rollback (self);
      return 0;
    }
  return id;
}

/* One UPDATE of one row, in its own transaction; an unknown row is an error. */
static gboolean
update_row (WhenceCaseStore  *self,
            const char       *sql,
            gint64            id,
            const char       *text1,
            const char       *text2,
            GDateTime        *time,
            GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  int index;

  if (stmt == NULL)
    return FALSE;
  if ((index = sqlite3_bind_parameter_index (stmt, ":t1")) > 0)
    bind_text (stmt, index, text1);
  if ((index = sqlite3_bind_parameter_index (stmt, ":t2")) > 0)
    bind_text (stmt, index, text2);
  if ((index = sqlite3_bind_parameter_index (stmt, ":d")) > 0)
    bind_time (stmt, index, time);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);

  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("This case no longer exists."));
      return FALSE;
    }
  return TRUE;
}

gboolean
whence_case_store_set_answers (WhenceCaseStore  *self,
                               gint64            case_id,
                               const char       *country,
                               const char       *situation,
                               GError          **error)
{
  return update_row (self, "UPDATE cases SET country = :t1, situation = :t2 WHERE id = :id",
                     case_id, country, situation, NULL, error);
}

gboolean
whence_case_store_set_trace (WhenceCaseStore  *self,
                             gint64            case_id,
                             const char       *trace_json,
                             GError          **error)
{
  return update_row (self, "UPDATE cases SET trace_json = :t1 WHERE id = :id",
                     case_id, trace_json, NULL, NULL, error);
}

gboolean
whence_case_store_set_lookups (WhenceCaseStore  *self,
                               gint64            case_id,
                               const char       *lookups_json,
                               GError          **error)
{
  return update_row (self, "UPDATE cases SET lookups_json = :t1 WHERE id = :id",
                     case_id, lookups_json, NULL, NULL, error);
}

gboolean
whence_case_store_set_outcome (WhenceCaseStore  *self,
                               gint64            case_id,
                               const char       *outcome,
                               GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return update_row (self, "UPDATE cases SET outcome = :t1, outcome_at = :d WHERE id = :id",
                     case_id, outcome, NULL, outcome ? now : NULL, error);
}

/**
 * whence_case_store_set_report_outcome:
 * @outcome: (nullable): what came of it ("answered", "no longer sending",
 *   free text); %NULL clears it
 * @when: (nullable): when; %NULL for now
 *
 * A report with an outcome gets no more reminders.
 */
gboolean
whence_case_store_set_report_outcome (WhenceCaseStore  *self,
                                      gint64            report_id,
                                      const char       *outcome,
                                      GDateTime        *when,
                                      GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return update_row (self, "UPDATE reports SET outcome = :t1, outcome_at = :d WHERE id = :id",
                     report_id, outcome, NULL, outcome ? (when ? when : now) : NULL, error);
}

gboolean
whence_case_store_mark_reminded (WhenceCaseStore  *self,
                                 gint64            report_id,
                                 GDateTime        *when,
                                 GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return update_row (self, "UPDATE reports SET reminded_at = :d WHERE id = :id",
                     report_id, NULL, NULL, when ? when : now, error);
}

/**
 * whence_case_store_add_report:
 * @recipient: to whom ("abuse@example.net", "IC3", "FBI Cleveland")
 * @method: how ("email", "web form", "phone", "in person")
 * @sent_at: (nullable): when; %NULL for now
 * @next_rungs: (nullable) (array zero-terminated=1): the escalation ladder
 *   after this recipient, for the reminder to name the next one
 *
 * Returns: the report's id (> 0), or 0 with @error set
 */
gint64
whence_case_store_add_report (WhenceCaseStore     *self,
                              gint64               case_id,
                              const char          *recipient,
                              const char          *method,
                              GDateTime           *sent_at,
                              const char * const  *next_rungs,
                              GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *rungs = NULL;

  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (recipient != NULL && method != NULL, 0);

  /* One rung a line: rungs are names and addresses, never multi-line. */
  if (next_rungs != NULL && next_rungs[0] != NULL)
    rungs = g_strjoinv ("\n", (char **) next_rungs);

  if (!case_exists (self, case_id, error) || !begin (self, error))
    return 0;
  stmt = prepare (self,
                  "INSERT INTO reports (case_id, recipient, method, sent_at, next_rungs)"
                  " VALUES (?,?,?,?,?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, case_id);
  bind_text (stmt, 2, recipient);
  bind_text (stmt, 3, method);
  bind_time (stmt, 4, sent_at ? sent_at : now);
  bind_text (stmt, 5, rungs);
  if (!step_done (self, stmt, error) || !commit (self, error))
    goto fail;
  return sqlite3_last_insert_rowid (self->db);

fail:
  rollback (self);
  return 0;
}

/* Reading *******************************************************************/

static GPtrArray *
read_emails (WhenceCaseStore  *self,
             gint64            case_id,
             gboolean          verify,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *emails = g_ptr_array_new_with_free_func ((GDestroyNotify) case_email_free);
  int rc;

  stmt = prepare (self,
                  "SELECT id, sha256, size, source_name, subject, sender, origin_ip, received, added"
                  " FROM emails WHERE case_id = ? ORDER BY id", error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (emails);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WhenceCaseEmail *email = g_new0 (WhenceCaseEmail, 1);

      email->id = sqlite3_column_int64 (stmt, 0);
      email->sha256 = column_text (stmt, 1);
      email->size = sqlite3_column_int64 (stmt, 2);
      email->source_name = column_text (stmt, 3);
      email->subject = column_text (stmt, 4);
      email->sender = column_text (stmt, 5);
      email->origin_ip = column_text (stmt, 6);
      email->received = column_time (stmt, 7);
      email->added = column_time (stmt, 8);
      if (verify)
        {
          g_autofree char *path = whence_case_store_get_original_path (self, email->sha256);

          email->intact = path != NULL && verify_file (path, email->sha256, NULL);
        }
      g_ptr_array_add (emails, email);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      g_ptr_array_unref (emails);
      return NULL;
    }
  return emails;
}

static GPtrArray *
read_reports (WhenceCaseStore  *self,
              gint64            case_id,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify) case_report_free);
  int rc;

  stmt = prepare (self,
                  "SELECT id, recipient, method, sent_at, next_rungs, outcome, outcome_at, reminded_at"
                  " FROM reports WHERE case_id = ? ORDER BY sent_at, id", error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (reports);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WhenceCaseReport *report = g_new0 (WhenceCaseReport, 1);
      g_autofree char *rungs = column_text (stmt, 4);

      report->id = sqlite3_column_int64 (stmt, 0);
      report->recipient = column_text (stmt, 1);
      report->method = column_text (stmt, 2);
      report->sent_at = column_time (stmt, 3);
      report->next_rungs = rungs != NULL ? g_strsplit (rungs, "\n", -1) : NULL;
      report->outcome = column_text (stmt, 5);
      report->outcome_at = column_time (stmt, 6);
      report->reminded_at = column_time (stmt, 7);
      g_ptr_array_add (reports, report);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      g_ptr_array_unref (reports);
      return NULL;
    }
  return reports;
}

static WhenceCase *
case_from_row (sqlite3_stmt *stmt)
{
  WhenceCase *c = g_atomic_rc_box_new0 (WhenceCase);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->created = column_time (stmt, 1);
  c->title = column_text (stmt, 2);
  c->country = column_text (stmt, 3);
  c->situation = column_text (stmt, 4);
  c->trace_json = column_text (stmt, 5);
  c->lookups_json = column_text (stmt, 6);
  c->outcome = column_text (stmt, 7);
  c->outcome_at = column_time (stmt, 8);
  return c;
}

#define CASE_COLUMNS "id, created, title, country, situation, trace_json, lookups_json, outcome, outcome_at"

static GPtrArray *
read_cases (WhenceCaseStore  *self,
            gint64            only_id,
            gboolean          verify,
            GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_case_unref);
  int rc;

  /* One read transaction: the cases and their rows are one snapshot. */
  if (!exec (self, "BEGIN", error))
    return NULL;
  stmt = prepare (self,
                  only_id > 0
                  ? "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?"
                  : "SELECT " CASE_COLUMNS " FROM cases ORDER BY created DESC, id DESC",
                  error);
  if (stmt == NULL)
    goto fail;
  if (only_id > 0)
    sqlite3_bind_int64 (stmt, 1, only_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (cases, case_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      goto fail;
    }
  for (guint i = 0; i < cases->len; i++)
    {
      WhenceCase *c = g_ptr_array_index (cases, i);

      if ((c->emails = read_emails (self, c->id, verify, error)) == NULL
          || (c->reports = read_reports (self, c->id, error)) == NULL)
        goto fail;
    }
  exec (self, "COMMIT", NULL);
  return g_steal_pointer (&cases);

fail:
  rollback (self);
  return NULL;
}

/**
 * whence_case_store_list_cases:
 *
 * Every case, newest first, with its emails and reports (originals are not
 * re-hashed here: whence_case_store_get_case() does that).
 *
 * Returns: (transfer container) (element-type WhenceCase): the cases, or
 *   %NULL with @error set
 */
GPtrArray *
whence_case_store_list_cases (WhenceCaseStore  *self,
                              GError          **error)
{
  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), NULL);
  return read_cases (self, 0, FALSE, error);
}

/**
 * whence_case_store_get_case:
 *
 * Reopens one case. Each email's stored original is hashed again and
 * compared with its SHA-256: #WhenceCaseEmail.intact says whether it still
 * matches.
 *
 * Returns: (transfer full): the case, or %NULL with @error set
 */
WhenceCase *
whence_case_store_get_case (WhenceCaseStore  *self,
                            gint64            case_id,
                            GError          **error)
{
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (WHENCE_IS_CASE_STORE (self), NULL);

  if (case_id <= 0 || (cases = read_cases (self, case_id, TRUE, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE, _("This case no longer exists."));
      return NULL;
    }
  if (cases->len == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE, _("This case no longer exists."));
      return NULL;
    }
  return whence_case_ref (g_ptr_array_index (cases, 0));
}

/**
 * whence_case_store_load_original:
 *
 * Returns: (transfer full): the original email's bytes, checked against
 *   @sha256, or %NULL with @error set when it is missing or changed
 */
GBytes *
whence_case_store_load_original (WhenceCaseStore  *self,
                                 const char       *sha256,
                                 GError          **error)
{
  g_autofree char *path = whence_case_store_get_original_path (self, sha256);
  GBytes *bytes = NULL;

  if (path == NULL || !verify_file (path, sha256, &bytes))
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE,
                           _("The saved copy of this email is missing or has changed."));
      return NULL;
    }
  return bytes;
}

/**
 * whence_case_store_delete_case:
 *
 * Deletes the case, its reports, and the originals no other case uses.
 */
gboolean
whence_case_store_delete_case (WhenceCaseStore  *self,
                               gint64            case_id,
                               GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) orphans = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!begin (self, error))
    return FALSE;
  orphans = prepare (self,
                     "SELECT DISTINCT sha256 FROM emails WHERE case_id = ?1 AND sha256 NOT IN"
                     " (SELECT sha256 FROM emails WHERE case_id != ?1)", error);
  if (orphans == NULL)
    goto fail;
  sqlite3_bind_int64 (orphans, 1, case_id);
  while ((rc = sqlite3_step (orphans)) == SQLITE_ROW)
    g_ptr_array_add (unused, column_text (orphans, 0));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->dir);
      goto fail;
    }

  del = prepare (self, "DELETE FROM cases WHERE id = ?", error);
  if (del == NULL)
    goto fail;
  sqlite3_bind_int64 (del, 1, case_id);
  if (!step_done (self, del, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_CASE_FILE, _("This case no longer exists."));
      goto fail;
    }
  if (!commit (self, error))
    goto fail;

  /* Only after the commit: a failed delete keeps its evidence. */
  for (guint i = 0; i < unused->len; i++)
    {
      g_autofree char *path = whence_case_store_get_original_path (self, g_ptr_array_index (unused, i));

      if (path != NULL)
        g_unlink (path);
    }
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/**
 * whence_case_describe_repeat:
 * @n_emails: emails from one computer
 * @first_seen: (nullable): the first of them
 * @now: (nullable): for tests; %NULL for now
 *
 * Returns: (transfer full): "This computer sent you 12 emails since March."
 */
char *
whence_case_describe_repeat (guint      n_emails,
                             GDateTime *first_seen,
                             GDateTime *now)
{
  g_autoptr(GDateTime) local_now = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autofree char *since = NULL;

  if (first_seen == NULL || n_emails < 2)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This computer sent you %u email.",
                                         "This computer sent you %u emails.", n_emails), n_emails);

  /* A month name in the same year; with the year otherwise. */
  if (g_date_time_get_year (first_seen) == g_date_time_get_year (local_now))
    since = g_date_time_format (first_seen, "%B");
  else
    since = g_date_time_format (first_seen, "%B %Y");

  /* Translators: the second %s is a month, or a month and a year */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This computer sent you %u email since %s.",
                                       "This computer sent you %u emails since %s.", n_emails),
                          n_emails, since);
}

/**
 * whence_case_store_count_origin:
 * @origin_ip: the origin's IP address
 * @n_cases: (out) (optional): cases with an email from it
 * @n_emails: (out) (optional): emails from it
 * @first_seen: (out) (optional) (transfer full) (nullable): when the first
 *   arrived
 *
 * Repeat offenders: how often this computer has sent the person mail.
 */
gboolean
whence_case_store_count_origin (WhenceCaseStore  *self,
                                const char       *origin_ip,
                                guint            *n_cases,
                                guint            *n_emails,
                                GDateTime       **first_seen,
                                GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "SELECT COUNT(DISTINCT case_id), COUNT(*), MIN(COALESCE(received, added))"
                  " FROM emails WHERE origin_ip = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, origin_ip);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, sqlite3_errcode (self->db), self->dir);
      return FALSE;
    }
  if (n_cases != NULL)
    *n_cases = sqlite3_column_int (stmt, 0);
  if (n_emails != NULL)
    *n_emails = sqlite3_column_int (stmt, 1);
  if (first_seen != NULL)
    *first_seen = column_time (stmt, 2);
  return TRUE;
}

static void
append_time (GString    *out,
             const char *label,
             GDateTime  *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  text = g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC");
  g_string_append_printf (out, "%s: %s\n", label, text);
}

/**
 * whence_case_format_summary:
 *
 * Returns: (transfer full): a plain-text account of the case that police
 *   can read: the emails with their SHA-256, and every report
 */
char *
whence_case_format_summary (const WhenceCase *self)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n\n", self->title);
  append_time (out, _("Case opened"), self->created);
  if (self->country != NULL)
    g_string_append_printf (out, "%s: %s\n", _("Country"), self->country);
  if (self->situation != NULL)
    g_string_append_printf (out, "%s: %s\n", _("What happened"), self->situation);
  if (self->outcome != NULL)
    g_string_append_printf (out, "%s: %s\n", _("Outcome"), self->outcome);

  g_string_append_printf (out, "\n%s\n", _("Emails kept as evidence, unchanged:"));
  for (guint i = 0; self->emails != NULL && i < self->emails->len; i++)
    {
      WhenceCaseEmail *e = g_ptr_array_index (self->emails, i);

      g_string_append_printf (out, "\n%s.eml\n", e->sha256);
      g_string_append_printf (out, "  SHA-256: %s\n", e->sha256);
      g_string_append_printf (out, "  %s: %" G_GINT64_FORMAT "\n", _("Size in bytes"), e->size);
      if (e->subject != NULL)
        g_string_append_printf (out, "  %s: %s\n", _("Subject"), e->subject);
      if (e->sender != NULL)
        g_string_append_printf (out, "  %s: %s\n", _("From line (may be false)"), e->sender);
      if (e->origin_ip != NULL)
        g_string_append_printf (out, "  %s: %s\n", _("Sending computer"), e->origin_ip);
      if (e->received != NULL)
        {
          g_autofree char *t = g_date_time_format (e->received, "%Y-%m-%d %H:%M:%S UTC");

          g_string_append_printf (out, "  %s: %s\n", _("Received"), t);
        }
    }

  if (self->reports != NULL && self->reports->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Reports made:"));
      for (guint i = 0; i < self->reports->len; i++)
        {
          WhenceCaseReport *r = g_ptr_array_index (self->reports, i);
          g_autofree char *t = g_date_time_format (r->sent_at, "%Y-%m-%d %H:%M UTC");

          g_string_append_printf (out, "- %s: %s (%s)", t, r->recipient, r->method);
          if (r->outcome != NULL)
            g_string_append_printf (out, " — %s: %s", _("Outcome"), r->outcome);
          g_string_append_c (out, '\n');
        }
    }

  g_string_append_printf (out, "\n%s\n",
                          _("Check a file with: sha256sum FILE. The result must match the name."));
  return g_string_free (out, FALSE);
}

/**
 * whence_case_store_export_case:
 * @folder: where to write; created if missing
 *
 * Writes the originals (named by SHA-256), a SHA256SUMS file that
 * `sha256sum -c` checks, summary.txt for the police, and trace.json /
 * lookups.json when known. Originals that no longer match their hash are
 * not exported, and the export fails saying so.
 */
gboolean
whence_case_store_export_case (WhenceCaseStore  *self,
                               gint64            case_id,
                               GFile            *folder,
                               GError          **error)
{
  g_autoptr(WhenceCase) c = whence_case_store_get_case (self, case_id, error);
  g_autofree char *dir = NULL;
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autoptr(GError) local = NULL;

  if (c == NULL)
    return FALSE;

  dir = g_file_get_path (folder);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_file_error (error, dir ? errno : EINVAL, dir ? dir : "?");
      return FALSE;
    }

  for (guint i = 0; i < c->emails->len; i++)
    {
      WhenceCaseEmail *e = g_ptr_array_index (c->emails, i);
      g_autoptr(GBytes) bytes = whence_case_store_load_original (self, e->sha256, error);
      g_autofree char *name = g_strconcat (e->sha256, ".eml", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gsize len;
      const char *data;

      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &len);
      if (!g_file_set_contents_full (path, data ? data : "", len, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0444, &local))
        {
          set_file_error (error, errno_from_gfile_error (local), dir);
          return FALSE;
        }
      g_string_append_printf (sums, "%s  %s\n", e->sha256, name);
    }

  summary = whence_case_format_summary (c);
  {
    const struct { const char *name; const char *text; } files[] = {
      { "SHA256SUMS", sums->str },
      { "summary.txt", summary },
      { "trace.json", c->trace_json },
      { "lookups.json", c->lookups_json },
    };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

        if (files[i].text == NULL)
          continue;
        if (!g_file_set_contents_full (path, files[i].text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                       0644, &local))
          {
            set_file_error (error, errno_from_gfile_error (local), dir);
            return FALSE;
          }
      }
  }

  return TRUE;
}
