/* whence-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "whence-attachment-risk.h"
#include "whence-message.h"
#include "whence-trace.h"

G_BEGIN_DECLS

typedef enum
{
  WHENCE_SPOOFED_UNKNOWN,
  WHENCE_SPOOFED_UNLIKELY,
  WHENCE_SPOOFED_POSSIBLE,
  WHENCE_SPOOFED_LIKELY,
} WhenceSpoofed;

typedef enum
{
  WHENCE_VERDICT_UNKNOWN,           /* too little to go on */
  WHENCE_VERDICT_PROBABLY_FINE,     /* nothing wrong found */
  WHENCE_VERDICT_SUSPICIOUS,        /* something is off; be careful */
  WHENCE_VERDICT_PHISHING_OR_SPOOF, /* the sender is faked */
  WHENCE_VERDICT_WORM,              /* sent by malware from an infected computer */
} WhenceVerdictKind;

typedef enum
{
  WHENCE_AUTH_SPF,
  WHENCE_AUTH_DKIM,
  WHENCE_AUTH_DMARC,
  WHENCE_AUTH_ARC,
  WHENCE_AUTH_N_METHODS,
} WhenceAuthMethod;

/**
 * WhenceAuthCheck:
 *
 * One sign-in check as the recipient's own side recorded it.
 */
typedef struct
{
  const char *method;    /* "spf", "dkim", "dmarc", "arc" */
  char       *result;    /* "pass", "fail", "softfail", "none" …; "" when not recorded */
  char       *domain;    /* the domain checked, or "" */
  char       *sentence;  /* (nullable) plain words, translated; NULL when not worth saying */
} WhenceAuthCheck;

#define WHENCE_TYPE_ANALYSIS (whence_analysis_get_type ())

G_DECLARE_FINAL_TYPE (WhenceAnalysis, whence_analysis, WHENCE, ANALYSIS, GObject)

WhenceAnalysis        *whence_analysis_new                  (WhenceMessage    *message,
                                                             WhenceTrace      *trace);
WhenceAnalysis        *whence_analysis_new_for_contract     (WhenceMessage    *message,
                                                             WhenceTrace      *trace);

/* The sender */
const char            *whence_analysis_get_sender_address   (WhenceAnalysis   *self);
const char            *whence_analysis_get_sender_domain    (WhenceAnalysis   *self);
WhenceSpoofed          whence_analysis_get_spoofed          (WhenceAnalysis   *self);
GPtrArray             *whence_analysis_get_spoof_reasons    (WhenceAnalysis   *self);

/* Sign-in checks */
const WhenceAuthCheck *whence_analysis_get_auth             (WhenceAnalysis   *self,
                                                             WhenceAuthMethod  method);
const char            *whence_analysis_get_auth_source      (WhenceAnalysis   *self);

/* Attachments */
GPtrArray             *whence_analysis_get_attachments      (WhenceAnalysis   *self);
WhenceRisk             whence_analysis_get_highest_risk     (WhenceAnalysis   *self);

/* The origin's connection and worm signs */
gboolean               whence_analysis_is_from_home_connection (WhenceAnalysis *self);
gboolean               whence_analysis_is_worm_like         (WhenceAnalysis   *self);
GPtrArray             *whence_analysis_get_worm_reasons     (WhenceAnalysis   *self);

/* Scam signs */
GPtrArray             *whence_analysis_get_phishing_reasons (WhenceAnalysis   *self);

/* Plain words for the result page */
WhenceVerdictKind      whence_analysis_get_verdict          (WhenceAnalysis   *self,
                                                             const char      **headline,
                                                             const char      **paragraph);
const char            *whence_analysis_get_sender_summary   (WhenceAnalysis   *self);
const char            *whence_analysis_get_attachment_summary (WhenceAnalysis *self);
const char            *whence_analysis_get_auth_summary     (WhenceAnalysis   *self);

const char            *whence_spoofed_to_string             (WhenceSpoofed     spoofed);

WhenceAttachment      *whence_analysis_assess_attachment    (WhenceMessage        *message,
                                                             const WhenceMimePart *part);
const char            *whence_verdict_kind_to_string        (WhenceVerdictKind kind);

G_END_DECLS
