/* whence-phishing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WHENCE_LURE_NONE       = 0,
  WHENCE_LURE_CREDENTIAL = 1 << 0,  /* "verify your account", "password expires" … */
  WHENCE_LURE_MONEY      = 1 << 1,  /* "unclaimed fund", "next of kin", "airdrop" … */
} WhenceLure;

/**
 * WhenceLinkSigns:
 *
 * What the links of an HTML part show, read as text only: nothing is
 * fetched, nothing rendered.
 */
typedef struct
{
  char     *shown;      /* (nullable) the domain a link's text shows … */
  char     *actual;     /* (nullable) … and the different one it leads to */
  gboolean  to_number;  /* a link leads to a bare IP address */
  char     *number;     /* (nullable) that address */
} WhenceLinkSigns;

/**
 * WhencePhraseList:
 * @phrases: phrases to look for, as the text is written (case matters)
 * @n: how many
 */
typedef struct
{
  const char * const *phrases;
  gsize               n;
} WhencePhraseList;

/* Many phrase lists looked for in one pass over a text. */
typedef struct _WhencePhraseSet WhencePhraseSet;

WhencePhraseSet        *whence_phrase_set_new  (const WhencePhraseList *lists,
                                                guint                   n_lists);
guint                   whence_phrase_set_scan (const WhencePhraseSet  *set,
                                                const char             *text);
void                    whence_phrase_set_free (WhencePhraseSet        *set);
const WhencePhraseList *whence_lure_phrase_lists (void);

const char *whence_brand_named_by        (const char      *display_name,
                                          const char      *from_domain);
const char *whence_domain_brand          (const char      *domain);
const char *whence_domain_imitates       (const char      *domain);
gboolean    whence_is_freemail           (const char      *domain);
WhenceLure  whence_text_lure             (const char      *lower_text);
gboolean    whence_text_contains_any     (const char         *haystack,
                                          const char * const *needles,
                                          gsize               n);
gboolean    whence_text_hides_characters (const char      *utf8);
char       *whence_text_mixed_script_word (const char     *utf8);
char       *whence_display_name          (const char      *from);

void        whence_link_signs_scan       (WhenceLinkSigns *signs,
                                          const char      *lower_html,
                                          gsize            len);
void        whence_link_signs_clear      (WhenceLinkSigns *signs);

G_END_DECLS
