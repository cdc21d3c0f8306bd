/* whence-wizard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "whence-case.h"
#include "whence-lookup.h"
#include "whence-message.h"
#include "whence-routing.h"
#include "whence-trace.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_WIZARD (whence_wizard_get_type ())

G_DECLARE_FINAL_TYPE (WhenceWizard, whence_wizard, WHENCE, WIZARD, AdwWindow)

/**
 * WhenceWizardLaunchFunc:
 * @what: "link" (a web page or phone link) or "email" (the email app)
 * @uri: the address opened, or the mailto: address for "email"
 *
 * Replaces what the wizard does when the person presses a button that
 * opens something outside Whence. Tests use it to prove nothing is opened
 * or sent without a button press.
 *
 * Returns: %TRUE when handled
 */
typedef gboolean (*WhenceWizardLaunchFunc) (WhenceWizard *wizard,
                                            const char   *what,
                                            const char   *uri,
                                            gpointer      user_data);

WhenceWizard       *whence_wizard_new                (GtkWindow        *parent,
                                                      WhenceMessage    *message,
                                                      WhenceTrace      *trace,
                                                      WhenceCaseStore  *store);

gint64              whence_wizard_get_case_id        (WhenceWizard     *self);
const char         *whence_wizard_get_repeat_text    (WhenceWizard     *self);

/* Navigation, as the Back and Next buttons do it. */
gboolean            whence_wizard_go_next            (WhenceWizard     *self);
gboolean            whence_wizard_go_back            (WhenceWizard     *self);
guint               whence_wizard_get_n_steps        (WhenceWizard     *self);
guint               whence_wizard_get_position       (WhenceWizard     *self);
WhenceStep         *whence_wizard_get_step           (WhenceWizard     *self,
                                                      guint             position);
const char         *whence_wizard_get_subtitle       (WhenceWizard     *self);
GtkWidget          *whence_wizard_get_page           (WhenceWizard     *self,
                                                      const char       *step_id);

/* The answers of "Where are you?", as the rows there set them. */
void                whence_wizard_set_answers        (WhenceWizard     *self,
                                                      const char       *country,
                                                      const char       *us_state,
                                                      WhenceSituation   situation);
const char         *whence_wizard_get_country        (WhenceWizard     *self);

/* The network step. */
void                whence_wizard_set_lookup         (WhenceWizard     *self,
                                                      WhenceLookup     *lookup);
void                whence_wizard_set_lookup_result  (WhenceWizard     *self,
                                                      WhenceLookupResult *result);
const char         *whence_wizard_get_abuse_address  (WhenceWizard     *self);
GBytes             *whence_wizard_get_arf            (WhenceWizard     *self);
const char         *whence_wizard_get_summary        (WhenceWizard     *self);

void                whence_wizard_set_launch_func    (WhenceWizard     *self,
                                                      WhenceWizardLaunchFunc func,
                                                      gpointer          user_data);

G_END_DECLS
