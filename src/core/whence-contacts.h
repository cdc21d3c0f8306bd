/* whence-contacts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * WhenceAgency:
 *
 * One place a person can report to, as the bundled contact data lists it.
 * Names stay official and untranslated. Fields that the data does not have
 * are %NULL. @confirmed is %FALSE when no official source backed the entry:
 * such entries must never be shown as confirmed ("Checked on …; confirm on
 * the official site" is the wording for all of them).
 */
typedef struct
{
  char      *id;
  char      *name;
  char      *url;          /* always https:// when set */
  char      *phone;
  char      *email;
  char      *address;      /* postal address, lines separated by "\n" */
  char      *note;         /* English notes from the data, for "details" */
  char      *source;       /* where the facts come from */
  char      *checked_on;   /* "YYYY-MM-DD" */
  gboolean   confirmed;
  char     **states;       /* FBI field offices: USPS codes covered */
  char     **unconfirmed_states;
  char      *coverage;     /* FBI field offices: the FBI's own summary */
} WhenceAgency;

/**
 * WhenceLookalike:
 *
 * A known scam site that imitates an agency. Warn about it; never link it.
 */
typedef struct
{
  char *domain;
  char *imitates;          /* id of the contact it imitates */
  char *note;
  char *source;
  char *checked_on;
} WhenceLookalike;

#define WHENCE_TYPE_AGENCY (whence_agency_get_type ())

GType           whence_agency_get_type           (void) G_GNUC_CONST;
WhenceAgency  *whence_agency_ref                (WhenceAgency *contact);
void            whence_agency_unref              (WhenceAgency *contact);
gboolean        whence_agency_covers_state       (const WhenceAgency *contact,
                                                   const char          *state,
                                                   gboolean            *confirmed);

gboolean        whence_contacts_ensure_loaded     (GError       **error);
WhenceAgency  *whence_contacts_get_agency        (const char    *id);
GPtrArray      *whence_contacts_get_field_offices (void);
GPtrArray      *whence_contacts_find_field_offices (const char   *us_state);
WhenceAgency  *whence_contacts_get_fbi_headquarters (void);
const char     *whence_contacts_get_field_offices_page (void);
WhenceAgency  *whence_contacts_get_csirt         (const char    *country);
GPtrArray      *whence_contacts_get_reporting     (const char    *country);
gboolean        whence_contacts_get_reporting_confirmed (const char *country);
const char     *whence_contacts_get_reporting_note (const char   *country);
const char     *whence_contacts_get_country_name  (const char    *country);
gboolean        whence_contacts_is_eu_member      (const char    *country);
GStrv           whence_contacts_dup_country_codes (void);
WhenceAgency  *whence_contacts_get_interpol      (void);
WhenceAgency  *whence_contacts_get_europol_list  (void);
GPtrArray      *whence_contacts_get_lookalikes    (void);

const char * const *whence_us_states_and_territories (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceAgency, whence_agency_unref)

G_END_DECLS
