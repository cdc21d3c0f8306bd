/* whence-arf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "whence-lookup.h"
#include "whence-message.h"
#include "whence-trace.h"

G_BEGIN_DECLS

/**
 * WhenceReportFacts:
 *
 * What a report says about one email. Filled from the trace by
 * whence_report_facts_new_from_trace(), or by hand (tests, the wizard after
 * the person corrected something). Strings may be %NULL when unknown. Values
 * that came from the email are cleaned when the report is written, so a
 * line break in them can never start a new header line.
 */
typedef struct
{
  char       *source_ip;           /* the origin's IP address */
  char       *source_rdns;         /* its host name, if it had one */
  GDateTime  *arrival_date;        /* when the recipient's side took it in */
  char       *original_mail_from;  /* envelope sender (Return-Path) */
  char      **original_rcpt_to;    /* envelope recipients, if logged */
  char       *reported_domain;     /* registrable domain of the origin's host name */
  char       *subject;
  char       *from;                /* the From header, as written (likely forged) */
  char       *reason;              /* why this is the origin, plain words */
  gboolean    worm_like;           /* carries a program: Feedback-Type virus */
  guint       incidents;           /* how many such emails; 0 or 1 = one */
} WhenceReportFacts;

WhenceReportFacts *whence_report_facts_new            (void);
WhenceReportFacts *whence_report_facts_new_from_trace (WhenceMessage     *message,
                                                       WhenceTrace       *trace);
void               whence_report_facts_free           (WhenceReportFacts *facts);

GBytes            *whence_arf_build                   (WhenceMessage           *message,
                                                       const WhenceReportFacts *facts,
                                                       const char              *abuse_address,
                                                       const char              *reporter_address,
                                                       GError                 **error);

GBytes            *whence_arf_build_for_message       (WhenceMessage           *message,
                                                       const char              *trusted_networks,
                                                       WhenceLookup            *lookup,
                                                       GError                 **error);

char              *whence_arf_sanitize_value          (const char              *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceReportFacts, whence_report_facts_free)

G_END_DECLS
