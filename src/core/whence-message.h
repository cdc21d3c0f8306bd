/* whence-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Beyond this, a file is not an email a person received. */
#define WHENCE_MESSAGE_MAX_FILE_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)

/* Limits on what is read of one message. Real mail stays far below each of
 * them; beyond them a message is hostile or broken, and Whence reads what it
 * can, skips the rest and says so (whence_message_get_limit_notes()). */
#define WHENCE_MESSAGE_MAX_HEADER_BLOCK (4 * 1024 * 1024) /* bytes of headers read */
#define WHENCE_MESSAGE_MAX_HEADER_LINE  (64 * 1024)       /* bytes kept of one header */
#define WHENCE_MESSAGE_MAX_RECEIVED     1000              /* Received lines traced */
#define WHENCE_MESSAGE_MAX_MIME_DEPTH   32                /* nesting of parts listed */
#define WHENCE_MESSAGE_MAX_PARTS        1000              /* parts listed */

/**
 * WhenceLimitNote:
 *
 * One limit a message ran into: what was skipped, in a plain sentence for a
 * person, and a stable code for scripts ("header-block", "header-line",
 * "received", "mime-depth", "parts").
 */
typedef struct
{
  const char *code;
  char       *message;
} WhenceLimitNote;

/**
 * WhenceMimePart:
 *
 * One leaf of a message's MIME skeleton. Only what the headers say and how
 * many bytes the part occupies in the message: the content is never decoded to
 * disk, and never handed to anything that could run or render it.
 */
typedef struct
{
  char     *content_type;   /* "type/subtype", lower case */
  char     *filename;       /* decoded, as the sender wrote it; NULL if none */
  char     *disposition;    /* "attachment", "inline" or NULL */
  char     *encoding;       /* "base64", "quoted-printable", … or NULL */
  char     *path;           /* position in the tree, e.g. "1.2" */
  guint     depth;          /* 1 for a top-level part */
  guint64   encoded_size;   /* bytes as stored in the message */
  gboolean  is_attachment;  /* has a file name or attachment disposition */
} WhenceMimePart;

#define WHENCE_TYPE_MESSAGE (whence_message_get_type ())

G_DECLARE_FINAL_TYPE (WhenceMessage, whence_message, WHENCE, MESSAGE, GObject)

void            whence_core_init                  (void);

GPtrArray      *whence_message_load_file          (GFile         *file,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
GPtrArray      *whence_message_load_path          (const char    *path,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
GPtrArray      *whence_message_load_stream        (GInputStream  *stream,
                                                   const char    *source_name,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
GPtrArray      *whence_message_load_bytes         (GBytes        *bytes,
                                                   const char    *source_name,
                                                   GError       **error);
WhenceMessage  *whence_message_new_from_headers   (const char    *text,
                                                   GError       **error);

const char     *whence_message_get_source_name    (WhenceMessage *self);
guint           whence_message_get_source_index   (WhenceMessage *self);
const char     *whence_message_get_subject        (WhenceMessage *self);
const char     *whence_message_get_from           (WhenceMessage *self);
const char     *whence_message_get_from_address   (WhenceMessage *self);
GDateTime      *whence_message_get_date           (WhenceMessage *self);
const char     *whence_message_get_message_id     (WhenceMessage *self);
const char     *whence_message_get_header         (WhenceMessage *self,
                                                   const char    *name);
GPtrArray      *whence_message_dup_headers        (WhenceMessage *self,
                                                   const char    *name);
GPtrArray      *whence_message_get_received       (WhenceMessage *self);
char           *whence_message_dup_raw_headers    (WhenceMessage *self);
const char     *whence_message_get_raw_headers    (WhenceMessage *self);
gboolean        whence_message_is_headers_only    (WhenceMessage *self);

GPtrArray      *whence_message_get_limit_notes    (WhenceMessage *self);
guint           whence_message_get_n_received_total (WhenceMessage *self);

GPtrArray      *whence_message_get_parts          (WhenceMessage *self);
GBytes         *whence_message_peek_part          (WhenceMessage        *self,
                                                   const WhenceMimePart *part,
                                                   gsize                 max_bytes,
                                                   GError              **error);
GBytes         *whence_message_dup_original       (WhenceMessage *self,
                                                   GError       **error);

typedef gboolean (*WhenceMessageFunc) (WhenceMessage *message,
                                       gpointer       user_data);

gboolean        whence_message_foreach_in_path    (const char         *path,
                                                   WhenceMessageFunc   func,
                                                   gpointer            user_data,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

char           *whence_unfold_header              (const char    *value);
char           *whence_clean_text                 (const char    *text,
                                                   gsize          max_bytes);

G_END_DECLS
