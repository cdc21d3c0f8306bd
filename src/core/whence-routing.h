/* whence-routing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "whence-contacts.h"

G_BEGIN_DECLS

/* What happened to the person, as they answer "What happened?". */
typedef enum
{
  WHENCE_SITUATION_ONLY_EMAIL,           /* only got the email */
  WHENCE_SITUATION_LOST_MONEY_OR_DATA,   /* lost money or data */
  WHENCE_SITUATION_THREATENED,           /* threatened or targeted */
} WhenceSituation;

typedef enum
{
  WHENCE_STEP_STAY_SAFE,   /* what to do with the message now */
  WHENCE_STEP_WHERE,       /* country, US state, what happened */
  WHENCE_STEP_NETWORK,     /* the abuse desk of the network it came from */
  WHENCE_STEP_EXPERTS,     /* the national CSIRT */
  WHENCE_STEP_CRIME,       /* IC3 + FBI field office, or police / portal */
  WHENCE_STEP_DONE,        /* what was done, what to expect, reminder */
} WhenceStepKind;

/* Which paste-ready summary (whence-summary.h) a step offers. */
typedef enum
{
  WHENCE_STEP_SUMMARY_NONE,
  WHENCE_STEP_SUMMARY_ARF,      /* the ARF report for the abuse desk */
  WHENCE_STEP_SUMMARY_IC3,
  WHENCE_STEP_SUMMARY_POLICE,
} WhenceStepSummary;

/**
 * WhenceStep:
 *
 * One page of the report wizard. Texts are translated plain sentences;
 * agency names inside them stay official. @contacts are the places to
 * report to, main one first (the NETWORK step has none: its contacts come
 * from the lookup). @not_here are places people are often sent to that do
 * not take this report (CERT/CC, INTERPOL): show them with @not_here_reason
 * so nobody goes there by mistake. @warnings name known look-alike scam
 * sites and unconfirmed data.
 */
typedef struct
{
  WhenceStepKind     kind;
  char              *id;          /* "stay-safe", "where", "network", … */
  char              *title;
  char             **paragraphs;
  GPtrArray         *contacts;    /* WhenceAgency */
  char             **checklist;   /* "have this ready" items, or NULL */
  GPtrArray         *not_here;    /* WhenceAgency */
  char             **not_here_reasons; /* one per @not_here entry */
  char             **warnings;
  char              *follow_up;   /* what happens after a report was sent; it
                                   * applies only once one was, or NULL */
  WhenceStepSummary  summary;
} WhenceStep;

#define WHENCE_TYPE_STEP (whence_step_get_type ())

GType        whence_step_get_type          (void) G_GNUC_CONST;
WhenceStep  *whence_step_ref               (WhenceStep *step);
void         whence_step_unref             (WhenceStep *step);

GPtrArray   *whence_route_steps            (const char      *country,
                                            const char      *us_state,
                                            WhenceSituation  situation,
                                            gboolean         repeated);
gboolean     whence_route_wants_crime_step (WhenceSituation  situation,
                                            gboolean         repeated);

char        *whence_country_from_locale    (const char      *locale);
char        *whence_country_guess          (void);

const char  *whence_step_kind_to_string    (WhenceStepKind   kind);
const char  *whence_situation_to_string    (WhenceSituation  situation);
gboolean     whence_situation_from_string  (const char      *text,
                                            WhenceSituation *situation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceStep, whence_step_unref)

G_END_DECLS
