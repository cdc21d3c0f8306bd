/* whence-attachment-risk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WHENCE_RISK_NONE,
  WHENCE_RISK_LOW,
  WHENCE_RISK_MEDIUM,
  WHENCE_RISK_HIGH,
} WhenceRisk;

/* What was found, for rules that combine attachments with other signs. */
typedef enum
{
  WHENCE_ATTACHMENT_PROGRAM          = 1 << 0,  /* a program or script, by name or content */
  WHENCE_ATTACHMENT_DISGUISED        = 1 << 1,  /* name, label and content disagree */
  WHENCE_ATTACHMENT_DOUBLE_EXTENSION = 1 << 2,
  WHENCE_ATTACHMENT_KLEZ_LABEL       = 1 << 3,  /* a program labelled audio/x-wav or audio/x-midi */
  WHENCE_ATTACHMENT_MACROS           = 1 << 4,
  WHENCE_ATTACHMENT_ARCHIVE          = 1 << 5,
  WHENCE_ATTACHMENT_ENCRYPTED        = 1 << 6,
  WHENCE_ATTACHMENT_PROGRAM_INSIDE   = 1 << 7,  /* an archive holding a program */
  WHENCE_ATTACHMENT_NESTED_ARCHIVE   = 1 << 8,
  WHENCE_ATTACHMENT_WEB_PAGE         = 1 << 9,
} WhenceAttachmentFlags;

/**
 * WhenceAttachment:
 *
 * One attachment and what its name, its declared type and its first bytes
 * say about it. Nothing here ever opened or ran it.
 */
typedef struct
{
  char                  *filename;      /* "" when it has none */
  char                  *content_type;  /* as declared, lower case */
  guint64                size;          /* bytes as stored in the message */
  WhenceRisk             risk;
  WhenceAttachmentFlags  flags;
  GPtrArray             *reasons;       /* (element-type utf8) plain sentences, translated */
  GPtrArray             *entries;       /* (nullable) (element-type utf8) names inside a zip */
  char                  *kind;          /* (nullable) what it really is: "a Windows program" */
  char                  *advice;        /* one or two sentences for the attachment card */
} WhenceAttachment;

/* Bytes to peek for magic numbers, and for a zip's whole directory. */
#define WHENCE_ATTACHMENT_PEEK     4096
#define WHENCE_ATTACHMENT_ZIP_PEEK (4 * 1024 * 1024)

WhenceAttachment *whence_attachment_assess  (const char       *filename,
                                             const char       *content_type,
                                             guint64           size,
                                             GBytes           *head);
WhenceAttachment *whence_attachment_copy    (const WhenceAttachment *attachment);
void              whence_attachment_free    (WhenceAttachment *attachment);
gboolean          whence_attachment_wants_zip_peek (const char   *filename,
                                                    const char   *content_type,
                                                    GBytes       *head);

const char       *whence_risk_to_string     (WhenceRisk        risk);
const char       *whence_extension_kind     (const char       *filename);
gboolean          whence_extension_is_program (const char     *filename);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceAttachment, whence_attachment_free)

G_END_DECLS
