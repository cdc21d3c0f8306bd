/* whence-case.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What is known about one email when it is saved into a case. */
typedef struct
{
  const char *source_name;   /* the file it came from, for people */
  const char *subject;
  const char *sender;        /* the From header as written */
  const char *origin_ip;     /* the trace's origin, or NULL */
  GDateTime  *received;      /* when it arrived, or NULL */
} WhenceCaseEmailInfo;

typedef struct
{
  gint64      id;
  char       *sha256;        /* of the original; also its file name */
  gint64      size;
  char       *source_name;
  char       *subject;
  char       *sender;
  char       *origin_ip;
  GDateTime  *received;      /* nullable */
  GDateTime  *added;
  gboolean    intact;        /* the stored copy still matches its SHA-256 */
} WhenceCaseEmail;

typedef struct
{
  gint64      id;
  char       *recipient;     /* to whom: "abuse@example.net", "IC3", … */
  char       *method;        /* how: "email", "web form", "phone", … */
  GDateTime  *sent_at;
  char      **next_rungs;    /* the escalation ladder after this one */
  char       *outcome;       /* nullable: no answer recorded yet */
  GDateTime  *outcome_at;    /* nullable */
  GDateTime  *reminded_at;   /* nullable: last reminder shown */
} WhenceCaseReport;

/**
 * WhenceCase:
 *
 * One case: the emails kept as evidence (untouched originals named by their
 * SHA-256), what the trace and the lookups found (JSON, as the command line
 * prints it), every report made, and the outcome.
 * whence_case_store_list_cases() fills @emails and @reports too.
 */
typedef struct
{
  gint64      id;
  GDateTime  *created;
  char       *title;
  char       *country;       /* nullable */
  char       *situation;     /* nullable, whence_situation_to_string() */
  char       *trace_json;    /* nullable */
  char       *lookups_json;  /* nullable */
  char       *outcome;       /* nullable */
  GDateTime  *outcome_at;    /* nullable */
  GPtrArray  *emails;        /* WhenceCaseEmail */
  GPtrArray  *reports;       /* WhenceCaseReport */
} WhenceCase;

#define WHENCE_TYPE_CASE (whence_case_get_type ())
GType       whence_case_get_type (void) G_GNUC_CONST;
WhenceCase *whence_case_ref      (WhenceCase *self);
void        whence_case_unref    (WhenceCase *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceCase, whence_case_unref)

#define WHENCE_TYPE_CASE_STORE (whence_case_store_get_type ())
G_DECLARE_FINAL_TYPE (WhenceCaseStore, whence_case_store, WHENCE, CASE_STORE, GObject)

WhenceCaseStore *whence_case_store_open           (const char          *dir,
                                                   GError             **error);
const char      *whence_case_store_get_dir        (WhenceCaseStore     *self);
char            *whence_case_store_get_default_dir (void);

gint64           whence_case_store_create_case    (WhenceCaseStore     *self,
                                                   const char          *title,
                                                   GBytes              *original,
                                                   const WhenceCaseEmailInfo *info,
                                                   const char          *trace_json,
                                                   GError             **error);
gint64           whence_case_store_add_email      (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   GBytes              *original,
                                                   const WhenceCaseEmailInfo *info,
                                                   GError             **error);
gboolean         whence_case_store_set_answers    (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   const char          *country,
                                                   const char          *situation,
                                                   GError             **error);
gboolean         whence_case_store_set_trace      (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   const char          *trace_json,
                                                   GError             **error);
gboolean         whence_case_store_set_lookups    (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   const char          *lookups_json,
                                                   GError             **error);
gint64           whence_case_store_add_report     (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   const char          *recipient,
                                                   const char          *method,
                                                   GDateTime           *sent_at,
                                                   const char * const  *next_rungs,
                                                   GError             **error);
gboolean         whence_case_store_set_report_outcome (WhenceCaseStore *self,
                                                   gint64               report_id,
                                                   const char          *outcome,
                                                   GDateTime           *when,
                                                   GError             **error);
gboolean         whence_case_store_mark_reminded  (WhenceCaseStore     *self,
                                                   gint64               report_id,
                                                   GDateTime           *when,
                                                   GError             **error);
gboolean         whence_case_store_set_outcome    (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   const char          *outcome,
                                                   GError             **error);

GPtrArray       *whence_case_store_list_cases     (WhenceCaseStore     *self,
                                                   GError             **error);
WhenceCase      *whence_case_store_get_case       (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   GError             **error);
GBytes          *whence_case_store_load_original  (WhenceCaseStore     *self,
                                                   const char          *sha256,
                                                   GError             **error);
char            *whence_case_store_get_original_path (WhenceCaseStore  *self,
                                                   const char          *sha256);
gboolean         whence_case_store_delete_case    (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   GError             **error);
gboolean         whence_case_store_export_case    (WhenceCaseStore     *self,
                                                   gint64               case_id,
                                                   GFile               *folder,
                                                   GError             **error);
gboolean         whence_case_store_count_origin   (WhenceCaseStore     *self,
                                                   const char          *origin_ip,
                                                   guint               *n_cases,
                                                   guint               *n_emails,
                                                   GDateTime          **first_seen,
                                                   GError             **error);
char            *whence_case_describe_repeat      (guint                n_emails,
                                                   GDateTime           *first_seen,
                                                   GDateTime           *now);
char            *whence_case_format_summary       (const WhenceCase    *self);

char            *whence_sha256_hex                (GBytes              *bytes);

G_END_DECLS
