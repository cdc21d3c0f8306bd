/* whence-cases-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "whence-case.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_CASES_VIEW (whence_cases_view_get_type ())

G_DECLARE_FINAL_TYPE (WhenceCasesView, whence_cases_view, WHENCE, CASES_VIEW, AdwWindow)

WhenceCasesView *whence_cases_view_new             (GtkWindow       *parent,
                                                    WhenceCaseStore *store);
void             whence_cases_view_reload          (WhenceCasesView *self);
guint            whence_cases_view_get_n_cases     (WhenceCasesView *self);
guint            whence_cases_view_get_n_reminders (WhenceCasesView *self);
GtkWidget       *whence_cases_view_get_case_row    (WhenceCasesView *self,
                                                    gint64           case_id);
gboolean         whence_cases_view_reopen_case     (WhenceCasesView *self,
                                                    gint64           case_id,
                                                    GError         **error);
gboolean         whence_cases_view_export_case     (WhenceCasesView *self,
                                                    gint64           case_id,
                                                    GFile           *folder,
                                                    GError         **error);
gboolean         whence_cases_view_delete_case     (WhenceCasesView *self,
                                                    gint64           case_id,
                                                    GError         **error);
gboolean         whence_cases_view_note_answer     (WhenceCasesView *self,
                                                    gint64           report_id,
                                                    GError         **error);
AdwMessageDialog *whence_cases_view_confirm_delete (WhenceCasesView *self,
                                                    gint64           case_id);

WhenceCaseStore *whence_case_store_open_default    (GError         **error);

G_END_DECLS
